/**
 * The committed data/ is what the site publishes: it must pass `check`, document itself,
 * and (default preset) show what the article claims.
 */
import { readFileSync } from 'node:fs';
import { tableFromIPC } from '@uwdata/flechette';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkData } from '../pipeline/check.ts';
import { PRESETS } from '../pipeline/config.ts';
import { LAYOUT_METHODS, NODE_KINDS, SCHEMA_VERSION, type Manifest } from '../pipeline/contract.ts';
import { dataReadme } from '../pipeline/io/data-readme.ts';
import { configHash } from '../pipeline/manifest.ts';
import { ROOT } from './helpers/cli.ts';

const DATA = join(ROOT, 'data');
const manifest = JSON.parse(readFileSync(join(DATA, 'manifest.json'), 'utf8')) as Manifest;

describe('committed data/', () => {
  // The first thing to read when the tests below fail together: data/ predates the contract.
  it('is written with this contract’s schema version (else: npm run pipeline)', () => {
    expect(
      manifest.schemaVersion,
      `data/ has schema ${manifest.schemaVersion}, the contract ${SCHEMA_VERSION}: regenerate data/ with npm run pipeline (schema 5 added local_radius_r and visible_share to metrics.arrow and fidelity.arrow)`,
    ).toBe(SCHEMA_VERSION);
  });

  it('passes check (contract, hashes, sort order, box)', () => {
    expect(checkData(DATA)).toEqual([]);
  });

  it('has an up-to-date data/README.md', () => {
    expect(readFileSync(join(DATA, 'README.md'), 'utf8')).toBe(dataReadme());
  });

  it('is the default preset with the current configs (else: npm run pipeline)', () => {
    expect(manifest.preset).toBe('default');
    for (const [name, config] of Object.entries(PRESETS.default ?? {})) {
      const entry = manifest.experiments[name];
      expect(entry, name).toBeDefined();
      expect(entry?.configHash, name).toBe(configHash(config, manifest.seed, entry?.backend ?? ''));
    }
  });

  it('shows classes pulling apart in the last hidden layer of the MNIST model', () => {
    const s = manifest.experiments['mlp-classes']?.summary ?? {};
    expect(s.finalTestAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(
      (s.lastLayerSilhouetteLayoutFinal ?? 0) - (s.lastLayerSilhouetteLayoutInitial ?? 0),
    ).toBeGreaterThanOrEqual(0.2);
    expect(s.lastLayerNeighborhoodHitFinal).toBeGreaterThanOrEqual(0.85);
    expect(s.lastLayerTrustworthinessFinal).toBeGreaterThanOrEqual(0.9);
  });

  it('draws every neuron × sample edge between a sample and a unit of that layer, weighted by a positive activation', () => {
    const entry = manifest.experiments['mlp-bipartite'];
    expect(entry).toBeDefined();
    if (!entry) return;
    const read = (table: string, split?: number) => {
      const file = entry.files.find((f) => f.table === table && f.split === split);
      if (!file) throw new Error(`no ${table} ${split ?? ''}`);
      return tableFromIPC(readFileSync(join(DATA, file.name)));
    };
    const nodes = read('nodes');
    const kind = nodes.getChild('kind').toArray() as Int8Array;
    const unitLayer = nodes.getChild('unit_layer').toArray() as Int8Array;
    const SAMPLE = NODE_KINDS.indexOf('sample');
    for (const layer of entry.layers) {
      const edges = read('edges', layer.index);
      const source = edges.getChild('source').toArray() as Int32Array;
      const target = edges.getChild('target').toArray() as Int32Array;
      const weight = edges.getChild('weight').toArray() as Float32Array;
      expect(source.length, `layer ${layer.index}: edges`).toBeGreaterThan(0);
      let bad = 0;
      for (let e = 0; e < source.length; e++) {
        const [s, t] = [source[e] ?? 0, target[e] ?? 0];
        const sampleToUnit =
          kind[s] === SAMPLE && kind[t] !== SAMPLE && unitLayer[t] === layer.index;
        if (!sampleToUnit || !((weight[e] ?? 0) > 0)) bad++;
      }
      expect(
        bad,
        `layer ${layer.index}: edges that are not sample → unit of the layer with activation > 0`,
      ).toBe(0);
    }
  });

  it('places the neuron × sample graph’s live units among the samples, not in one clump', () => {
    // The refinement of the kNN views, applied to this graph by mistake, clumped a layer's units
    // (spread 0.04–0.37 of the samples') and squeezed the samples (spread 0.15–0.27 of the ring's
    // radius); ForceAtlas2 alone gives 0.85–0.96 and 0.38–0.57.
    const entry = manifest.experiments['mlp-bipartite'];
    if (!entry) throw new Error('no mlp-bipartite experiment');
    for (const layer of entry.layers) {
      const file = entry.files.find((f) => f.table === 'positions' && f.split === layer.index);
      if (!file) throw new Error(`no positions-l${layer.index}`);
      const table = tableFromIPC(readFileSync(join(DATA, file.name)));
      const snapshot = table.getChild('snapshot').toArray() as Int16Array;
      const x = table.getChild('x').toArray() as Int16Array;
      const y = table.getChild('y').toArray() as Int16Array;
      const predicted = table.getChild('predicted').toArray() as Int8Array;
      for (const shown of [0, entry.snapshots.length - 1]) {
        const rows = [...snapshot.keys()].filter((r) => snapshot[r] === shown);
        const radius = (r: number) => Math.hypot(x[r] ?? 0, y[r] ?? 0);
        const ring = Math.max(...rows.map(radius));
        // Nodes without an edge sit on the ring at the edge of the box, not placed by forces.
        const spread = (unit: boolean): number => {
          const placed = rows.filter(
            (r) => (predicted[r] === -1) === unit && radius(r) <= 0.9 * ring,
          );
          const sd = (v: number[]) => {
            const m = v.reduce((a, b) => a + b, 0) / v.length;
            return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
          };
          return Math.hypot(sd(placed.map((r) => x[r] ?? 0)), sd(placed.map((r) => y[r] ?? 0)));
        };
        const what = `layer ${layer.index}, snapshot ${shown}`;
        expect(spread(true) / spread(false), `${what}: units' spread / samples'`).toBeGreaterThan(
          0.6,
        );
        expect(spread(false) / ring, `${what}: samples' spread / ring radius`).toBeGreaterThan(0.3);
      }
    }
  });

  it('keeps, per digit of the compared layouts, the neighbours whose mean is fidelity.arrow’s kNN preservation', () => {
    const entry = manifest.experiments['mlp-classes'];
    const read = (table: string) => {
      const file = entry?.files.find((f) => f.table === table);
      if (!file) throw new Error(`mlp-classes has no ${table}`);
      return tableFromIPC(readFileSync(join(DATA, file.name)));
    };
    const column = (t: ReturnType<typeof read>, name: string) =>
      Array.from(t.getChild(name).toArray() as ArrayLike<number>);
    const fidelity = read('fidelity');
    const comparison = read('comparison');
    const k = Number(entry?.config.metricsK);
    const [fl, fs, fm, fk] = ['layer', 'snapshot', 'method', 'knn_preservation'].map((c) =>
      column(fidelity, c),
    );
    const [cl, cm, kept] = ['layer', 'method', 'preserved'].map((c) => column(comparison, c));
    const last = Math.max(...(fs ?? []));
    let compared = 0;
    for (let r = 0; r < fidelity.numRows; r++) {
      if (fs?.[r] !== last) continue;
      const counts = (kept ?? []).filter((_, i) => cl?.[i] === fl?.[r] && cm?.[i] === fm?.[r]);
      expect(counts.length).toBeGreaterThan(0);
      expect(Math.max(...counts)).toBeLessThanOrEqual(k);
      const mean = counts.reduce((a, b) => a + b, 0) / (counts.length * k);
      expect(mean, `layer ${fl?.[r]} method ${fm?.[r]}`).toBeCloseTo(fk?.[r] ?? NaN, 6);
      compared++;
    }
    expect(compared).toBe(entry?.layers.length ? entry.layers.length * LAYOUT_METHODS.length : -1);
  });
});
