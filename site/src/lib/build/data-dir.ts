/** Where the site reads its data from at build and dev time (Node only). */
import { resolve } from 'node:path';

/**
 * `STRUCTVIZ_DATA_DIR` (set by `npm run build -- --data DIR`, or by hand: an imported run, a
 * fixture) or `data/` at the project root.
 */
export function resolveDataDir(): string {
  return resolve(process.env['STRUCTVIZ_DATA_DIR'] ?? 'data');
}

/**
 * Whether the article is built. It is bound to the published data (its text quotes those
 * numbers): `npm run build -- --data DIR` (an imported run) sets STRUCTVIZ_ARTICLE=0 and
 * builds the explorer alone.
 */
export function articleBuilt(): boolean {
  return process.env['STRUCTVIZ_ARTICLE'] !== '0';
}
