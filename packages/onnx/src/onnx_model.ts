// A model exported by exportOnnx, running on ONNX Runtime with the input and output conventions
// of the project's modules.
import * as tf from '@tensorflow/tfjs-core';
import type { LengthsInput } from '@rnnkit/core';
import { InputError, checkKnownOptions, checkLengths, checkTensor, describeValue } from '@rnnkit/core';
import { MODEL_PROTO, ONNX_METADATA_VOCABULARY } from './onnx_schema.js';
import type { OrtModule, OrtSession, OrtTensor } from './ort_module.js';

/** Options of {@link OnnxModel.forward}, as those of a module's `forward`. */
export interface OnnxForwardOptions {
  /** Per-sample lengths, packed-sequence semantics. @default every sample has T steps */
  lengths?: LengthsInput;
  /** `h` (and `c`), each (numLayers * directions, N, H). @default zeros */
  initialState?: Readonly<Record<string, tf.Tensor3D>>;
}

/** What {@link OnnxModel.forward} returns: tensors the caller owns and disposes. */
export interface OnnxForwardResult {
  output: tf.Tensor;
  /** `h` (and `c`) from the graph's `h_n` / `c_n`; empty without a recurrent stage. */
  state: Record<string, tf.Tensor3D>;
}

interface GraphInput {
  readonly name: string;
  readonly elemType: number;
  readonly dims: ReadonlyArray<number | string>;
}

interface DecodedModel {
  graph?: { input?: Array<{ name?: string; type?: { tensorType?: { elemType?: number; shape?: { dim?: Array<{ dimValue?: number; dimParam?: string }> } } } }> };
  metadataProps?: Array<{ key?: string; value?: string }>;
}

// ONNX Runtime modules that read a run's input arrays in place and never take them over:
// onnxruntime-node's. onnxruntime-web's proxy worker transfers them (detaching the caller's
// buffers), so an unknown module gets copies.
const KEEPS_INPUTS = new WeakSet<object>();

/**
 * Marks `ort` as a runtime that never transfers or detaches a run's input arrays, so models
 * opened on it hand tensor data over uncopied (internal: `loadOnnxModelNode`).
 */
export function markKeepsInputs(ort: OrtModule): void {
  KEEPS_INPUTS.add(ort);
}

const STATE_INPUTS: Readonly<Record<string, string>> = { h: 'h0', c: 'c0' };
const STATE_OUTPUTS: Readonly<Record<string, string>> = { h: 'h_n', c: 'c_n' };

function readSignature(fn: string, bytes: Uint8Array): { inputs: Map<string, GraphInput>; vocabulary?: number } {
  let decoded: DecodedModel;
  try {
    decoded = MODEL_PROTO.toObject(MODEL_PROTO.decode(bytes), { longs: Number }) as DecodedModel;
  } catch (e) {
    throw new InputError(fn, 'model', `model is not an ONNX model (${e instanceof Error ? e.message : String(e)})`);
  }
  const inputs = new Map<string, GraphInput>();
  for (const info of decoded.graph?.input ?? []) {
    const dims = (info.type?.tensorType?.shape?.dim ?? []).map((d) => d.dimParam ?? d.dimValue ?? '?');
    inputs.set(info.name ?? '', { name: info.name ?? '', elemType: info.type?.tensorType?.elemType ?? 0, dims });
  }
  const main = inputs.get('tokens') ?? inputs.get('x');
  if (main === undefined || !main.dims.includes('T') || !main.dims.includes('N')) {
    throw new InputError(fn, 'model', `model must be exported by exportOnnx (an input "x" or "tokens" with axes T and N), got inputs ${[...inputs.keys()].join(', ') || 'none'}`);
  }
  const vocabulary = decoded.metadataProps?.find((p) => p.key === ONNX_METADATA_VOCABULARY)?.value;
  return vocabulary === undefined ? { inputs } : { inputs, vocabulary: Number(vocabulary) };
}

/**
 * An exported model in an ONNX Runtime session. Create it with `loadOnnxModelNode` (from
 * `@rnnkit/onnx/node`) or `loadOnnxModelWeb` (from `@rnnkit/onnx/web`), or with
 * {@link OnnxModel.create} and an ONNX Runtime module of your own.
 *
 * @example
 * const model = await loadOnnxModelNode(exportOnnx([{ kind: 'recurrent', module: myLstm }]), { threads: 2 });
 * const { output, state } = await model.forward(x, { lengths: [7, 5, 2] }); // as myLstm.forward
 */
export class OnnxModel {
  private readonly ort: OrtModule;
  private readonly session: OrtSession;
  private readonly inputs: Map<string, GraphInput>;
  private readonly vocabulary: number | undefined;
  /** Whether inputs go to the session as copies (see KEEPS_INPUTS). */
  private readonly copyInputs: boolean;
  private released = false;

  private constructor(ort: OrtModule, session: OrtSession, signature: { inputs: Map<string, GraphInput>; vocabulary?: number }) {
    this.ort = ort;
    this.copyInputs = !KEEPS_INPUTS.has(ort);
    this.session = session;
    this.inputs = signature.inputs;
    this.vocabulary = signature.vocabulary;
  }

  /**
   * Opens `model` (the bytes exportOnnx returned) in a session of `ort` with `sessionOptions`
   * (ONNX Runtime's `InferenceSession.SessionOptions`).
   */
  static async create(ort: OrtModule, model: Uint8Array, sessionOptions: Record<string, unknown> = {}): Promise<OnnxModel> {
    const fn = 'OnnxModel.create';
    if (typeof ort !== 'object' || ort === null || typeof ort.InferenceSession?.create !== 'function' || typeof ort.Tensor !== 'function') {
      throw new InputError(fn, 'ort', `ort must be the onnxruntime-node or onnxruntime-web module, got ${describeValue(ort)}`);
    }
    if (!(model instanceof Uint8Array)) throw new InputError(fn, 'model', `model must be a Uint8Array (an .onnx file's bytes), got ${describeValue(model)}`);
    if (typeof sessionOptions !== 'object' || sessionOptions === null) {
      throw new InputError(fn, 'sessionOptions', `sessionOptions must be an object, got ${describeValue(sessionOptions)}`);
    }
    const signature = readSignature(fn, model);
    const session = await ort.InferenceSession.create(model, sessionOptions);
    return new OnnxModel(ort, session, signature);
  }

  /** Whether the model takes token ids (an embedding first) rather than features. */
  get takesTokens(): boolean {
    return this.inputs.has('tokens');
  }

  /**
   * Runs the model on `x`: int32 token ids (T, N) or (N, T) when it starts with an embedding,
   * else float32 features (T, N, F) or (N, T, F), in the layout it was exported with. Lengths and
   * initial state as the module's `forward`; a model exported without them refuses them.
   */
  async forward(x: tf.Tensor, options: OnnxForwardOptions = {}): Promise<OnnxForwardResult> {
    const fn = 'OnnxModel.forward';
    if (this.released) throw new InputError(fn, 'this', 'the model was released');
    checkKnownOptions(fn, 'options', options, ['lengths', 'initialState']);
    const mainName = this.takesTokens ? 'tokens' : 'x';
    const main = this.inputs.get(mainName) as GraphInput;
    const axes = `(${main.dims.map((d) => (typeof d === 'number' ? 'F' : d)).join(', ')})`;
    const expectedShape = main.dims.map((d) => (typeof d === 'number' ? d : null));
    const input = checkTensor(fn, 'x', x, { shape: expectedShape, axes, dtype: this.takesTokens ? 'int32' : 'float32' });
    const steps = input.shape[main.dims.indexOf('T')] ?? 0;
    const batch = input.shape[main.dims.indexOf('N')] ?? 0;
    if (steps < 1 || batch < 1) throw new InputError(fn, 'x', `x must have at least one step and one sample ${axes}, got shape [${input.shape.join(', ')}]`);
    const values = await input.data();
    if (this.vocabulary !== undefined) {
      const vocabulary = this.vocabulary;
      const bad = (values as Int32Array).findIndex((v) => v < 0 || v >= vocabulary);
      if (bad >= 0) throw new InputError(fn, 'x', `x must hold token ids in [0, ${vocabulary - 1}], got ${values[bad]} at flat index ${bad}`);
    }
    // On the cpu backend `data()` is the tensor's own array, which onnxruntime-web's proxy
    // worker would take (transfer) from it: there inputs go in as copies, made by the typed-array
    // constructor (one block; `from` and `slice` walk the elements, ten times slower). On a
    // runtime that keeps them (onnxruntime-node) they go in as they are: every array a run
    // allocates is garbage, and the full collections it brings on cost a small model's run more
    // than the copy itself.
    const floats = (v: Float32Array): Float32Array => (this.copyInputs ? new Float32Array(v) : v);
    const ints = (v: Int32Array): Int32Array => (this.copyInputs ? new Int32Array(v) : v);
    const feeds: Record<string, OrtTensor> = {
      [mainName]: this.takesTokens
        ? new this.ort.Tensor('int32', ints(values as Int32Array), input.shape)
        : new this.ort.Tensor('float32', floats(values as Float32Array), input.shape),
    };
    if (options.lengths !== undefined && !this.inputs.has('lengths')) {
      throw new InputError(fn, 'lengths', 'lengths were given, but the model was exported without a lengths input (exportOnnx option lengths: false)');
    }
    if (this.inputs.has('lengths')) {
      const lengths = options.lengths === undefined ? new Int32Array(batch).fill(steps) : checkLengths(fn, options.lengths, batch, steps);
      // ONNX Runtime's recurrent operators refuse a sequence of length 0.
      const empty = lengths.findIndex((len) => len === 0);
      if (empty >= 0) throw new InputError(fn, `lengths[${empty}]`, `lengths[${empty}] must be at least 1 on ONNX Runtime, got 0`);
      feeds['lengths'] = new this.ort.Tensor('int32', lengths, [batch]);
    }
    const initial = options.initialState ?? {};
    const stateNames = Object.keys(STATE_INPUTS).filter((k) => this.inputs.has(STATE_INPUTS[k] ?? ''));
    if (typeof initial !== 'object' || initial === null) throw new InputError(fn, 'initialState', `initialState must be an object of tensors, got ${describeValue(initial)}`);
    if (Object.keys(initial).length > 0 && stateNames.length === 0) {
      throw new InputError(fn, 'initialState', 'initialState was given, but the model was exported without state inputs (exportOnnx option initialState: false)');
    }
    checkKnownOptions(fn, 'initialState', initial, stateNames);
    for (const name of stateNames) {
      const graphInput = this.inputs.get(STATE_INPUTS[name] ?? '') as GraphInput;
      const [slots = 0, , size = 0] = graphInput.dims.map((d) => (typeof d === 'number' ? d : 0));
      const given = initial[name];
      if (given === undefined) {
        feeds[graphInput.name] = new this.ort.Tensor('float32', new Float32Array(slots * batch * size), [slots, batch, size]);
        continue;
      }
      checkTensor(fn, `initialState.${name}`, given, { shape: [slots, batch, size], axes: '(slots, N, size)' });
      feeds[graphInput.name] = new this.ort.Tensor('float32', floats((await given.data()) as Float32Array), [slots, batch, size]);
    }
    const results = await this.session.run(feeds);
    // A session's outputs are fresh arrays (copied out of the runtime, or transferred from its
    // worker) that the session no longer touches: they become the tensors' data uncopied.
    const toTensor = (t: OrtTensor): tf.Tensor => tf.tensor(t.data as Float32Array, [...t.dims]);
    const output = results['output'];
    if (output === undefined) throw new Error(`${fn}: the session returned no "output"`);
    const state: Record<string, tf.Tensor3D> = {};
    for (const [name, outputName] of Object.entries(STATE_OUTPUTS)) {
      const value = results[outputName];
      if (value !== undefined) state[name] = toTensor(value) as tf.Tensor3D;
    }
    return { output: toTensor(output), state };
  }

  /** Releases the session. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}
