/**
 * Head files: the first snapshot of the tables a figure draws first, written beside each
 * source file at build time (`positions-l3.<hash>.arrow` → `positions-l3.<hash>.head.arrow`).
 * A figure draws its opening frame from them and fetches the whole table only when the reader
 * engages with it (scrubs, plays, clicks, focuses), so reading past a figure costs one
 * snapshot, not all of them. The slice keeps the source's schema; its name keeps the source's
 * content hash, so it is as cacheable as the source. Only the site build writes them; `data/`
 * and its manifest are untouched. Tail files (`….tail.arrow`, TAIL_TABLES) are the same for the
 * last snapshot, for a figure that opens at the end of training.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { headFileName, slicesOf, tailFileName } from '../src/lib/data/heads.ts';

interface ManifestLike {
  experiments: Record<string, { files: { name: string; table: string }[] }>;
}

/** Rows of the leading snapshot (files are sorted by snapshot; 0 is the first). */
function headRows(snapshot: ArrayLike<number | bigint>): number {
  let k = 0;
  while (k < snapshot.length && Number(snapshot[k]) === 0) k++;
  return k;
}

/** Rows of the trailing snapshot: [start, end) of the rows with the largest snapshot value. */
function tailRows(snapshot: ArrayLike<number | bigint>): [number, number] {
  const n = snapshot.length;
  if (n === 0) return [0, 0];
  const last = Number(snapshot[n - 1]);
  let k = n;
  while (k > 0 && Number(snapshot[k - 1]) === last) k--;
  return [k, n];
}

/**
 * The head (first snapshot) or tail (last snapshot) of one table file, as its own Arrow file
 * with the source's schema; null when the table has no snapshot column.
 */
export function sliceFile(bytes: Uint8Array, end: 'head' | 'tail'): Uint8Array | null {
  const table = tableFromIPC(bytes);
  const snapshot = table.getChild('snapshot')?.toArray() as ArrayLike<number> | undefined;
  if (!snapshot) return null;
  const rows =
    end === 'head' ? table.slice(0, headRows(snapshot)) : table.slice(...tailRows(snapshot));
  return tableToIPC(rows, 'file');
}

/** Writes a head (tail) file for every listed file of a HEAD_TABLES (TAIL_TABLES) table; returns how many. */
export function writeHeads(dataDir: string): number {
  const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as ManifestLike;
  let written = 0;
  for (const entry of Object.values(manifest.experiments)) {
    for (const file of entry.files) {
      const ends = slicesOf(file.table);
      if (!ends.length) continue;
      const bytes = readFileSync(join(dataDir, file.name));
      for (const end of ends) {
        const slice = sliceFile(bytes, end);
        if (!slice) continue;
        const name = end === 'head' ? headFileName(file.name) : tailFileName(file.name);
        writeFileSync(join(dataDir, name), slice);
        written++;
      }
    }
  }
  return written;
}
