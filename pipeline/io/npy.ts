/**
 * NumPy `.npy` files (format versions 1.0, 2.0 and 3.0), parsed in TypeScript: a magic string,
 * a little-endian header length, a Python-literal dict header
 * (`{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`) and the raw array, C order.
 * Reads little-endian (or byte-order-free) numeric dtypes; anything else is refused with the
 * file named and the dtype found.
 */

/** The dtypes read, by their `descr` (`|` and `=` are byte-order free or native: little-endian here). */
const DTYPES = {
  f4: Float32Array,
  f8: Float64Array,
  i1: Int8Array,
  u1: Uint8Array,
  i2: Int16Array,
  u2: Uint16Array,
  i4: Int32Array,
  u4: Uint32Array,
  i8: BigInt64Array,
  u8: BigUint64Array,
  b1: Uint8Array,
} as const;

export type NpyDtype = keyof typeof DTYPES;
export type NpyData = InstanceType<(typeof DTYPES)[NpyDtype]>;

/** A parsed array: dtype (`f4`, `i8`, …), shape and values in C order. */
export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: readonly number[];
  readonly data: NpyData;
}

/** A file that is not a readable `.npy`; the message names the file and what was expected. */
export class NpyError extends Error {
  override name = 'NpyError';
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** The header dict's fields, from its Python-literal text. */
function parseHeader(
  text: string,
  file: string,
): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    throw new NpyError(
      `${file}: the .npy header is not a dict with descr, fortran_order and shape (${text.trim().slice(0, 80)})`,
    );
  const parts = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const shape = parts.map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
  if (shape.some((d) => !Number.isSafeInteger(d)))
    throw new NpyError(`${file}: the .npy shape (${shapeText}) is not a tuple of integers`);
  return { descr, fortran: fortran === 'True', shape };
}

/** Parses a `.npy` file's bytes; `file` names it in errors. */
export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new NpyError(
      `${file}: not a .npy file (it does not start with \\x93NUMPY; save it with numpy.save)`,
    );
  const major = bytes[6];
  if (major !== 1 && major !== 2 && major !== 3)
    throw new NpyError(`${file}: .npy format version ${major}.${bytes[7]} (read: 1.0, 2.0, 3.0)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLength > bytes.length)
    throw new NpyError(
      `${file}: the .npy header (${headerLength} bytes) runs past the end of the file`,
    );
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(
    bytes.subarray(start, start + headerLength),
  );
  const { descr, fortran, shape } = parseHeader(header, file);
  const order = descr[0];
  const code = descr.slice(1);
  if (!Object.hasOwn(DTYPES, code) || !['<', '|', '='].includes(order ?? ''))
    throw new NpyError(
      `${file}: dtype ${descr} is not read (little-endian numbers only: <f4, <f8, <i8, |u1, …)`,
    );
  if (fortran)
    throw new NpyError(
      `${file}: the array is in Fortran order; save numpy.ascontiguousarray(a) instead`,
    );
  const dtype = code as NpyDtype;
  const Ctor = DTYPES[dtype];
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLength;
  const need = count * Ctor.BYTES_PER_ELEMENT;
  if (bytes.length - offset !== need)
    throw new NpyError(
      `${file}: shape (${shape.join(', ')}) of ${descr} needs ${need} data bytes, the file has ${bytes.length - offset}`,
    );
  // Copy into an aligned buffer (the data offset need not be a multiple of the element size).
  // (a copy: Buffer#slice would share the pooled buffer, whose start is not this file's).
  const raw = new Uint8Array(need);
  raw.set(bytes.subarray(offset, offset + need));
  return { dtype, shape, data: new Ctor(raw.buffer, 0, count) };
}

/** Writes a `.npy` (version 1.0, C order) of a typed array: for tests and fixtures. */
export function encodeNpy(
  descr: string,
  shape: readonly number[],
  data: ArrayBufferView,
): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  // Magic (6) + version (2) + length (2) + header + '\n', padded to 64 bytes.
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}
