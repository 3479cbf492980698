// ONNX Runtime (onnxruntime-node) reproduces our modules' outputs for every exportable
// configuration, and a file exported from the PyTorch fixtures' weights matches the float64
// PyTorch references, within the forward tolerances. ONNX Runtime runs in a child process: its
// native binding rejects typed arrays made inside jest's sandbox.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import * as path from 'node:path';

interface Line { case: string; tensor?: string; worst_ratio?: number; shape?: number[]; expected_shape?: number[]; refused?: string; error?: string }

const MODULE_CASES = [
  'lstm', 'lstm 2 threads', 'lstm 2-layer bidirectional batch-first, lengths', 'lstm no bias, lengths',
  'lstm exported without lengths and state', 'gru', 'gru 3-layer bidirectional, lengths', 'gru no bias batch-first',
  'gru reset before, one bias', 'gru reset before, no bias', 'rnn tanh', 'rnn relu 2-layer bidirectional, lengths',
  'rnn relu no bias batch-first', 'lstm arrays kept after later runs and release', 'embedding -> bilstm2 -> lastStep -> linear (batch-first)',
  'embedding -> bilstm2 -> lastStep -> linear (time-major)', 'embedding -> gru -> linear (no bias)',
];
const FIXTURE_CASES = [
  'torch-rnn/gru_1layer', 'torch-rnn/gru_3layer_bi', 'torch-rnn/gru_packed_bi', 'torch-rnn/lstm_1layer',
  'torch-rnn/lstm_2layer_bi_batchfirst', 'torch-rnn/lstm_nobias_zero_state', 'torch-rnn/lstm_packed_2layer_bi',
  'torch-rnn/rnn_relu_2layer_bi', 'torch-rnn/rnn_tanh_1layer', 'interop/text_classifier_lstm',
];

describe('exportOnnx on ONNX Runtime', () => {
  let lines: Line[] = [];
  beforeAll(async () => {
    const script = path.join(__dirname, 'ort_equivalence_check.ts');
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', script], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${error.message}\n${stdout}\n${stderr}`));
        else resolve(stdout);
      });
    });
    lines = out.trim().split('\n').map((l) => JSON.parse(l) as Line);
  }, 90_000);

  it.each([...MODULE_CASES, ...FIXTURE_CASES].map((c) => [c]))('%s: every output within the forward tolerance', (name) => {
    const mine = lines.filter((l) => l.case === name);
    expect(mine.length).toBeGreaterThan(0);
    for (const line of mine) {
      expect(line.error).toBeUndefined();
      expect(line.shape).toEqual(line.expected_shape);
      expect(line.worst_ratio).toBeLessThanOrEqual(1);
    }
  });

  it('compares output and final state of every recurrent case (c as well for an LSTM)', () => {
    const tensors = (name: string): Array<string | undefined> => lines.filter((l) => l.case === name).map((l) => l.tensor);
    expect(tensors('lstm 2-layer bidirectional batch-first, lengths')).toEqual(['output', 'state.h', 'state.c']);
    expect(tensors('torch-rnn/gru_packed_bi')).toEqual(['output', 'h_n']);
    expect(tensors('lstm arrays kept after later runs and release')).toEqual(['input', 'output', 'state.h']);
    expect(tensors('interop/text_classifier_lstm')).toEqual(['logits', 'lstm_output']);
  });

  it('refuses the projected LSTM fixture, naming projSize', () => {
    const line = lines.find((l) => l.case === 'torch-rnn/lstm_proj_2layer_bi');
    expect(line?.refused).toMatch(/exportOnnx: stages\[0\]\.module is an lstm with projSize/);
  });

  it('ran every case it was given and nothing else', () => {
    const names = new Set(lines.map((l) => l.case));
    expect([...names].sort()).toEqual([...MODULE_CASES, ...FIXTURE_CASES, 'torch-rnn/lstm_proj_2layer_bi'].sort());
  });
});
