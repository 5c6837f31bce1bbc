import { describe, expect, it } from 'vitest';
import { GRADIENTS, SALIENCY, SALIENCY_LEVELS, SENSITIVITY, type ExperimentEntry } from '../../../../pipeline/contract.ts';
import { encodeTable } from '../../../../pipeline/io/arrow.ts';
import { DataError } from './errors.ts';
import { assembleGradients, assembleSaliency, assembleSensitivity, viewGradNorms } from './sensitivity.ts';

const n = 2;
/** Two layers of `n` view nodes, three snapshots (the rest of the entry is not read). */
const entry = {
  kind: 'mlp-classes',
  nodes: { sample: n },
  layers: [4, 2].map((width, l) => ({ index: l + 1, name: `hidden ${l + 1}`, width, nodes: n })),
  snapshots: [0, 1, 2].map((s) => ({ index: s, epoch: s, step: 10 * s })),
  files: [],
} as unknown as ExperimentEntry;

function sensitivity(layer: number, rows = 3 * n): Uint8Array {
  return encodeTable(SENSITIVITY, {
    layer: new Int8Array(rows).fill(layer),
    snapshot: Int16Array.from({ length: rows }, (_, r) => Math.floor(r / n)),
    node: Int32Array.from({ length: rows }, (_, r) => r % n),
    grad_norm: Float32Array.from({ length: rows }, (_, r) => r / 4),
  });
}

describe('sensitivity tables in the browser', () => {
  it('slices one snapshot’s gradient norms from a layer’s file', () => {
    const s = assembleSensitivity('x', entry, 2, sensitivity(2));
    expect(Array.from(viewGradNorms(s, 1))).toEqual([0.5, 0.75]);
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
    pixels[784 + 5] = 5;
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
    expect(saliency.pixels[784 + 5]).toBe(Math.round((5 / SALIENCY_LEVELS) * 255));
    expect(Array.from(saliency.scale)).toEqual([0.5, 2]);
  });
});
