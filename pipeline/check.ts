/**
 * `pipeline check`: validates data/ against the contract and the manifest hashes.
 * Returns one human-readable line per problem; an empty list means valid. The table rules
 * (rows, order, ids, ranges) are the contract's `tableProblems`, the same code the site runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { MANIFEST_FILE, REQUIRED_TABLES, SCHEMA_VERSION, columnStride, tableFileName, tableProblems, tableSpec, type ColumnReader, type ExperimentEntry, type Manifest, type TableSpec } from './contract.ts';
import { arrowType, decodeTable } from './io/arrow.ts';
import { sha256 } from './io/atomic.ts';

function checkColumns(file: string, spec: TableSpec, table: Table, problems: string[]): void {
  for (const column of spec.columns) {
    const field = table.schema.fields.find((f) => f.name === column.name);
    if (!field) {
      if (!column.optional) problems.push(`${file}: missing column "${column.name}"`);
      continue;
    }
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- every concrete Arrow DataType defines toString()
    const expected = String(arrowType(column));
    if (String(field.type) !== expected) problems.push(`${file}: column "${column.name}" is ${String(field.type)}, expected ${expected}`);
  }
  for (const field of table.schema.fields) {
    if (!spec.columns.some((c) => c.name === field.name)) problems.push(`${file}: unexpected column "${field.name}"`);
  }
}

/** An apache-arrow table as the contract's column reader (numeric, unshaped columns only). */
export function arrowReader(table: Table, spec: TableSpec): ColumnReader {
  return {
    numRows: table.numRows,
    numbers(name) {
      const column = spec.columns.find((c) => c.name === name);
      if (!column || column.shape || column.type === 'utf8') return undefined;
      const values = table.getChild(name)?.toArray() as unknown;
      return values && typeof values === 'object' && 'length' in values ? (values as ArrayLike<number>) : undefined;
    },
  };
}

function checkEntry(dir: string, name: string, entry: ExperimentEntry, problems: string[]): void {
  for (const role of REQUIRED_TABLES[entry.kind] ?? []) {
    if (!entry.files.some((f) => f.table === role)) problems.push(`${name}: the manifest lists no ${role} table`);
  }
  for (const file of entry.files ?? []) {
    const spec = tableSpec(entry.kind, file.table);
    if (!spec) {
      problems.push(`${file.name}: unknown table "${String(file.table)}" for kind ${String(entry.kind)} in experiment ${name}`);
      continue;
    }
    const expectedName = `${name}/${spec.splitBy && file.split === undefined ? spec.file : tableFileName(spec, file.split)}`;
    if (file.name !== expectedName) problems.push(`${file.name}: a ${file.table} file of ${name} must be named ${expectedName}`);
    const path = join(dir, file.name);
    if (!existsSync(path)) {
      problems.push(`${file.name}: listed in the manifest but missing`);
      continue;
    }
    const bytes = readFileSync(path);
    if (bytes.length !== file.bytes) problems.push(`${file.name}: ${bytes.length} bytes, manifest says ${file.bytes}`);
    if (sha256(bytes) !== file.sha256) problems.push(`${file.name}: sha256 differs from the manifest (file changed or corrupt)`);
    let table: Table;
    try {
      table = decodeTable(bytes);
    } catch (error) {
      problems.push(`${file.name}: not a readable Arrow file (${(error as Error).message})`);
      continue;
    }
    if (table.numRows !== file.rows) problems.push(`${file.name}: ${table.numRows} rows, manifest says ${file.rows}`);
    checkColumns(file.name, spec, table, problems);
    for (const column of spec.columns.filter((c) => c.shape)) {
      const stride = (table.schema.fields.find((f) => f.name === column.name)?.type as { listSize?: number } | undefined)?.listSize;
      if (stride !== undefined && stride !== columnStride(column)) problems.push(`${file.name}: column "${column.name}" holds ${stride} values per row, the contract's ${column.shape?.join('×')} shape needs ${columnStride(column)}`);
    }
    problems.push(...tableProblems(file.name, spec, arrowReader(table, spec), { entry, ...(file.split !== undefined ? { split: file.split } : {}) }));
  }
}

/** Every problem found in dir, as text. */
export function checkData(dir: string): string[] {
  const problems: string[] = [];
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return [`${MANIFEST_FILE}: not found in ${dir} (run npm run pipeline)`];
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (error) {
    return [`${MANIFEST_FILE}: not valid JSON (${(error as Error).message})`];
  }
  if (manifest.schemaVersion !== SCHEMA_VERSION) {
    return [`${MANIFEST_FILE}: schemaVersion is ${String(manifest.schemaVersion)}, this code reads ${SCHEMA_VERSION} (regenerate with npm run pipeline)`];
  }
  if (!manifest.experiments || typeof manifest.experiments !== 'object') return [`${MANIFEST_FILE}: "experiments" is missing`];
  for (const [name, entry] of Object.entries(manifest.experiments)) checkEntry(dir, name, entry, problems);
  return problems;
}
