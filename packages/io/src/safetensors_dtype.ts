// The safetensors element types this toolkit reads, their sizes and what they become in tfjs.

/** A safetensors dtype string, as in the header (`"F32"`, `"BF16"`, ...). */
export type SafetensorsDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U64' | 'U32' | 'U16' | 'U8' | 'BOOL';

/** Bytes per element and the tfjs dtype each safetensors dtype is read into. */
export const SAFETENSORS_DTYPES: Readonly<Record<SafetensorsDtype, { readonly bytes: number; readonly tfDtype: 'float32' | 'int32' | 'bool' }>> = {
  F64: { bytes: 8, tfDtype: 'float32' },
  F32: { bytes: 4, tfDtype: 'float32' },
  F16: { bytes: 2, tfDtype: 'float32' },
  BF16: { bytes: 2, tfDtype: 'float32' },
  I64: { bytes: 8, tfDtype: 'int32' },
  I32: { bytes: 4, tfDtype: 'int32' },
  I16: { bytes: 2, tfDtype: 'int32' },
  I8: { bytes: 1, tfDtype: 'int32' },
  U64: { bytes: 8, tfDtype: 'int32' },
  U32: { bytes: 4, tfDtype: 'int32' },
  U16: { bytes: 2, tfDtype: 'int32' },
  U8: { bytes: 1, tfDtype: 'int32' },
  BOOL: { bytes: 1, tfDtype: 'bool' },
};
