/**
 * The data files a figure fetches to draw its first frame, listed at build time by running the
 * figure's own opening load (`opening`, exported by each island) against data/ on disk, with
 * head and tail files sliced as the build writes them (integrations/heads.ts). Figure.astro
 * writes the list on the island (`data-sv-data`), and the page's island loader preloads it with
 * the island's code: on a slow link code and data then arrive together, instead of the data
 * being asked for only once the code has arrived and run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, type Manifest } from '../../../../pipeline/contract.ts';
import { sliceFile } from '../../../integrations/heads.ts';
import { readFilesFrom } from '../data/fetch-file.ts';
import { sliceOfName, slicesOf } from '../data/heads.ts';
import { forgetLoaded } from '../data/store.ts';
import { dataUrl } from '../paths.ts';
import { resolveDataDir } from './data-dir.ts';

/** Runs one opening at a time: the loading code keeps one cache per page (here, per build). */
let queue: Promise<unknown> = Promise.resolve();

/**
 * The URLs (with the site's base) of the data files `open` fetches, in the order it asks for
 * them, the manifest left out (the loader preloads it for every island). Empty when the figure
 * cannot open on this data: it then shows its error in the browser, and nothing is preloaded.
 */
export function openingFiles(open: () => Promise<unknown>): Promise<string[]> {
  const run = queue.then(() => record(open));
  queue = run.catch(() => undefined);
  return run;
}

/** A data/ file's bytes; `….head.arrow` / `….tail.arrow` sliced from their table's file, as the build writes them. */
function readData(dir: string, manifest: Manifest, name: string): Uint8Array {
  const sliced = sliceOfName(name);
  if (!sliced) return readFileSync(join(dir, name));
  const { end, whole } = sliced;
  const file = Object.values(manifest.experiments)
    .flatMap((e) => e.files)
    .find((f) => f.name === whole);
  const slice =
    file && slicesOf(file.table).includes(end)
      ? sliceFile(readFileSync(join(dir, whole)), end)
      : null;
  if (!slice) throw new Error(`opening: the build writes no ${name}`);
  return slice;
}

async function record(open: () => Promise<unknown>): Promise<string[]> {
  const dir = resolveDataDir();
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    return [];
  }
  // The files served, in order; a slice the build does not write throws, and the figure falls
  // back to the whole file as it does on the site.
  const served = new Set<string>();
  readFilesFrom((name) => {
    const bytes = readData(dir, manifest, name);
    if (name !== MANIFEST_FILE) served.add(name);
    return Promise.resolve(bytes);
  });
  forgetLoaded();
  try {
    await open();
  } catch {
    return [];
  } finally {
    readFilesFrom(undefined);
    forgetLoaded();
  }
  return [...served].map(dataUrl);
}
