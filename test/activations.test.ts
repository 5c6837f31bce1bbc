/**
 * `--activations`, end to end on the quick preset: the export is opt-in (every other file the
 * same bytes with and without it), the cache never hands a run a result without the files it
 * asked for, the files are the views' real input (the stored kNN edges and activation-space
 * metrics are recomputed from them), and `check` rejects a corrupted export.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Field,
  FixedSizeList,
  Float32,
  Table,
  makeData,
  makeVector,
  tableToIPC,
} from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkData } from '../pipeline/check.ts';
import {
  ACTIVATIONS,
  MANIFEST_FILE,
  coordinateOf,
  contentFileName,
  quantiseWeight,
  type ExperimentEntry,
  type FileEntry,
  type Manifest,
} from '../pipeline/contract.ts';
import { displayEdges } from '../pipeline/graph/display-edges.ts';
import { pairwiseDistances } from '../pipeline/graph/distances.ts';
import { firstNeighbors, knnFromData } from '../pipeline/graph/knn.ts';
import { knnGraph } from '../pipeline/graph/knn-graph.ts';
import { decodeTable } from '../pipeline/io/arrow.ts';
import { sha256 } from '../pipeline/io/atomic.ts';
import { knnPreservation } from '../pipeline/metrics/knn-preservation.ts';
import { silhouette } from '../pipeline/metrics/silhouette.ts';
import { trustworthiness } from '../pipeline/metrics/trustworthiness.ts';
import { fingerprint, runCli, type CliResult } from './helpers/cli.ts';
import { copyQuickRun } from './helpers/quick-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-act-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const withFlag = join(dir, 'with');
const without = join(dir, 'without');
let runWith: CliResult;
let runWithout: CliResult;

const quick = (out: string, cache: string, ...extra: string[]): CliResult =>
  runCli(['--preset', 'quick', '--out', out, '--cache', join(dir, cache), ...extra]);

beforeAll(() => {
  runWith = quick(withFlag, 'cache-with', '--activations');
  // The suite-wide quick run is exactly `quick(without, 'cache-without')`: copied here.
  runWithout = copyQuickRun(without, join(dir, 'cache-without'));
});

const manifestOf = (out: string): Manifest =>
  JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')) as Manifest;
const isActivationFile = (name: string): boolean => /\/activations-l\d+\./.test(name);
/** A fingerprint without the files the flag adds, and without the manifest. */
const othersOf = (out: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(fingerprint(out)).filter(
      ([name]) => !isActivationFile(name) && name !== MANIFEST_FILE,
    ),
  );
/** A manifest without its activation file entries. */
const withoutActivations = (m: Manifest): Manifest => ({
  ...m,
  experiments: Object.fromEntries(
    Object.entries(m.experiments).map(([name, e]) => [
      name,
      { ...e, files: e.files.filter((f) => f.table !== 'activations') },
    ]),
  ),
});

describe('--activations on the quick preset', () => {
  it('writes one activations file per layer for the kNN-view experiments, and says which it skips', () => {
    expect(runWith.status, runWith.stderr).toBe(0);
    expect(runWith.stdout).toContain(
      'pipeline: --activations: mlp-bipartite (mlp-bipartite), vae-beta (vae-beta) have no kNN views of activations; no activation files for them',
    );
    const manifest = manifestOf(withFlag);
    for (const [name, entry] of Object.entries(manifest.experiments)) {
      const files = entry.files.filter((f) => f.table === 'activations');
      const expected = ['mlp-classes', 'mlp-toy', 'mlp-scrambled'].includes(name)
        ? entry.layers.map((l) => l.index)
        : [];
      expect(
        files.map((f) => f.split),
        name,
      ).toEqual(expected);
      for (const f of files) {
        const layer = entry.layers.find((l) => l.index === f.split);
        const table = decodeTable(readFileSync(join(withFlag, f.name)));
        const column = table.getChild('activation');
        expect((column?.type as FixedSizeList).listSize).toBe(layer?.width);
        expect(table.numRows).toBe((layer?.nodes ?? 0) * entry.snapshots.length);
      }
    }
    const check = runCli(['check', '--out', withFlag]);
    expect(check.stdout, check.stderr).toContain('is valid');
  });

  it('changes nothing else: without the flag every other file is the same bytes, and the manifest lists no export', () => {
    expect(runWithout.status, runWithout.stderr).toBe(0);
    expect(runWithout.stdout).not.toContain('--activations');
    const off = fingerprint(without);
    expect(Object.keys(off).some(isActivationFile)).toBe(false);
    expect(Object.keys(fingerprint(withFlag)).filter(isActivationFile)).toHaveLength(9);
    expect(othersOf(without)).toEqual(othersOf(withFlag));
    expect(manifestOf(without)).toEqual(withoutActivations(manifestOf(withFlag)));
  });

  it('never reuses a cache entry without the files, and a run without the flag leaves none behind', () => {
    const out = join(dir, 'switch');
    // The cache holds the run without the flag: a run with it must compute the files.
    const on = quick(out, 'cache-without', '--activations');
    expect(on.status, on.stderr).toBe(0);
    expect(on.stdout).toContain(
      'cache: mlp-classes: the cached entry has no activation files; recomputing',
    );
    expect(on.stdout).toMatch(/mlp-classes\s+computed/);
    expect(on.stdout).toMatch(/vae-beta\s+cached/);
    expect(fingerprint(out)).toEqual(fingerprint(withFlag));
    // Now the cache holds the files; a run without the flag drops them from the folder and the manifest.
    const off = quick(out, 'cache-without');
    expect(off.status, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/mlp-classes\s+cached/);
    expect(fingerprint(out)).toEqual(fingerprint(without));
    // And back on: served from the cache, which kept them.
    const again = quick(out, 'cache-without', '--activations');
    expect(again.stdout).toMatch(/mlp-classes\s+cached/);
    expect(fingerprint(out)).toEqual(fingerprint(withFlag));
    expect(runCli(['check', '--out', out]).status).toBe(0);
  });

  it('is an error (exit 2, nothing written) when no selected experiment has activation views', () => {
    const out = join(dir, 'none');
    const r = quick(out, 'cache-none', '--activations', '--only', 'vae-beta,mlp-bipartite');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'pipeline: --activations: no selected experiment has kNN views of activations (mlp-bipartite (mlp-bipartite), vae-beta (vae-beta)); the kinds that have them: mlp-classes, mlp-scrambled',
    );
    expect(fingerprint(out)).toEqual({});
  });
});

/** The rows of `table` with snapshot t (rows are sorted by snapshot). */
function snapshotRows(table: Table, t: number): [number, number] {
  const snapshot = table.getChild('snapshot')?.toArray() as Int16Array;
  return [snapshot.indexOf(t), snapshot.lastIndexOf(t) + 1];
}

function fileOf(entry: ExperimentEntry, table: string, split?: number): FileEntry {
  const file = entry.files.find((f) => f.table === table && f.split === split);
  if (!file) throw new Error(`test: no ${table} ${String(split)}`);
  return file;
}

/** Activations, positions and stored edges and metrics of one view of the run with the flag. */
function view(layer: number, t: number) {
  const entry = manifestOf(withFlag).experiments['mlp-classes'];
  const read = (table: string, split?: number): Table =>
    decodeTable(readFileSync(join(withFlag, fileOf(entry, table, split).name)));
  const n = entry.nodes.sample ?? 0;
  const width = entry.layers[layer - 1]?.width ?? 0;
  const acts = read('activations', layer).getChild('activation');
  const flat = acts?.data[0]?.children[0]?.values as Float32Array;
  const [a, b] = snapshotRows(read('positions', layer), t);
  const positions = read('positions', layer);
  const x = positions.getChild('x')?.toArray() as Int16Array;
  const y = positions.getChild('y')?.toArray() as Int16Array;
  const layout = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    layout[2 * i] = coordinateOf(x[a + i]);
    layout[2 * i + 1] = coordinateOf(y[a + i]);
  }
  const edges = read('edges', layer);
  const [e0, e1] = snapshotRows(edges, t);
  const metrics = read('metrics');
  const row = Array.from(metrics.getChild('layer')?.toArray() as Int8Array).findIndex(
    (l, r) => l === layer && (metrics.getChild('snapshot')?.toArray() as Int16Array)[r] === t,
  );
  const labels = read('nodes').getChild('label')?.toArray() as Int8Array;
  return {
    entry,
    n,
    width,
    rows: b - a,
    flat,
    activations: (s: number) => flat.slice(s * n * width, (s + 1) * n * width),
    layout,
    labels,
    edges: ['source', 'target', 'weight'].map((c) =>
      Array.from(edges.getChild(c)?.toArray() as ArrayLike<number>).slice(e0, e1),
    ),
    metric: (name: string) => (metrics.getChild(name)?.toArray() as Float32Array)[row],
  };
}

/** The display edges the view stage draws from these points: the project's kNN, fuzzy graph and edge choice. */
function edgesFrom(points: Float32Array, n: number, dim: number, config: Record<string, unknown>) {
  const k = config.knnK as number;
  const neighbors = knnFromData(points, n, dim, { k: Math.max(k, config.metricsK as number) });
  const shown = displayEdges(knnGraph(firstNeighbors(neighbors, k)), {
    perNode: config.displayEdgesPerNode as number,
  });
  return [
    Array.from(shown.source),
    Array.from(shown.target),
    Array.from(shown.weight, quantiseWeight),
  ];
}

describe('the exported activations are the views’ input', () => {
  it('rebuild the stored kNN edges exactly and the activation-space metrics, at every layer and snapshot', () => {
    const { entry } = view(1, 0);
    for (const layer of entry.layers.map((l) => l.index)) {
      for (const t of entry.snapshots.map((s) => s.index)) {
        const v = view(layer, t);
        const points = v.activations(t);
        expect(v.rows).toBe(v.n);
        expect(
          edgesFrom(points, v.n, v.width, entry.config),
          `layer ${layer} snapshot ${t}`,
        ).toEqual(v.edges);
        const high = pairwiseDistances(points, v.n, v.width);
        const low = pairwiseDistances(v.layout, v.n, 2);
        const k = entry.config.metricsK as number;
        // The stored metrics used Gram distances and the layout before int16 rounding.
        expect(silhouette(high, v.n, v.labels)).toBeCloseTo(v.metric('silhouette_activation'), 4);
        expect(trustworthiness(high, low, v.n, { k })).toBeCloseTo(v.metric('trustworthiness'), 2);
        expect(knnPreservation(high, low, v.n, { k })).toBeCloseTo(v.metric('knn_preservation'), 2);
      }
    }
  });

  it('negative control: another snapshot’s activations do not rebuild this snapshot’s edges', () => {
    const last = view(1, 0).entry.snapshots.length - 1;
    const v = view(2, last);
    expect(edgesFrom(v.activations(0), v.n, v.width, v.entry.config)).not.toEqual(v.edges);
    expect(
      silhouette(pairwiseDistances(v.activations(0), v.n, v.width), v.n, v.labels),
    ).not.toBeCloseTo(v.metric('silhouette_activation'), 2);
  });
});

/** An activations file built directly with apache-arrow (the writer refuses NaN). */
function rawActivations(
  layer: number,
  n: number,
  snapshots: number,
  width: number,
  values: Float32Array,
): Uint8Array {
  const rows = n * snapshots;
  const child = makeData({ type: new Float32(), length: values.length, data: values });
  const list = new FixedSizeList(width, new Field('item', new Float32(), false));
  return tableToIPC(
    new Table({
      layer: makeVector(new Int8Array(rows).fill(layer)),
      snapshot: makeVector(Int16Array.from({ length: rows }, (_, r) => Math.floor(r / n))),
      node: makeVector(Int32Array.from({ length: rows }, (_, r) => r % n)),
      activation: makeVector(
        makeData({ type: list, length: values.length / width, nullCount: 0, child }),
      ),
    }),
    'file',
  );
}

/** A copy of the run with the flag whose mlp-classes activations-l2 is replaced by `bytes` (manifest updated, so only the contract's rules can object). */
function corrupted(name: string, bytes: Uint8Array, rows: number): string {
  const out = join(dir, name);
  cpSync(withFlag, out, { recursive: true });
  const manifest = manifestOf(out);
  const entry = manifest.experiments['mlp-classes'];
  const old = fileOf(entry, 'activations', 2);
  const hash = sha256(bytes);
  const file = `mlp-classes/${contentFileName(ACTIVATIONS, 2, hash)}`;
  rmSync(join(out, old.name));
  writeFileSync(join(out, file), bytes);
  const files = entry.files.map((f) =>
    f === old ? { ...f, name: file, bytes: bytes.length, sha256: hash, rows } : f,
  );
  const next = {
    ...manifest,
    experiments: { ...manifest.experiments, 'mlp-classes': { ...entry, files } },
  };
  writeFileSync(join(out, MANIFEST_FILE), JSON.stringify(next, null, 2));
  return out;
}

describe('check rejects a corrupted activations file', () => {
  const v = () => view(2, 0);
  const snapshots = () => v().entry.snapshots.length;
  const all = (): Float32Array => v().flat.slice();

  it('accepts the same file rebuilt unchanged (the control)', () => {
    const { n, width } = v();
    const out = corrupted(
      'control',
      rawActivations(2, n, snapshots(), width, all()),
      n * snapshots(),
    );
    expect(checkData(out)).toEqual([]);
  });

  it('names the file and the column for a wrong width', () => {
    const { n, width } = v();
    const values = all();
    const narrow = new Float32Array((values.length / width) * (width - 1));
    for (let r = 0; r < values.length / width; r++)
      narrow.set(values.subarray(r * width, r * width + width - 1), r * (width - 1));
    const out = corrupted(
      'narrow',
      rawActivations(2, n, snapshots(), width - 1, narrow),
      n * snapshots(),
    );
    const problems = checkData(out);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(
        `^mlp-classes/activations-l2\\.[0-9a-f]+\\.arrow: column "activation" holds ${width - 1} values per row, but layer 2 has width ${width}`,
      ),
    );
  });

  it('names the file, the column, the row and the unit of a NaN', () => {
    const { n, width } = v();
    const values = all();
    values[5 * width + 3] = Number.NaN;
    const out = corrupted('nan', rawActivations(2, n, snapshots(), width, values), n * snapshots());
    expect(checkData(out)).toEqual([
      expect.stringMatching(
        /^mlp-classes\/activations-l2\.[0-9a-f]+\.arrow: column "activation" row 5, unit 3: NaN is not finite$/,
      ),
    ]);
    const cli = runCli(['check', '--out', out]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('column "activation" row 5, unit 3: NaN is not finite');
  });

  it('names the file and the column when the column is not a list', () => {
    const { n } = v();
    const rows = n * snapshots();
    const bytes = tableToIPC(
      new Table({
        layer: makeVector(new Int8Array(rows).fill(2)),
        snapshot: makeVector(Int16Array.from({ length: rows }, (_, r) => Math.floor(r / n))),
        node: makeVector(Int32Array.from({ length: rows }, (_, r) => r % n)),
        activation: makeVector(new Float32Array(rows)),
      }),
      'file',
    );
    expect(checkData(corrupted('scalar', bytes, rows))).toEqual([
      expect.stringMatching(
        /^mlp-classes\/activations-l2\.[0-9a-f]+\.arrow: column "activation" is Float32, expected a FixedSizeList<float32> of the layer's width$/,
      ),
    ]);
  });

  it('names the file for a wrong row count (a snapshot missing)', () => {
    const { n, width } = v();
    const short = all().slice(0, (snapshots() - 1) * n * width);
    const out = corrupted(
      'short',
      rawActivations(2, n, snapshots() - 1, width, short),
      n * (snapshots() - 1),
    );
    expect(checkData(out)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^mlp-classes/activations-l2\\.[0-9a-f]+\\.arrow: ${n * (snapshots() - 1)} rows, expected ${n * snapshots()}$`,
        ),
      ),
    ]);
  });
});
