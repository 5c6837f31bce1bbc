/**
 * Build-time access to data/ (Node): the same decoding as the browser, from files on disk.
 * Failures are returned, never thrown, so a site without data still builds (figures then
 * show their messages and the article says the numbers are unavailable).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, type Manifest } from '../../../../pipeline/contract.ts';
import { assembleCore, type Core } from '../data/experiment.ts';
import { DataError, describeError } from '../data/errors.ts';
import { experimentEntry, parseManifest, requireFile } from '../data/manifest.ts';
import { resolveDataDir } from './data-dir.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

let manifestResult: Result<Manifest> | undefined;
const cores = new Map<string, Result<Core>>();

/** data/manifest.json, parsed once per build. */
export function buildManifest(): Result<Manifest> {
  if (!manifestResult) {
    const path = join(resolveDataDir(), MANIFEST_FILE);
    try {
      if (!existsSync(path))
        throw new DataError(
          MANIFEST_FILE,
          'missing',
          `${MANIFEST_FILE} was not found when this page was built (run npm run pipeline).`,
        );
      manifestResult = { ok: true, value: parseManifest(readFileSync(path, 'utf8')) };
    } catch (error) {
      manifestResult = { ok: false, error: describeError(error) };
    }
  }
  return manifestResult;
}

/** Nodes, positions and metrics of one experiment, decoded once per build. */
export function buildCore(name: string): Result<Core> {
  let result = cores.get(name);
  if (!result) {
    const manifest = buildManifest();
    if (!manifest.ok) return manifest;
    try {
      const entry = experimentEntry(manifest.value, name);
      const read = (table: 'nodes' | 'positions' | 'metrics'): Uint8Array => {
        const file = requireFile(entry, name, table);
        return new Uint8Array(readFileSync(join(resolveDataDir(), file.name)));
      };
      result = {
        ok: true,
        value: assembleCore(name, entry, {
          nodes: read('nodes'),
          positions: read('positions'),
          metrics: read('metrics'),
        }),
      };
    } catch (error) {
      result = { ok: false, error: describeError(error) };
    }
    cores.set(name, result);
  }
  return result;
}
