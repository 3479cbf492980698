// Builds safetensors bytes by hand for tests, independently of writeSafetensors.

/** `header` as given (a string is used verbatim), then `data`. */
export function buildFile(header: string | object, data: Uint8Array = new Uint8Array(0), declaredLength?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, declaredLength ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** Little-endian bytes of `values` written with `write(view, offset, value)`. */
export function bytesOf(values: ReadonlyArray<number | bigint>, size: number, write: (view: DataView, at: number, v: number | bigint) => void): Uint8Array {
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => write(view, i * size, v));
  return out;
}

export const f32 = (values: number[]): Uint8Array => bytesOf(values, 4, (d, at, v) => d.setFloat32(at, Number(v), true));
