import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../pipeline/contract.ts';
import {
  assembleEdges,
  assembleLayerViews,
  assembleProjections,
  assembleRegions,
  viewEdges,
  viewPositions,
  viewPredicted,
  viewRegions,
} from '../src/lib/data/experiment.ts';
import { headFileName, HEAD_TABLES, tailFileName, TAIL_TABLES } from '../src/lib/data/heads.ts';
import { tableFromIPC } from 'apache-arrow';
import { writeHeads } from './heads.ts';

const DATA = resolve(import.meta.dirname, '..', '..', 'data');
const manifest = JSON.parse(readFileSync(join(DATA, 'manifest.json'), 'utf8')) as Manifest;
const NAME = 'mlp-toy';
const entry = manifest.experiments[NAME];
const headEntry = { ...entry, snapshots: entry.snapshots.slice(0, 1) };

// A data folder holding only the toy experiment (small), with its head files written.
const dir = mkdtempSync(join(tmpdir(), 'structviz-heads-'));
const files = entry.files.filter((f) =>
  [...HEAD_TABLES, ...TAIL_TABLES].includes(f.table as (typeof HEAD_TABLES)[number]),
);
const tailed = files.filter((f) => (TAIL_TABLES as readonly string[]).includes(f.table));
const headed = files.filter((f) => (HEAD_TABLES as readonly string[]).includes(f.table));
for (const f of files) {
  mkdirSync(dirname(join(dir, f.name)), { recursive: true });
  copyFileSync(join(DATA, f.name), join(dir, f.name));
}
writeFileSync(
  join(dir, 'manifest.json'),
  JSON.stringify({ ...manifest, experiments: { [NAME]: entry } }),
);
const written = writeHeads(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
const layer = entry.layers[0]?.index ?? 1;
const fileOf = (table: string) =>
  files.find((f) => f.table === table && (f.split === undefined || f.split === layer))!;

describe('head files', () => {
  it('are written for every file of a head (tail) table, and are a small part of it', () => {
    expect(tailed.length).toBeGreaterThan(0);
    expect(written).toBe(headed.length + tailed.length);
    for (const f of headed) expect(bytes(headFileName(f.name)).length).toBeLessThan(f.bytes / 4);
    for (const f of tailed) expect(bytes(tailFileName(f.name)).length).toBeLessThan(f.bytes / 4);
  });

  it('hold exactly the first snapshot of positions, projections, regions and edges', () => {
    const positions = fileOf('positions');
    const full = assembleLayerViews(NAME, entry, layer, bytes(positions.name));
    const head = assembleLayerViews(NAME, headEntry, layer, bytes(headFileName(positions.name)));
    expect(head.xy).toEqual(viewPositions(full, 0));
    expect(head.predicted).toEqual(viewPredicted(full, 0));
    expect(head.nodeIds).toEqual(full.nodeIds);

    const projections = fileOf('projections');
    const fullP = assembleProjections(NAME, entry, layer, bytes(projections.name));
    const headP = assembleProjections(
      NAME,
      headEntry,
      layer,
      bytes(headFileName(projections.name)),
    );
    expect(headP.xy).toEqual(viewPositions(fullP, 0));

    const regions = fileOf('regions');
    const fullR = viewRegions(assembleRegions(NAME, entry, bytes(regions.name)), 0);
    const headR = viewRegions(
      assembleRegions(NAME, headEntry, bytes(headFileName(regions.name))),
      0,
    );
    expect(headR).toEqual(fullR);

    const edges = fileOf('edges');
    const fullE = viewEdges(assembleEdges(NAME, entry, layer, bytes(edges.name)), 0);
    const headE = viewEdges(
      assembleEdges(NAME, headEntry, layer, bytes(headFileName(edges.name))),
      0,
    );
    expect(headE.source).toEqual(fullE.source);
    expect(headE.target).toEqual(fullE.target);
    expect(headE.source.length).toBeGreaterThan(0);
  });

  it('tail files hold exactly the last snapshot of positions and edges, rows as in the whole table', () => {
    const S = entry.snapshots.length;
    expect(S).toBeGreaterThan(1);
    const lastEntry = { ...entry, snapshots: entry.snapshots.slice(-1) };
    const positions = fileOf('positions');
    const full = assembleLayerViews(NAME, entry, layer, bytes(positions.name));
    const tail = assembleLayerViews(NAME, lastEntry, layer, bytes(tailFileName(positions.name)));
    expect(tail.xy).toEqual(viewPositions(full, S - 1));
    expect(tail.xy).not.toEqual(viewPositions(full, S - 2));
    expect(tail.predicted).toEqual(viewPredicted(full, S - 1));
    expect(tail.nodeIds).toEqual(full.nodeIds);
    // The rows are the whole table's, snapshot column included.
    const snapshots = tableFromIPC(bytes(tailFileName(positions.name)))
      .getChild('snapshot')!
      .toArray() as ArrayLike<number>;
    expect(new Set(Array.from(snapshots, Number))).toEqual(new Set([S - 1]));

    const edges = fileOf('edges');
    const fullE = viewEdges(assembleEdges(NAME, entry, layer, bytes(edges.name)), S - 1);
    // Assembled against every snapshot (as the browser does): only the last one holds edges.
    const tailEdges = assembleEdges(NAME, entry, layer, bytes(tailFileName(edges.name)));
    const tailE = viewEdges(tailEdges, S - 1);
    expect(tailE.source).toEqual(fullE.source);
    expect(tailE.target).toEqual(fullE.target);
    expect(tailE.source.length).toBeGreaterThan(0);
    expect(viewEdges(tailEdges, 0).source.length).toBe(0);
  });
});
