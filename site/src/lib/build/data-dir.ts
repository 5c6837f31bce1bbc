/** Where the site reads its data from at build and dev time (Node only). */
import { resolve } from 'node:path';

/** `STRUCTVIZ_DATA_DIR` (for fixtures during development) or `data/` at the project root. */
export function resolveDataDir(): string {
  return resolve(process.env['STRUCTVIZ_DATA_DIR'] ?? 'data');
}
