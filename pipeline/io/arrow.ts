/**
 * Arrow IPC encode/decode for contract tables. The writer checks every column against the
 * contract (name, type, length) before encoding, so a bad table never reaches data/.
 */
import type * as Arrow from 'apache-arrow';
import { columnStride, type ColumnSpec, type ColumnType, type TableSpec } from '../contract.ts';
import { requireCjs } from '../util/require-cjs.ts';

/**
 * apache-arrow's CommonJS build: its ≈ 150 files load in the thread that needs them, where the
 * ES module build sends each through the TypeScript loader's hooks thread, ≈ 0.3 s more of
 * start-up for every pipeline process and worker thread; without their source maps
 * (util/require-cjs.ts), ≈ 0.06 s less again. Both builds come from one source and write the
 * same bytes.
 */
const {
  Field,
  FixedSizeList,
  Float32,
  Int16,
  Int32,
  Int8,
  Table,
  Uint16,
  Uint8,
  Utf8,
  makeData,
  makeVector,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
} = requireCjs<typeof Arrow>('apache-arrow');
type DataType = Arrow.DataType;
type Vector = Arrow.Vector;

/** A vector column's values: `width` per row, row-major. */
export interface VectorValues {
  readonly width: number;
  readonly values: Float32Array;
}

/** A manifest-shaped image column's values: `stride` (height × width × channels) per row, row-major. */
export interface ImageValues {
  readonly stride: number;
  readonly values: Uint8Array;
}

/** Values accepted per column type (vector columns: VectorValues; manifest-shaped images: ImageValues). */
export type ColumnValues =
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Float32Array
  | readonly string[]
  | VectorValues
  | ImageValues;

const TYPED: Record<Exclude<ColumnType, 'utf8'>, new (n: number) => ArrayLike<number>> = {
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  float32: Float32Array,
};

/**
 * The Arrow type we write for a contract column: its element type, or a FixedSizeList of it
 * for shaped (image) columns and, with their `width`, vector columns.
 */
export function arrowType(column: Pick<ColumnSpec, 'type' | 'shape'>, width?: number): DataType {
  const size = column.shape ? columnStride(column as ColumnSpec) : width;
  if (size !== undefined)
    return new FixedSizeList(size, new Field('item', arrowType({ type: column.type }), false));
  switch (column.type) {
    case 'int8':
      return new Int8();
    case 'int16':
      return new Int16();
    case 'int32':
      return new Int32();
    case 'uint8':
      return new Uint8();
    case 'uint16':
      return new Uint16();
    case 'float32':
      return new Float32();
    case 'utf8':
      return new Utf8();
  }
}

function isVectorValues(values: ColumnValues): values is VectorValues {
  return !Array.isArray(values) && 'width' in values;
}

function isImageValues(values: ColumnValues): values is ImageValues {
  return !Array.isArray(values) && 'stride' in values;
}

/** A manifest-shaped image column: FixedSizeList<uint8>[stride]. */
function toImageVector(spec: ColumnSpec, values: ColumnValues, table: string): Vector {
  if (
    spec.type !== 'uint8' ||
    !isImageValues(values) ||
    !(values.values instanceof Uint8Array) ||
    !Number.isInteger(values.stride) ||
    values.stride < 1 ||
    values.values.length % values.stride !== 0
  )
    throw new Error(
      `arrow: ${table}.${spec.name} must be an image column {stride, values: Uint8Array of n×stride}`,
    );
  const { stride, values: data } = values;
  const type = arrowType(spec, stride) as Arrow.FixedSizeList<Arrow.Uint8>;
  const child = makeData({ type: new Uint8(), length: data.length, data });
  return makeVector(makeData({ type, length: data.length / stride, nullCount: 0, child }));
}

/** A vector column: FixedSizeList<float32>[width], every value finite. */
function toListVector(spec: ColumnSpec, values: ColumnValues, table: string): Vector {
  if (
    spec.type !== 'float32' ||
    !isVectorValues(values) ||
    !(values.values instanceof Float32Array) ||
    !Number.isInteger(values.width) ||
    values.width < 1 ||
    values.values.length % values.width !== 0
  )
    throw new Error(
      `arrow: ${table}.${spec.name} must be a vector column {width, values: Float32Array of n×width}`,
    );
  const { width, values: data } = values;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]))
      throw new Error(
        `arrow: ${table}.${spec.name} row ${Math.floor(i / width)}, unit ${i % width} is ${data[i]}; values must be finite`,
      );
  }
  const type = arrowType(spec, width) as Arrow.FixedSizeList<Arrow.Float32>;
  const child = makeData({ type: new Float32(), length: data.length, data });
  return makeVector(makeData({ type, length: data.length / width, nullCount: 0, child }));
}

function toVector(spec: ColumnSpec, values: ColumnValues, table: string): Vector {
  if (spec.vector) return toListVector(spec, values, table);
  if (spec.shapeFrom) return toImageVector(spec, values, table);
  if (isVectorValues(values))
    throw new Error(`arrow: ${table}.${spec.name} is not a vector column`);
  if (isImageValues(values))
    throw new Error(`arrow: ${table}.${spec.name} is not a manifest-shaped image column`);
  if (spec.type === 'utf8') {
    if (!Array.isArray(values))
      throw new Error(`arrow: ${table}.${spec.name} must be an array of strings`);
    return vectorFromArray(values as string[], new Utf8());
  }
  if (spec.shape) {
    const stride = columnStride(spec);
    if (spec.type !== 'uint8' || !(values instanceof Uint8Array) || values.length % stride !== 0) {
      throw new Error(
        `arrow: ${table}.${spec.name} must be a Uint8Array of n×${spec.shape.join('×')} values`,
      );
    }
    const type = arrowType(spec) as Arrow.FixedSizeList<Arrow.Uint8>;
    const child = makeData({ type: new Uint8(), length: values.length, data: values });
    return makeVector(makeData({ type, length: values.length / stride, nullCount: 0, child }));
  }
  const Ctor = TYPED[spec.type];
  if (!(values instanceof Ctor)) {
    throw new Error(
      `arrow: ${table}.${spec.name} must be a ${Ctor.name} (contract type ${spec.type})`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new Error(
        `arrow: ${table}.${spec.name}[${i}] is ${String(values[i])}; values must be finite`,
      );
    }
  }
  return makeVector(values as Int32Array);
}

/** Encodes columns as an Arrow IPC file, in contract column order. */
export function encodeTable(spec: TableSpec, columns: Record<string, ColumnValues>): Uint8Array {
  const vectors: Record<string, Vector> = {};
  let rows = -1;
  for (const name of Object.keys(columns)) {
    if (!spec.columns.some((c) => c.name === name)) {
      throw new Error(`arrow: ${spec.file} has no column "${name}" in the contract`);
    }
  }
  for (const column of spec.columns) {
    const values = columns[column.name];
    if (values === undefined) {
      if (column.optional) continue;
      throw new Error(`arrow: ${spec.file} is missing required column "${column.name}"`);
    }
    // Converted first, so a column of the wrong kind is named as such, not by its row count.
    const vector = toVector(column, values, spec.file);
    if (rows >= 0 && vector.length !== rows) {
      throw new Error(
        `arrow: ${spec.file}.${column.name} has ${vector.length} rows, expected ${rows}`,
      );
    }
    rows = vector.length;
    vectors[column.name] = vector;
  }
  return tableToIPC(new Table(vectors), 'file');
}

/** Decodes an Arrow IPC file or stream. */
export function decodeTable(bytes: Uint8Array): Arrow.Table {
  return tableFromIPC(bytes);
}
