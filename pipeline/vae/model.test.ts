import { tf } from '../train/tfjs.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../train/backend.ts';
import { createRandom } from '../util/random.ts';
import { standardNormal } from './gaussian.ts';
import { bernoulliNll, createVae, decodeLogits, disposeVae, vaeLoss } from './model.ts';
import {
  TRAVERSAL_STEPS,
  groupPosteriorVariance,
  jacobianOrthogonality,
  polarisedShare,
  probeVae,
} from './probe.ts';
import { trainVae } from './train-vae.ts';

const shape = { inputDim: 12, hidden: 8, latent: 3 };

/** Toy binary images: three prototypes with flipped pixels. */
function toyData(n: number): Float32Array {
  const random = createRandom(11);
  const x = new Float32Array(n * shape.inputDim);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < shape.inputDim; p++) {
      const on = Math.floor(p / 4) === i % 3;
      x[i * shape.inputDim + p] = on !== random() < 0.05 ? 1 : 0;
    }
  return x;
}

describe('vae model', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('the Bernoulli NLL equals −x·log p − (1 − x)·log(1 − p)', () => {
    const logits = tf.tensor1d([-3, 0, 2.5, 20]);
    const x = tf.tensor1d([0, 1, 0.3, 1]);
    const got = bernoulliNll(x, logits).dataSync();
    [-3, 0, 2.5, 20].forEach((l, i) => {
      const p = 1 / (1 + Math.exp(-l));
      const t = [0, 1, 0.3, 1][i];
      expect(got[i]).toBeCloseTo(-t * Math.log(p) - (1 - t) * Math.log(1 - p), 4);
    });
    tf.dispose([logits, x]);
  });

  it('training lowers the loss, deterministically; the autoencoder has no KL', () => {
    const x = toyData(90);
    const run = (autoencoder: boolean) => {
      const vae = createVae(shape, createRandom(1));
      const xs = tf.tensor2d(x, [90, shape.inputDim]);
      const eps = tf.tensor2d(standardNormal(createRandom(2), 90, 3), [90, 3]);
      const before = tf.tidy(
        () => vaeLoss(vae, xs, 1, autoencoder ? undefined : eps).loss.dataSync()[0],
      );
      const snaps = trainVae(vae, x, {
        beta: 1,
        autoencoder,
        epochs: 20,
        batchSize: 30,
        learningRate: 0.01,
        snapshotsInFirstEpoch: 1,
        random: createRandom(3),
        noise: createRandom(4),
      });
      const after = tf.tidy(() => {
        const l = vaeLoss(vae, xs, 1, autoencoder ? undefined : eps);
        return [l.loss, l.kl];
      });
      const values = after.map((t) => t.dataSync()[0] ?? NaN);
      const weights = Array.from(vae.output.kernel.dataSync());
      tf.dispose([xs, eps, ...after]);
      disposeVae(vae);
      return { before, loss: values[0], kl: values[1], weights, snaps: snaps.length };
    };
    const a = run(false);
    expect(a.snaps).toBe(22); // 0, ½, 1 … 20
    expect(a.loss).toBeLessThan(0.9 * a.before);
    expect(a.kl).toBeGreaterThan(0);
    expect(run(false).weights).toEqual(a.weights);
    expect(run(true).kl).toBe(0);
  });

  it('Jacobian-column orthogonality matches finite differences of the decoder', () => {
    const vae = createVae(shape, createRandom(5));
    const m = 4;
    const mu = standardNormal(createRandom(6), m, 3);
    const decode = (z: Float32Array): Float32Array =>
      tf.tidy(
        () => tf.sigmoid(decodeLogits(vae, tf.tensor2d(z, [1, 3]))).dataSync() as Float32Array,
      );
    let expected = 0;
    const h = 1e-3;
    for (let i = 0; i < m; i++) {
      const columns = [0, 1, 2].map((j) => {
        const up = mu.slice(i * 3, i * 3 + 3);
        const down = mu.slice(i * 3, i * 3 + 3);
        up[j] += h;
        down[j] -= h;
        const [a, b] = [decode(up), decode(down)];
        return Array.from(a, (v, p) => (v - b[p]) / (2 * h));
      });
      const cos = (a: number[], b: number[]) =>
        Math.abs(a.reduce((s, v, p) => s + v * b[p], 0)) /
        Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0));
      expected +=
        (cos(columns[0], columns[1]) + cos(columns[0], columns[2]) + cos(columns[1], columns[2])) /
        3 /
        m;
    }
    expect(jacobianOrthogonality(vae, mu, m, [0, 1, 2])).toBeCloseTo(expected, 2);
    expect(jacobianOrthogonality(vae, mu, m, [1])).toBe(-1);
    disposeVae(vae);
  });

  it('a probe reports KL per dimension summing to the total and images in 0 … 1', () => {
    const vae = createVae(shape, createRandom(7));
    const x = toyData(30);
    const probe = probeVae(vae, {
      x,
      eps: standardNormal(createRandom(8), 30, 3),
      prior: standardNormal(createRandom(9), 4, 3),
      reconstructed: Int32Array.from([0, 1]),
      traversalOrigin: 0,
    });
    expect(probe.kl).toBeCloseTo(
      probe.klPerDim.reduce((a, b) => a + b, 0),
      6,
    );
    expect(probe.reconstructions.length).toBe(2 * 12);
    expect(probe.priorSamples.length).toBe(4 * 12);
    expect(probe.traversals.length).toBe(3 * 5 * 12);
    expect(Math.max(...probe.traversals)).toBeLessThanOrEqual(1);
    // Traversal of dimension j at step s decodes μ(x_0) + t_s · √Var_x μ_j · e_j.
    const origin = Array.from(probe.mu.subarray(0, 3));
    const codes = [0, 1, 2].flatMap((j) =>
      TRAVERSAL_STEPS.map((t) =>
        origin.map((v, d) => (d === j ? v + t * Math.sqrt(probe.muVariance[j]) : v)),
      ),
    );
    const expected = tf.tidy(
      () => tf.sigmoid(decodeLogits(vae, tf.tensor2d(codes, [15, 3]))).dataSync() as Float32Array,
    );
    expect(Math.max(...probe.muVariance)).toBeGreaterThan(1e-4);
    probe.traversals.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 5));
    expect(probe.elbo).toBeCloseTo(-(probe.recon + probe.kl), 4);
    disposeVae(vae);
  });

  it('the polarisation measure counts latents whose mean posterior variance is < 0.1 or > 0.9', () => {
    // Hand-made: two active (σ² ≪ 1), one passive (σ² ≈ 1), one in between, the bounds themselves.
    expect(polarisedShare([0.02, 0.09, 0.97, 0.5])).toBe(0.75);
    expect(polarisedShare([0.1, 0.9])).toBe(0);
    expect(polarisedShare([0.0999, 0.9001, 2.5])).toBe(1);
    expect(polarisedShare([])).toBe(0);
    // Active/passive by Var_x μ_j > 0.01; −1 for an empty group.
    expect(groupPosteriorVariance([0.02, 0.04, 0.97, 0.5], [3, 1.2, 0.001, 0.02])).toEqual({
      active: (0.02 + 0.04 + 0.5) / 3,
      passive: 0.97,
    });
    expect(groupPosteriorVariance([0.3], [0.5])).toEqual({ active: 0.3, passive: -1 });
  });

  it('a probe measures E_x σ_j²(x) from the encoder’s log-variance', () => {
    const vae = createVae(shape, createRandom(12));
    // Log-variance head set by hand: σ² = 0.05, 1 and 0.5 for every input.
    vae.logVar.kernel.assign(tf.zeros(vae.logVar.kernel.shape));
    vae.logVar.bias.assign(tf.tensor1d([Math.log(0.05), 0, Math.log(0.5)]));
    const probe = probeVae(vae, {
      x: toyData(20),
      eps: standardNormal(createRandom(13), 20, 3),
      prior: standardNormal(createRandom(14), 2, 3),
      reconstructed: Int32Array.from([0]),
      traversalOrigin: 0,
    });
    expect(probe.posteriorVariance[0]).toBeCloseTo(0.05, 6);
    expect(probe.posteriorVariance[1]).toBeCloseTo(1, 6);
    expect(probe.posteriorVariance[2]).toBeCloseTo(0.5, 6);
    expect(polarisedShare(probe.posteriorVariance)).toBeCloseTo(2 / 3, 12);
    disposeVae(vae);
  });
});
