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
import { headFileName, HEAD_TABLES, tailFileName, TAIL_TABLES } from '../src/lib/data/heads.ts';

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

/** Writes a head (tail) file for every listed file of a HEAD_TABLES (TAIL_TABLES) table; returns how many. */
export function writeHeads(dataDir: string): number {
  const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as ManifestLike;
  let written = 0;
  for (const entry of Object.values(manifest.experiments)) {
    for (const file of entry.files) {
      const head = (HEAD_TABLES as readonly string[]).includes(file.table);
      const tail = (TAIL_TABLES as readonly string[]).includes(file.table);
      if (!head && !tail) continue;
      const table = tableFromIPC(readFileSync(join(dataDir, file.name)));
      const snapshot = table.getChild('snapshot')?.toArray() as ArrayLike<number> | undefined;
      if (!snapshot) continue;
      if (head) {
        const rows = table.slice(0, headRows(snapshot));
        writeFileSync(join(dataDir, headFileName(file.name)), tableToIPC(rows, 'file'));
        written++;
      }
      if (tail) {
        const rows = table.slice(...tailRows(snapshot));
        writeFileSync(join(dataDir, tailFileName(file.name)), tableToIPC(rows, 'file'));
        written++;
      }
    }
  }
  return written;
}
