/**
 * One rule, one implementation: the same broken table is fed to `pipeline check` (apache-arrow)
 * and to the site's loader (flechette); both must name the same problem, in the same words.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkData } from '../pipeline/check.ts';
import {
  MANIFEST_FILE,
  POSITIONS,
  SCHEMA_VERSION,
  contentFileName,
  type Manifest,
} from '../pipeline/contract.ts';
import { encodeTable } from '../pipeline/io/arrow.ts';
import { sha256 } from '../pipeline/io/atomic.ts';
import { assembleLayerViews } from '../site/src/lib/data/experiment.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const n = 4;
const S = 2;
const entry = {
  kind: 'mlp-classes',
  title: 't',
  dataset: { name: 'toy', classes: ['a', 'b'], train: 8, test: 4, trace: n },
  nodes: { sample: n },
  config: {},
  configHash: 'x',
  backend: 'cpu',
  seed: 1,
  layers: [{ index: 1, name: 'hidden 1', width: 3, nodes: n }],
  snapshots: [
    { index: 0, epoch: 0, step: 0 },
    { index: 1, epoch: 1, step: 5 },
  ],
  summary: {},
} as const;

/** A valid positions-l1.arrow, then `edit` applied to its columns. */
function positions(
  edit: (c: {
    layer: Int8Array;
    snapshot: Int16Array;
    node: Int32Array;
    x: Int16Array;
    y: Int16Array;
    predicted: Int8Array;
  }) => void,
  rows = n * S,
): Uint8Array {
  const columns = {
    layer: new Int8Array(rows).fill(1),
    snapshot: Int16Array.from({ length: rows }, (_, r) => Math.floor(r / n)),
    node: Int32Array.from({ length: rows }, (_, r) => r % n),
    x: new Int16Array(rows),
    y: new Int16Array(rows),
    predicted: new Int8Array(rows),
  };
  edit(columns);
  return encodeTable(POSITIONS, columns);
}

/** What check says about the file, and what the site's loader throws for it. */
function bothReaders(bytes: Uint8Array): { check: string[]; site: string } {
  const dir = mkdtempSync(join(tmpdir(), 'structviz-rules-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'toy'));
  // Published under its content-addressed name, as the pipeline does; messages use the contract name.
  const published = `toy/${contentFileName(POSITIONS, 1, sha256(bytes))}`;
  writeFileSync(join(dir, published), bytes);
  const file = {
    name: published,
    table: 'positions',
    split: 1,
    bytes: bytes.length,
    sha256: sha256(bytes),
    rows: 0,
  } as const;
  const manifest: Manifest = {
    schemaVersion: SCHEMA_VERSION,
    generatorVersion: 'test',
    backend: 'cpu',
    seed: 1,
    preset: 'test',
    experiments: { toy: { ...entry, files: [file] } },
  };
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
  let site = '';
  try {
    assembleLayerViews('toy', manifest.experiments.toy, 1, bytes);
  } catch (error) {
    site = (error as Error).message;
  }
  // The manifest's row count is deliberately 0 and other tables are absent: keep only the table's own rules.
  const check = checkData(dir)
    .filter((p) => p.startsWith(published) && !p.includes('manifest says'))
    .map((p) => p.replace(published, 'toy/positions-l1.arrow'));
  return { check, site };
}

describe('contract table rules: check and the site reader agree', () => {
  it.each([
    [
      'a node id outside the experiment',
      (c: { node: Int32Array }) => void (c.node[7] = n),
      'toy/positions-l1.arrow: node[7] = 4 is not a node id (0 … 3)',
    ],
    [
      'rows out of order',
      (c: { snapshot: Int16Array }) => void (c.snapshot[1] = 1),
      'toy/positions-l1.arrow: row 2 is out of order (sorted by layer, snapshot, node)',
    ],
    [
      'a row of another layer',
      (c: { layer: Int8Array }) => void (c.layer[7] = 2),
      'toy/positions-l1.arrow: layer[7] = 2, but this file holds layer 1',
    ],
    [
      'a prediction below -1',
      (c: { predicted: Int8Array }) => void (c.predicted[0] = -5),
      'toy/positions-l1.arrow: predicted[0] = -5 is outside -1 … 127',
    ],
  ])('%s', (_, edit, message) => {
    const { check, site } = bothReaders(positions(edit));
    expect(check).toEqual([message]);
    expect(site).toBe(`${message}.`);
  });

  it('a row count that does not match the manifest', () => {
    const { check, site } = bothReaders(positions(() => undefined, n * S - 1));
    expect(check).toContain('toy/positions-l1.arrow: 7 rows, expected 8');
    expect(site.startsWith('toy/positions-l1.arrow: 7 rows, expected 8')).toBe(true);
  });

  it('the valid table passes both', () => {
    const { check, site } = bothReaders(positions(() => undefined));
    expect(check).toEqual([]);
    expect(site).toBe('');
  });
});
