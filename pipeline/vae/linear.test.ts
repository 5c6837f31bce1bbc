import type * as Tf from '@tensorflow/tfjs';
import { tf } from '../train/tfjs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../config.ts';
import { selectBackend } from '../train/backend.ts';
import { createRandom, deriveSeed } from '../util/random.ts';
import { standardNormal } from './gaussian.ts';
import {
  covariance,
  expectedLinearVaeLoss,
  linearVaeLossGradient,
  randomBasis,
  sampledLinearVaeLoss,
  spectrumData,
  trainLinearVaeSweep,
} from './linear.ts';

const quick = PRESETS.quick['vae-beta'];
if (quick?.kind !== 'vae-beta') throw new Error('the quick preset has no vae-beta experiment');

describe('linear VAE', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('draws data whose sample covariance is exactly U·diag(λ)·Uᵀ', () => {
    const eigen = [9, 4, 1, 0.25];
    const basis = randomBasis(4, createRandom(1));
    const c = covariance(spectrumData(eigen, basis, 300, createRandom(2)), 4);
    for (let a = 0; a < 4; a++)
      for (let b = 0; b < 4; b++) {
        let expected = 0;
        for (let i = 0; i < 4; i++) expected += basis[a * 4 + i] * eigen[i] * basis[b * 4 + i];
        expect(c[a * 4 + b]).toBeCloseTo(expected, 3);
      }
  });

  it('the closed-form expected loss equals the mean of the sampled loss', () => {
    const d = 3;
    const n = 4000;
    const x = spectrumData([4, 1, 0.5], randomBasis(d, createRandom(3)), n, createRandom(4));
    const random = createRandom(5);
    const matrix = (rows: number, cols: number) =>
      tf.tensor2d(
        standardNormal(random, rows, cols).map((v) => 0.5 * v),
        [rows, cols],
      );
    const [v, w, lv] = [matrix(d, d), matrix(d, d), matrix(1, d)];
    const c = tf.tensor2d(covariance(x, d), [d, d]);
    const expected = expectedLinearVaeLoss(c, v, w, lv, 2, 0.7).dataSync()[0];
    // Average the sampled loss over 20 independent ε draws: Monte Carlo error ≈ 1 %.
    const xs = tf.tensor2d(x, [n, d]);
    let sampled = 0;
    const epsRandom = createRandom(6);
    for (let r = 0; r < 20; r++) {
      const eps = tf.tensor2d(standardNormal(epsRandom, n, d), [n, d]);
      sampled += sampledLinearVaeLoss(xs, v, w, lv, eps, 2, 0.7).dataSync()[0] / 20;
      eps.dispose();
    }
    expect(Math.abs(sampled - expected) / expected).toBeLessThan(0.01);
    tf.dispose([v, w, lv, c, xs]);
  });

  it('the plain gradient equals tfjs autodiff of the expected loss, and the loss matches', () => {
    const d = 4;
    const c = covariance(
      spectrumData([6, 2, 1, 0.3], randomBasis(d, createRandom(7)), 500, createRandom(8)),
      d,
    );
    const random = createRandom(9);
    const theta = Float64Array.from(standardNormal(random, 1, 2 * d * d + d), (v) => 0.4 * v);
    const [beta, noise] = [1.7, 0.6];
    const grad = new Float64Array(theta.length);
    const loss = linearVaeLossGradient(Float64Array.from(c), theta, d, beta, noise, grad);
    const ct = tf.tensor2d(c, [d, d]);
    const v = tf.tensor2d(Float32Array.from(theta.subarray(0, d * d)), [d, d]);
    const w = tf.tensor2d(Float32Array.from(theta.subarray(d * d, 2 * d * d)), [d, d]);
    const lv = tf.tensor2d(Float32Array.from(theta.subarray(2 * d * d)), [1, d]);
    const f = (a: Tf.Tensor, b: Tf.Tensor, e: Tf.Tensor) =>
      expectedLinearVaeLoss(ct, a as Tf.Tensor2D, b as Tf.Tensor2D, e as Tf.Tensor2D, beta, noise);
    const reference = f(v, w, lv).dataSync()[0];
    const grads = tf.grads(f)([v, w, lv]);
    const auto = new Float64Array(grads.flatMap((g) => Array.from(g.dataSync())));
    expect(Math.abs(loss - reference) / Math.abs(reference)).toBeLessThan(1e-5);
    let worst = 0;
    let scale = 0;
    auto.forEach((g, e) => {
      worst = Math.max(worst, Math.abs(g - grad[e]));
      scale = Math.max(scale, Math.abs(g));
    });
    expect(worst / scale).toBeLessThan(1e-4);
    // A wrong sign in one block would show: the W block alone is far from zero.
    expect(scale).toBeGreaterThan(0.1);
    tf.dispose([ct, v, w, lv, ...grads]);
  });

  it('in the quick preset, directions collapse in order of their eigenvalue, smallest first', () => {
    const { linear, betas } = quick;
    const results = trainLinearVaeSweep(betas, { ...linear, seed: deriveSeed(1, 'linear') });
    const d = linear.eigenvalues.length;
    const collapsed = results.map((r) => r.dimensions.filter((x) => !x.measuredActive).length);
    for (const result of results) {
      const active = result.dimensions.map((x) => x.measuredActive);
      // Active directions are a prefix (largest eigenvalues): nothing active after a collapsed one.
      expect(active.slice(active.indexOf(false) >= 0 ? active.indexOf(false) : d)).not.toContain(
        true,
      );
    }
    // The smallest β already collapses the smallest-eigenvalue direction, and keeps the largest.
    expect(results[0].dimensions[d - 1].measuredActive).toBe(false);
    expect(results[0].dimensions[0].measuredActive).toBe(true);
    // Raising β collapses more.
    expect([...collapsed].sort((a, b) => a - b)).toEqual(collapsed);
    expect(collapsed[collapsed.length - 1]).toBeGreaterThan(collapsed[0]);
    // Every state agrees with λ_i > β·σ² (no quick-preset direction is near its threshold).
    for (const r of results)
      for (const x of r.dimensions) expect(x.measuredActive).toBe(x.predictedActive);
  });
});
