import { beforeAll, describe, expect, it } from 'vitest';
import { SALIENCY_LEVELS } from '../../contract.ts';
import { decodeTable } from '../../io/arrow.ts';
import { selectBackend } from '../../train/backend.ts';
import { buildMlp } from '../../train/mlp.ts';
import { gradientNorms } from '../../train/sensitivity.ts';
import { createRandom } from '../../util/random.ts';
import { quantiseSaliency, sensitivityProbe } from './sensitivity-probe.ts';

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
    const norms = layer2.getChild('grad_norm')?.toArray() as Float32Array;
    // Snapshot 1's rows follow snapshot 0's; the model did not change, so both equal the reference.
    for (let i = 0; i < n; i++) {
      expect(norms[i]).toBeCloseTo(expected.norms[1][i], 5);
      expect(norms[n + i]).toBeCloseTo(expected.norms[1][i], 5);
    }
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
