/**
 * `pipeline check`: validates a data folder. First the manifest itself against its schema
 * (manifest-schema.ts), then every file it lists against the contract and its hash, then
 * the folder: nothing unlisted but leftovers of an interrupted publish, no temporaries, no
 * symbolic links, a current README.md. One human-readable line per problem. The table rules
 * (rows, order, ids, ranges) are the contract's `tableProblems`, the same code the site runs.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import {
  MANIFEST_FILE,
  REQUIRED_TABLES,
  columnStride,
  contentFileName,
  tableProblems,
  tableSpec,
  type ColumnReader,
  type ExperimentEntry,
  type TableSpec,
} from './contract.ts';
import { arrowType, decodeTable } from './io/arrow.ts';
import { sha256 } from './io/atomic.ts';
import { README_FILE, classifyFolder } from './io/data-folder.ts';
import { dataReadme } from './io/data-readme.ts';
import { READ_LIMITS, UnreadableFile, fileTypeName, readBounded } from './io/read-bounded.ts';
import { fsReason, insideProblem } from './io/safe-path.ts';
import { parseManifestText } from './manifest-schema.ts';

/** The list size of a FixedSizeList type (undefined for other types). */
function listSize(type: unknown): number | undefined {
  return (type as { listSize?: number } | undefined)?.listSize;
}

function checkColumns(file: string, spec: TableSpec, table: Table, problems: string[]): void {
  for (const column of spec.columns) {
    const field = table.schema.fields.find((f) => f.name === column.name);
    if (!field) {
      if (!column.optional) problems.push(`${file}: missing column "${column.name}"`);
      continue;
    }
    // A vector column's list size varies by file, a manifest-shaped image column's by
    // experiment: the contract's rules check it against the manifest.
    const sized = column.vector || column.shapeFrom;
    const width = sized ? listSize(field.type) : undefined;
    if (sized && width === undefined) {
      problems.push(
        `${file}: column "${column.name}" is ${String(field.type)}, expected a FixedSizeList<${column.type}> of ${column.vector ? "the layer's width" : "the manifest's images height × width × channels"}`,
      );
      continue;
    }
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- every concrete Arrow DataType defines toString()
    const expected = String(arrowType(column, width));
    if (String(field.type) !== expected)
      problems.push(
        `${file}: column "${column.name}" is ${String(field.type)}, expected ${expected}`,
      );
  }
  for (const field of table.schema.fields) {
    if (!spec.columns.some((c) => c.name === field.name))
      problems.push(`${file}: unexpected column "${field.name}"`);
  }
}

/** An apache-arrow table as the contract's column reader (numeric, unshaped columns only). */
export function arrowReader(table: Table, spec: TableSpec): ColumnReader {
  return {
    numRows: table.numRows,
    numbers(name) {
      const column = spec.columns.find((c) => c.name === name);
      if (!column || column.shape || column.shapeFrom || column.vector || column.type === 'utf8')
        return undefined;
      const values = table.getChild(name)?.toArray() as unknown;
      return values && typeof values === 'object' && 'length' in values
        ? (values as ArrayLike<number>)
        : undefined;
    },
    listSize(name) {
      return listSize(table.schema.fields.find((f) => f.name === name)?.type);
    },
    vectors(name) {
      const column = spec.columns.find((c) => c.name === name);
      const vector = column?.vector ? table.getChild(name) : null;
      const width = listSize(vector?.type);
      if (!vector || width === undefined) return undefined;
      // The child's values of every record batch, row-major, without a copy per row.
      const values = new Float32Array(vector.length * width);
      let offset = 0;
      for (const data of vector.data) {
        const child = data.children[0];
        const flat = child?.values as (ArrayLike<number> & { subarray?: unknown }) | undefined;
        if (!child || !ArrayBuffer.isView(flat)) return undefined;
        const start = child.offset + data.offset * width;
        values.set((flat as Float32Array).subarray(start, start + data.length * width), offset);
        offset += data.length * width;
      }
      return { width, values };
    },
  };
}

/**
 * Where a check reads a listed file's bytes from: the folder, or (for a run's own results and
 * cache entries) memory. Returns the bytes or one line saying why there are none.
 */
export type FileSource = (file: { name: string; bytes: number }) => Uint8Array | string;

/** Reads listed files from dir: inside it, no links, a regular file of the listed size. */
export function folderSource(dir: string): FileSource {
  return (file) => {
    const unsafe = insideProblem(dir, file.name);
    if (unsafe) return `${unsafe}; not read`;
    const path = join(dir, file.name);
    let size: number;
    try {
      const stat = lstatSync(path);
      if (!stat.isFile()) return `is ${fileTypeName(stat)}, not a regular file; not read`;
      size = stat.size;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'listed in the manifest but missing'
        : `cannot read it (${fsReason(error)})`;
    }
    // Compared before reading, so a huge or growing file is never read whole.
    if (size !== file.bytes) return `${size} bytes, manifest says ${file.bytes}`;
    try {
      return readBounded(path, Math.min(file.bytes, READ_LIMITS.table));
    } catch (error) {
      if (error instanceof UnreadableFile) return error.message.replace(`${path} `, '');
      throw error;
    }
  };
}

/**
 * Every problem of one manifest entry (named name) whose files come from read. `hashOnly`
 * stops at names, sizes and hashes (a quick first pass); otherwise every table is decoded and
 * checked against the contract's rules, as `check` does.
 */
export function entryProblems(
  name: string,
  entry: ExperimentEntry,
  read: FileSource,
  hashOnly = false,
): string[] {
  const problems: string[] = [];
  checkEntry(name, entry, read, problems, hashOnly);
  return problems;
}

function checkEntry(
  name: string,
  entry: ExperimentEntry,
  read: FileSource,
  problems: string[],
  hashOnly = false,
): void {
  for (const role of REQUIRED_TABLES[entry.kind] ?? []) {
    if (!entry.files.some((f) => f.table === role))
      problems.push(`${name}: the manifest lists no ${role} table`);
  }
  for (const file of entry.files) {
    const spec = tableSpec(entry.kind, file.table);
    if (!spec) {
      problems.push(
        `${file.name}: unknown table "${String(file.table)}" for kind ${String(entry.kind)} in experiment ${name}`,
      );
      continue;
    }
    if (spec.splitBy && file.split === undefined) {
      problems.push(
        `${file.name}: a ${file.table} file is stored per ${spec.splitBy}, but the manifest gives no split`,
      );
      continue;
    }
    const expectedName = `${name}/${contentFileName(spec, file.split, file.sha256)}`;
    if (file.name !== expectedName)
      problems.push(
        `${file.name}: a ${file.table} file of ${name} with this sha256 must be named ${expectedName}`,
      );
    const bytes = read(file);
    if (typeof bytes === 'string') {
      problems.push(`${file.name}: ${bytes}`);
      continue;
    }
    if (bytes.length !== file.bytes)
      problems.push(`${file.name}: ${bytes.length} bytes, manifest says ${file.bytes}`);
    if (sha256(bytes) !== file.sha256) {
      problems.push(`${file.name}: sha256 differs from the manifest (file changed or corrupt)`);
      continue;
    }
    if (hashOnly) continue;
    let table: Table;
    try {
      table = decodeTable(bytes);
    } catch (error) {
      problems.push(`${file.name}: not a readable Arrow file (${(error as Error).message})`);
      continue;
    }
    if (table.numRows !== file.rows)
      problems.push(`${file.name}: ${table.numRows} rows, manifest says ${file.rows}`);
    checkColumns(file.name, spec, table, problems);
    for (const column of spec.columns.filter((c) => c.shape)) {
      const stride = listSize(table.schema.fields.find((f) => f.name === column.name)?.type);
      if (stride !== undefined && stride !== columnStride(column))
        problems.push(
          `${file.name}: column "${column.name}" holds ${stride} values per row, the contract's ${column.shape?.join('×')} shape needs ${columnStride(column)}`,
        );
    }
    problems.push(
      ...tableProblems(file.name, spec, arrowReader(table, spec), {
        entry,
        ...(file.split !== undefined ? { split: file.split } : {}),
      }),
    );
  }
}

/** Why dir cannot be a data folder (missing, a file, a link), or undefined. */
export function folderProblem(dir: string): string | undefined {
  try {
    const stat = lstatSync(dir);
    if (stat.isDirectory()) return undefined;
    return `${dir}: is ${stat.isFile() ? 'a file' : fileTypeName(stat)}, not a data folder`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? `${dir}: no such folder (check --out)`
      : `${dir}: cannot read it (${fsReason(error)})`;
  }
}

/** What check found: problems make the folder invalid; notes do not. */
export interface CheckReport {
  readonly problems: string[];
  readonly notes: string[];
}

/** Every problem (and note) about the data folder dir, as text. */
export function checkFolder(dir: string): CheckReport {
  const problems: string[] = [];
  const notes: string[] = [];
  const folder0 = folderProblem(dir);
  if (folder0) return { problems: [folder0], notes };
  const manifestPath = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = readBounded(manifestPath, READ_LIMITS.manifest).toString('utf8');
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    const missing = (() => {
      try {
        lstatSync(manifestPath);
        return false;
      } catch {
        return true;
      }
    })();
    return {
      problems: [
        missing
          ? `${MANIFEST_FILE}: not found in ${dir} (run npm run pipeline)`
          : `${MANIFEST_FILE}: ${error.message.replace(`${manifestPath} `, '')}`,
      ],
      notes,
    };
  }
  const parsed = parseManifestText(text, MANIFEST_FILE);
  if (!parsed.ok) return { problems: parsed.problems, notes };
  const { manifest } = parsed;
  const owners = new Map<string, string>();
  for (const [name, entry] of Object.entries(manifest.experiments)) {
    for (const f of entry.files) {
      const owner = owners.get(f.name);
      if (owner !== undefined)
        problems.push(`${f.name}: listed twice (experiments ${owner} and ${name})`);
      owners.set(f.name, name);
    }
    checkEntry(name, entry, folderSource(dir), problems);
  }
  const folder = classifyFolder(dir, new Set(owners.keys()));
  for (const name of folder.temporaries)
    problems.push(
      `${name}: temporary file of an interrupted run (the next run removes it; or delete it)`,
    );
  for (const name of folder.links)
    problems.push(`${name}: symbolic link; a data folder holds plain files only`);
  for (const name of folder.unknown)
    problems.push(`${name}: not listed in the manifest and not written by the pipeline`);
  if (!folder.readme) problems.push(`${README_FILE}: missing (every run writes it)`);
  else if (
    readBounded(join(dir, README_FILE), READ_LIMITS.readme).toString('utf8') !== dataReadme()
  )
    problems.push(
      `${README_FILE}: differs from the contract's text (it is generated: rerun npm run pipeline, do not edit it)`,
    );
  if (folder.leftovers.length)
    notes.push(
      `${folder.leftovers.length} published file(s) no manifest entry lists (left by an interrupted or superseded publish; the next run removes them): ${folder.leftovers.slice(0, 3).join(', ')}${folder.leftovers.length > 3 ? ', …' : ''}`,
    );
  if (folder.emptyFolders.length)
    notes.push(`empty folder(s): ${folder.emptyFolders.join(', ')} (the next run removes them)`);
  return { problems, notes };
}

/** Every problem found in dir, as text (an empty list means valid). */
export function checkData(dir: string): string[] {
  return checkFolder(dir).problems;
}
