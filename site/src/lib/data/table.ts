/**
 * The one table loader: decodes Arrow IPC bytes with flechette, checks every column against
 * the contract (name, type, image shape), then runs the contract's own table rules (row
 * counts, order, node ids, ranges: `tableProblems`, the code `pipeline check` runs), so a
 * wrong file fails loudly and early, naming the file.
 */
import { tableFromIPC, type Table } from '@uwdata/flechette';
import {
  columnStride,
  tableProblems,
  type ColumnReader,
  type ColumnSpec,
  type ColumnType,
  type RuleContext,
  type TableSpec,
} from '../../../../pipeline/contract.ts';
import { DataError } from './errors.ts';

/** flechette type ids (Arrow's `Type` enum) of the types the contract uses. */
const INT = 2;
const FLOAT = 3;
const UTF8 = 5;
const FIXED_SIZE_LIST = 16;
const LARGE_UTF8 = 20;

interface TypeLike {
  typeId: number;
  bitWidth?: number;
  signed?: boolean;
  precision?: number;
  stride?: number;
  children?: { type: TypeLike }[];
}

function matchesColumn(type: TypeLike, column: ColumnSpec): boolean {
  if (!column.shape && !column.shapeFrom) return matches(type, column.type);
  const child = type.children?.[0]?.type;
  return (
    type.typeId === FIXED_SIZE_LIST &&
    // A manifest-shaped image column's list size is the contract rules' to check (tableProblems).
    (column.shapeFrom ? true : type.stride === columnStride(column)) &&
    !!child &&
    matches(child, column.type)
  );
}

function matches(type: TypeLike, expected: ColumnType): boolean {
  switch (expected) {
    case 'int8':
    case 'int16':
    case 'int32':
      return (
        type.typeId === INT && type.signed === true && type.bitWidth === Number(expected.slice(3))
      );
    case 'uint8':
    case 'uint16':
      return (
        type.typeId === INT && type.signed === false && type.bitWidth === Number(expected.slice(4))
      );
    case 'float32':
      return type.typeId === FLOAT && type.precision === 1;
    case 'utf8':
      return type.typeId === UTF8 || type.typeId === LARGE_UTF8;
  }
}

/** A flechette table as the contract's column reader (numeric, unshaped columns only). */
export function flechetteReader(table: Table, spec: TableSpec): ColumnReader {
  return {
    numRows: table.numRows,
    numbers(name) {
      const column = spec.columns.find((c) => c.name === name);
      if (
        !column ||
        column.shape ||
        column.shapeFrom ||
        column.type === 'utf8' ||
        !table.schema.fields.some((f) => f.name === name)
      )
        return undefined;
      return numbers(table, name);
    },
    listSize(name) {
      const type = table.schema.fields.find((f) => f.name === name)?.type as TypeLike | undefined;
      return type?.typeId === FIXED_SIZE_LIST ? type.stride : undefined;
    },
  };
}

/**
 * Decodes `bytes` as the contract table `spec` and enforces the contract's table rules
 * against the manifest (`context`); `file` names it in errors.
 */
export function loadTable(
  bytes: Uint8Array,
  spec: TableSpec,
  file: string,
  context: RuleContext,
): Table {
  const table = decodeTable(bytes, spec, file);
  const problems = tableProblems(file, spec, flechetteReader(table, spec), context);
  if (problems.length)
    throw new DataError(
      file,
      'schema',
      `${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''}.`,
    );
  return table;
}

/** Decodes `bytes` as the contract table `spec`, checking columns and types only; `file` names it in errors. */
function decodeTable(bytes: Uint8Array, spec: TableSpec, file: string): Table {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw new DataError(
      file,
      'corrupt',
      `${file} is not a readable Arrow file (${(error as Error).message}).`,
    );
  }
  for (const column of spec.columns) {
    const field = table.schema.fields.find((f) => f.name === column.name);
    if (!field) {
      if (column.optional) continue;
      throw new DataError(
        file,
        'schema',
        `${file} has no column "${column.name}"; the data does not match this page's schema.`,
      );
    }
    if (!matchesColumn(field.type, column)) {
      const type = column.shape
        ? `${column.type}[${column.shape.join('×')}]`
        : column.shapeFrom
          ? `${column.type}[height×width×channels]`
          : column.type;
      throw new DataError(
        file,
        'schema',
        `${file}: column "${column.name}" does not have the contract type ${type}.`,
      );
    }
  }
  return table;
}

type NumericArray = Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Float32Array;

/** A numeric column as one typed array (zero-copy when the file has one record batch). */
export function numbers<T extends NumericArray>(table: Table, name: string): T {
  const column = table.getChild(name);
  return column.toArray() as unknown as T;
}

/** Like numbers, but undefined for an absent optional column. */
export function optionalNumbers<T extends NumericArray>(table: Table, name: string): T | undefined {
  return table.schema.fields.some((f) => f.name === name) ? numbers<T>(table, name) : undefined;
}

/** The flat child values of a shaped (FixedSizeList<uint8>) column: rows × stride bytes. */
export function shapedBytes(table: Table, name: string): Uint8Array {
  const column = table.getChild(name);
  const parts = column.data.map((batch) => {
    const child = (batch as unknown as { children: { values: Uint8Array }[] }).children[0];
    return child ? child.values : new Uint8Array(0);
  });
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
