import type * as Tf from '@tensorflow/tfjs';
import { tf } from '../train/tfjs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../train/backend.ts';
import { createRandom } from '../util/random.ts';
import { klPerDimension, klScalar, reparameterise, standardNormal } from './gaussian.ts';

describe('vae gaussian', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('KL of a diagonal Gaussian matches closed forms', () => {
    // N(0, 1) is the prior: KL 0. N(μ, 1): μ²/2. N(0, s²): ½(s² − 1 − ln s²).
    const mu = tf.tensor2d([[0, 2, 0, -1.5]]);
    const logVar = tf.tensor2d([[0, 0, Math.log(4), Math.log(0.25)]]);
    const kl = Array.from(klPerDimension(mu, logVar).dataSync());
    const expected = [0, 2, 0.5 * (4 - 1 - Math.log(4)), 0.5 * (2.25 + 0.25 - 1 - Math.log(0.25))];
    kl.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    expected.forEach((v, i) =>
      expect(klScalar(mu.dataSync()[i], logVar.dataSync()[i])).toBeCloseTo(v, 6),
    );
    tf.dispose([mu, logVar]);
  });

  it('KL agrees with a Monte Carlo estimate of E_q[log q − log p]', () => {
    const m = 0.7;
    const s = 0.4;
    const random = createRandom(3);
    const eps = standardNormal(random, 200000, 1);
    let sum = 0;
    for (const e of eps) {
      const z = m + s * e;
      sum += -0.5 * e * e - Math.log(s) + 0.5 * z * z; // log q − log p, constants cancel
    }
    expect(sum / eps.length).toBeCloseTo(klScalar(m, Math.log(s * s)), 2);
  });

  it('the reparameterised sampler has mean μ and variance exp(logVar)', () => {
    const n = 20000;
    const mus = [-1, 0.5, 3];
    const vars = [0.25, 1, 4];
    const eps = standardNormal(createRandom(7), n, 3);
    const z = tf.tidy(() =>
      reparameterise(
        tf.tensor2d(Array.from({ length: n }, () => mus)),
        tf.tensor2d(Array.from({ length: n }, () => vars.map(Math.log))),
        tf.tensor2d(eps, [n, 3]),
      ),
    );
    const values = z.dataSync();
    for (let j = 0; j < 3; j++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += values[i * 3 + j] / n;
      let variance = 0;
      for (let i = 0; i < n; i++) variance += (values[i * 3 + j] - mean) ** 2 / (n - 1);
      // Standard errors: √(var/n) ≤ 0.014 for the mean, var·√(2/n) ≤ 0.04 for the variance.
      expect(Math.abs(mean - mus[j])).toBeLessThan(4 * Math.sqrt(vars[j] / n));
      expect(Math.abs(variance - vars[j])).toBeLessThan(4 * vars[j] * Math.sqrt(2 / n));
    }
    z.dispose();
  });

  it('gradients flow to μ and logVar through the sample', () => {
    const eps = tf.tensor2d([[0.5, -2]]);
    const [gMu, gLogVar] = tf.grads((mu: Tf.Tensor, lv: Tf.Tensor) =>
      tf.sum(reparameterise(mu as Tf.Tensor2D, lv as Tf.Tensor2D, eps)),
    )([tf.tensor2d([[1, 1]]), tf.tensor2d([[0, Math.log(4)]])]);
    expect(Array.from(gMu.dataSync())).toEqual([1, 1]);
    // ∂z/∂logVar = ½·exp(logVar/2)·ε
    const g = gLogVar.dataSync();
    expect(g[0]).toBeCloseTo(0.25, 5);
    expect(g[1]).toBeCloseTo(-2, 5);
  });
});
