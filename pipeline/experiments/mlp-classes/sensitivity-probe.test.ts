import { beforeAll, describe, expect, it } from 'vitest';
import { GRAD_CODE_MAX, SALIENCY_LEVELS, decodeGradNorm, encodeGradNorm } from '../../contract.ts';
import { decodeTable } from '../../io/arrow.ts';
import { selectBackend } from '../../train/backend.ts';
import { buildMlp } from '../../train/mlp.ts';
import { gradientNorms } from '../../train/sensitivity.ts';
import { createRandom } from '../../util/random.ts';
import { encodeGradNorms, quantiseSaliency, sensitivityProbe } from './sensitivity-probe.ts';

describe('gradient-norm codes', () => {
  it('round-trips norms over 15 decades within half a log step, zero to zero', () => {
    const random = createRandom(4);
    const norms = Float32Array.from({ length: 1000 }, (_, i) =>
      i === 0 ? 0 : 10 ** (-14 + 15 * random()),
    );
    const { codes, ranges } = encodeGradNorms(norms, norms.length);
    const range = ranges[0] ?? [0, 0];
    const halfStep = (range[1] - range[0]) / (2 * (GRAD_CODE_MAX - 1));
    expect(codes[0]).toBe(0);
    let worst = 0;
    for (let i = 1; i < norms.length; i++) {
      expect(codes[i]).toBeGreaterThanOrEqual(1);
      const back = decodeGradNorm(codes[i], range);
      worst = Math.max(worst, Math.abs(Math.log10(back) - Math.log10(norms[i])));
    }
    expect(worst).toBeLessThanOrEqual(halfStep + 1e-9);
    // Not trivially: the error uses most of the half step.
    expect(worst).toBeGreaterThan(halfStep / 2);
    expect(Math.max(...codes)).toBe(GRAD_CODE_MAX);
  });

  it('codes each snapshot on its own range, so a narrow spread beside a wide one keeps its ranks', () => {
    // Snapshot 0 as at initialisation (1.1 … 1.4), snapshot 1 over 12 decades.
    const random = createRandom(5);
    const n = 1000;
    const norms = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      norms[i] = 1.1 + 0.3 * random();
      norms[n + i] = 10 ** (-11 + 12 * random());
    }
    const { codes, ranges } = encodeGradNorms(norms, n);
    expect(ranges).toHaveLength(2);
    expect(ranges[0]?.[0]).toBeCloseTo(Math.log10(Math.min(...norms.subarray(0, n))), 6);
    const first = codes.subarray(0, n);
    expect(new Set(first).size).toBeGreaterThan(200);
    expect(Math.min(...first)).toBe(1);
    expect(Math.max(...first)).toBe(GRAD_CODE_MAX);
    // On one range over both snapshots, the first would fall on a handful of codes.
    const joint = encodeGradNorms(norms, 2 * n).codes.subarray(0, n);
    expect(new Set(joint).size).toBeLessThan(5);
    expect(() => encodeGradNorms(norms, 3)).toThrow(
      'sensitivity: 2000 gradient norms are not whole snapshots of 3',
    );
  });

  it('codes a constant layer as 1 and clamps values outside the range', () => {
    expect(encodeGradNorms(Float32Array.from([0.5, 0.5]), 2).codes).toEqual(
      Uint8Array.from([1, 1]),
    );
    expect(decodeGradNorm(1, [Math.log10(0.5), Math.log10(0.5)])).toBeCloseTo(0.5, 12);
    expect(encodeGradNorm(1e9, [0, 1])).toBe(GRAD_CODE_MAX);
    expect(encodeGradNorm(1e-9, [0, 1])).toBe(1);
    expect(encodeGradNorm(-1, [0, 1])).toBe(0);
  });
});

describe('quantiseSaliency', () => {
  it('scales each image by its own largest |g| into 0 … SALIENCY_LEVELS', () => {
    const g = Float32Array.from([0, -2, 1, 0.5, 0, 0, 0, 0]);
    const q = quantiseSaliency(g, 4);
    expect(Array.from(q.scale)).toEqual([2, 0]);
    expect(Array.from(q.pixels)).toEqual([
      0,
      SALIENCY_LEVELS,
      Math.round(SALIENCY_LEVELS / 2),
      Math.round(SALIENCY_LEVELS / 4),
      0,
      0,
      0,
      0,
    ]);
  });
});

describe('sensitivityProbe', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('writes every (layer, snapshot, sample), the summaries and the last snapshot’s saliency', () => {
    const model = buildMlp({ inputDim: 784, classes: 3, hidden: [6, 4], seed: 2 });
    const random = createRandom(3);
    const n = 7;
    const xTrace = Float32Array.from({ length: n * 784 }, () => random());
    const labels = Uint8Array.from({ length: n }, (_, i) => i % 3);
    const probe = sensitivityProbe({ xTrace, labels, saliency: true, snapshots: 2 });
    probe.probe(model, 0);
    probe.probe(model, 1);
    expect(() => probe.probe(model, 5)).toThrow('sensitivity: snapshot 5 probed out of order');
    const tables = probe.tables();
    expect(tables.map((t) => `${t.table}${t.split ?? ''}:${t.rows}`)).toEqual([
      'sensitivity1:14',
      'attributions1:14',
      'sensitivity2:14',
      'attributions2:14',
      'gradients:4',
      'saliency:7',
    ]);
    const expected = gradientNorms(model, xTrace, labels, { inputGradients: true });
    const layer2 = decodeTable(tables[2].bytes);
    const codes = layer2.getChild('grad_code')?.toArray() as Uint8Array;
    // Snapshot 1's rows follow snapshot 0's; the model did not change, so both equal the reference.
    for (let i = 0; i < n; i++)
      for (const [s, row] of [
        [0, i],
        [1, n + i],
      ] as const) {
        const range = probe.codeRanges[1]?.[s] ?? [0, 0];
        const halfStep = (range[1] - range[0]) / (2 * (GRAD_CODE_MAX - 1));
        expect(
          Math.abs(
            Math.log10(decodeGradNorm(codes[row], range)) - Math.log10(expected.norms[1][i]),
          ),
        ).toBeLessThanOrEqual(halfStep + 1e-6);
      }
    expect(probe.codeRanges).toHaveLength(2);
    expect(probe.codeRanges[1]).toHaveLength(2);
    const saliency = decodeTable(tables[5].bytes);
    expect(Array.from(saliency.getChild('snapshot')?.toArray() as Int16Array)).toEqual(
      new Array(n).fill(1),
    );
    const attribution = decodeTable(tables[3].bytes)
      .getChild('attribution')
      ?.toArray() as Float32Array;
    expect(attribution[n + 3]).toBeCloseTo(expected.attributions[1][3], 5);
    const scale = saliency.getChild('scale')?.toArray() as Float32Array;
    const g = expected.inputGradients ?? new Float32Array(0);
    const max = g.subarray(0, 784).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(scale[0]).toBeCloseTo(max, 6);
    model.dispose();
  });
});
