/**
 * Decoding Arrow IPC bytes with flechette and checking them against the contract: every
 * required column present with its contract type, so a wrong file fails loudly and early.
 */
import { tableFromIPC, type Table } from '@uwdata/flechette';
import type { ColumnType, TableSpec } from '../../../../pipeline/contract.ts';
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

function matches(type: TypeLike, expected: ColumnType): boolean {
  switch (expected) {
    case 'int8':
    case 'int16':
    case 'int32':
      return type.typeId === INT && type.signed === true && type.bitWidth === Number(expected.slice(3));
    case 'uint8':
    case 'uint16':
      return type.typeId === INT && type.signed === false && type.bitWidth === Number(expected.slice(4));
    case 'float32':
      return type.typeId === FLOAT && type.precision === 1;
    case 'utf8':
      return type.typeId === UTF8 || type.typeId === LARGE_UTF8;
    case 'uint8x784': {
      const child = type.children?.[0]?.type;
      return type.typeId === FIXED_SIZE_LIST && type.stride === 784 && !!child && matches(child, 'uint8');
    }
  }
}

/** Decodes `bytes` as the contract table `spec`; `file` names it in errors. */
export function decodeTable(bytes: Uint8Array, spec: TableSpec, file: string): Table {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw new DataError(file, 'corrupt', `${file} is not a readable Arrow file (${(error as Error).message}).`);
  }
  for (const column of spec.columns) {
    const field = table.schema.fields.find((f) => f.name === column.name);
    if (!field) {
      if (column.optional) continue;
      throw new DataError(file, 'schema', `${file} has no column "${column.name}"; the data does not match this page's schema.`);
    }
    if (!matches(field.type, column.type)) {
      throw new DataError(file, 'schema', `${file}: column "${column.name}" does not have the contract type ${column.type}.`);
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

/** The flat child values of a FixedSizeList<uint8> column: n × stride bytes. */
export function fixedListBytes(table: Table, name: string): Uint8Array {
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
