import { describe, expect, it } from 'vitest';
import {
  GRADIENTS,
  SALIENCY,
  SALIENCY_LEVELS,
  SENSITIVITY,
  type ExperimentEntry,
} from '../../../../pipeline/contract.ts';
import { encodeGradNorms } from '../../../../pipeline/experiments/mlp-classes/sensitivity-probe.ts';
import { encodeTable } from '../../../../pipeline/io/arrow.ts';
import { DataError } from './errors.ts';
import {
  assembleGradients,
  assembleSaliency,
  assembleSensitivity,
  viewGradNorms,
} from './sensitivity.ts';

const n = 2;
/** Gradient norms of every (snapshot, node) row of a layer's file: a zero, then 0.25 … 1.25. */
const NORMS = Float32Array.from({ length: 3 * n }, (_, r) => r / 4);
const CODED = encodeGradNorms(NORMS, n);
/** Two layers of `n` view nodes, three snapshots (the rest of the entry is not read). */
const entry = {
  kind: 'mlp-classes',
  nodes: { sample: n },
  layers: [4, 2].map((width, l) => ({
    index: l + 1,
    name: `hidden ${l + 1}`,
    width,
    nodes: n,
    gradNormLog10: CODED.ranges,
  })),
  snapshots: [0, 1, 2].map((s) => ({ index: s, epoch: s, step: 10 * s })),
  files: [],
} as unknown as ExperimentEntry;

function sensitivity(layer: number, rows = 3 * n): Uint8Array {
  return encodeTable(SENSITIVITY, {
    layer: new Int8Array(rows).fill(layer),
    snapshot: Int16Array.from({ length: rows }, (_, r) => Math.floor(r / n)),
    node: Int32Array.from({ length: rows }, (_, r) => r % n),
    grad_code: CODED.codes.subarray(0, rows),
  });
}

describe('sensitivity tables in the browser', () => {
  it('decodes the stored log codes on each snapshot’s range and slices one snapshot', () => {
    const s = assembleSensitivity('x', entry, 2, sensitivity(2));
    expect(s.ranges).toEqual([
      [Math.log10(0.25), Math.log10(0.25)],
      [Math.log10(0.5), Math.log10(0.75)],
      [0, Math.log10(1.25)],
    ]);
    expect(s.gradNorm[0]).toBe(0);
    // Each snapshot's ends are coded exactly (up to float32).
    for (let r = 1; r < NORMS.length; r++) expect(s.gradNorm[r]).toBeCloseTo(NORMS[r] ?? 0, 6);
    expect(Array.from(viewGradNorms(s, 1))).toEqual(Array.from(s.gradNorm.subarray(2, 4)));
  });

  it('rejects a manifest whose ranges are not one per snapshot, and codes that miss their range', () => {
    const short = {
      ...entry,
      layers: entry.layers.map((l) => ({ ...l, gradNormLog10: CODED.ranges.slice(0, 2) })),
    };
    expect(() => assembleSensitivity('x', short, 2, sensitivity(2))).toThrow(
      /x\/sensitivity-l2\.arrow: grad_code is coded per snapshot, but the manifest's layer 2 gradNormLog10 has 2 ranges for 3 snapshots/,
    );
    const wide = {
      ...entry,
      layers: entry.layers.map((l) => ({
        ...l,
        gradNormLog10: CODED.ranges.map(([lo, hi]) => [lo - 1, hi] as const),
      })),
    };
    // Snapshot 0's one positive norm on a range a decade wider than it: code 1 only, never 255.
    expect(() => assembleSensitivity('x', wide, 2, sensitivity(2))).toThrow(
      'x/sensitivity-l2.arrow: grad_code at snapshot 0 spans codes 1 … 1, but a snapshot coded on its own range [-1.6020599913279625, -0.6020599913279624] spans 1 … 255',
    );
  });

  it('rejects a coded file when the manifest gives no range for its layer', () => {
    const bare = { ...entry, layers: entry.layers.map(({ gradNormLog10: _, ...l }) => l) };
    expect(() => assembleSensitivity('x', bare, 2, sensitivity(2))).toThrow(
      /x\/sensitivity-l2\.arrow: grad_code is coded, but the manifest gives layer 2 no gradNormLog10/,
    );
  });

  it('rejects a file of another layer or with missing rows, naming it', () => {
    expect(() => assembleSensitivity('x', entry, 2, sensitivity(1))).toThrow(DataError);
    expect(() => assembleSensitivity('x', entry, 1, sensitivity(1, 2 * n))).toThrow(
      /x\/sensitivity-l1\.arrow: 4 rows, expected 6/,
    );
  });

  it('reads the summaries per layer and stretches saliency levels to 0 … 255', () => {
    const rows = 2 * 3;
    const column = Float32Array.from({ length: rows }, (_, r) => r / 10);
    const g = assembleGradients(
      'x',
      entry,
      encodeTable(GRADIENTS, {
        layer: Int8Array.from({ length: rows }, (_, r) => 1 + Math.floor(r / 3)),
        snapshot: Int16Array.from({ length: rows }, (_, r) => r % 3),
        grad_q10: column.slice(),
        grad_median: column.slice(),
        grad_q90: column.slice(),
        top10_share: column.slice(),
        spearman_wrong: column.slice(),
        spearman_margin: column.slice(),
      }),
    );
    expect(Array.from(g.column('top10_share', 1))).toEqual([0.3, 0.4, 0.5].map(Math.fround));
    const pixels = new Uint8Array(n * 784);
    pixels[3] = SALIENCY_LEVELS;
    pixels[784 + 5] = 3;
    const saliency = assembleSaliency(
      'x',
      entry,
      encodeTable(SALIENCY, {
        snapshot: new Int16Array(n).fill(2),
        node: Int32Array.from([0, 1]),
        pixels,
        scale: Float32Array.from([0.5, 2]),
      }),
    );
    expect(saliency.snapshot).toBe(2);
    expect(saliency.pixels[3]).toBe(255);
    expect(saliency.pixels[784 + 5]).toBe(Math.round((3 / SALIENCY_LEVELS) * 255));
    expect(Array.from(saliency.scale)).toEqual([0.5, 2]);
  });
});
