/**
 * `pipeline check`: validates data/ against the contract and the manifest hashes.
 * Returns one human-readable line per problem; an empty list means valid.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { BOX, COORD_SCALE, MANIFEST_FILE, SCHEMA_VERSION, TABLES, WEIGHT_SCALE, type ExperimentEntry, type FileEntry, type Manifest, type TableSpec } from './contract.ts';
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
    const expected = String(arrowType(column.type));
    if (String(field.type) !== expected) problems.push(`${file}: column "${column.name}" is ${String(field.type)}, expected ${expected}`);
  }
  for (const field of table.schema.fields) {
    if (!spec.columns.some((c) => c.name === field.name)) problems.push(`${file}: unexpected column "${field.name}"`);
  }
}

function numeric(table: Table, name: string): ArrayLike<number> | undefined {
  const v = table.getChild(name)?.toArray() as unknown;
  return v && typeof v === 'object' && 'length' in v ? (v as ArrayLike<number>) : undefined;
}

function checkSorted(file: string, spec: TableSpec, table: Table, problems: string[]): void {
  const keys = spec.sortedBy.map((k) => numeric(table, k));
  if (keys.some((k) => !k)) return;
  for (let r = 1; r < table.numRows; r++) {
    for (const key of keys as ArrayLike<number>[]) {
      if (key[r] > key[r - 1]) break;
      if (key[r] < key[r - 1]) {
        problems.push(`${file}: row ${r} is out of order (sorted by ${spec.sortedBy.join(', ')})`);
        return;
      }
    }
  }
}

function checkValues(file: FileEntry, table: Table, entry: ExperimentEntry, problems: string[]): void {
  const n = entry.dataset.trace;
  const expectRows: Record<string, number> = { nodes: n, images: n, positions: n * entry.snapshots.length, metrics: entry.layers.length * entry.snapshots.length };
  const expected = expectRows[file.table];
  if (expected !== undefined && table.numRows !== expected) problems.push(`${file.name}: ${table.numRows} rows, expected ${expected}`);
  if (TABLES[file.table].perLayer) {
    const layers = numeric(table, 'layer');
    const wrong = layers ? Array.prototype.findIndex.call(layers, (l: number) => l !== file.layer) : -1;
    if (file.layer === undefined || !entry.layers.some((l) => l.index === file.layer)) problems.push(`${file.name}: the manifest gives no hidden layer of this experiment for this per-layer file`);
    else if (layers && wrong >= 0) problems.push(`${file.name}: layer[${wrong}] = ${layers[wrong]}, but this file holds layer ${file.layer}`);
  }
  for (const field of table.schema.fields) {
    const values = numeric(table, field.name);
    if (!values) continue;
    const coordinate = field.name === 'x' || field.name === 'y';
    for (let i = 0; i < values.length; i++) {
      if (values instanceof Float32Array && !Number.isFinite(values[i])) {
        problems.push(`${file.name}: ${field.name}[${i}] is not finite`);
        break;
      }
      if (coordinate && Math.abs(values[i]) > COORD_SCALE) {
        problems.push(`${file.name}: ${field.name}[${i}] = ${values[i]} is outside the box (±${COORD_SCALE} = ±${BOX})`);
        break;
      }
      if (field.name === 'weight' && values[i] < 1) {
        problems.push(`${file.name}: weight[${i}] = ${values[i]}; stored weights are 1 … ${WEIGHT_SCALE}`);
        break;
      }
    }
  }
  for (const name of ['node', 'source', 'target']) {
    const ids = numeric(table, name);
    if (!ids) continue;
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= n) {
        problems.push(`${file.name}: ${name}[${i}] = ${ids[i]} is not a node id (0 … ${n - 1})`);
        break;
      }
    }
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
  for (const [name, entry] of Object.entries(manifest.experiments)) {
    for (const file of entry.files ?? []) {
      const path = join(dir, file.name);
      if (!existsSync(path)) {
        problems.push(`${file.name}: listed in the manifest but missing`);
        continue;
      }
      const bytes = readFileSync(path);
      if (bytes.length !== file.bytes) problems.push(`${file.name}: ${bytes.length} bytes, manifest says ${file.bytes}`);
      if (sha256(bytes) !== file.sha256) problems.push(`${file.name}: sha256 differs from the manifest (file changed or corrupt)`);
      const spec = TABLES[file.table];
      if (!spec) {
        problems.push(`${file.name}: unknown table "${String(file.table)}" in experiment ${name}`);
        continue;
      }
      let table: Table;
      try {
        table = decodeTable(bytes);
      } catch (error) {
        problems.push(`${file.name}: not a readable Arrow file (${(error as Error).message})`);
        continue;
      }
      if (table.numRows !== file.rows) problems.push(`${file.name}: ${table.numRows} rows, manifest says ${file.rows}`);
      checkColumns(file.name, spec, table, problems);
      checkSorted(file.name, spec, table, problems);
      checkValues(file, table, entry, problems);
    }
  }
  return problems;
}
