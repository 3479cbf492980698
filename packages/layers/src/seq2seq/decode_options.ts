// Options of the decoding methods and their checks.
import { InputError, checkInteger, checkKnownOptions, describeValue } from '@rnnkit/core';

/** Options of greedy decoding. */
export interface DecodeOptions {
  /** The most tokens to emit per sample, end token excluded. */
  maxLength: number;
}

/** Options of beam search: those of greedy decoding and the beam's width. */
export interface BeamSearchOptions extends DecodeOptions {
  /** Hypotheses kept per sample. @default 4 */
  beamWidth?: number;
}

/** Checks decoding options; returns maxLength and the beam width (1 when not a beam search). */
export function checkDecodeOptions(method: string, options: unknown, beam: boolean): { maxLength: number; width: number } {
  if (typeof options !== 'object' || options === null) {
    throw new InputError(method, 'options', `options must be an object with maxLength, got ${describeValue(options)}`);
  }
  checkKnownOptions(method, 'options', options, beam ? ['maxLength', 'beamWidth'] : ['maxLength']);
  const given = options as Partial<BeamSearchOptions>;
  const maxLength = checkInteger(method, 'maxLength', given.maxLength, 1);
  const width = beam ? checkInteger(method, 'beamWidth', given.beamWidth ?? 4, 1) : 1;
  return { maxLength, width };
}
