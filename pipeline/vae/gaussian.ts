/**
 * The two pieces of a VAE with a diagonal Gaussian posterior q(z|x) = N(μ, diag(exp(logVar))):
 * its KL divergence to the prior N(0, I), in closed form per latent dimension, and the
 * reparameterised sample z = μ + exp(logVar / 2)·ε. The noise ε comes from our seeded RNG,
 * not from tfjs, so a run draws the same ε on every backend.
 */
import type * as Tf from '@tensorflow/tfjs';
import { tf } from '../train/tfjs.ts';
import { gaussian, type Random } from '../util/random.ts';

/** KL(N(μ, e^logVar) ‖ N(0, 1)) = ½(μ² + e^logVar − 1 − logVar), elementwise (per sample and latent dimension). */
export function klPerDimension(mu: Tf.Tensor, logVar: Tf.Tensor): Tf.Tensor {
  return tf.tidy(() =>
    tf.mul(0.5, tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), tf.add(1, logVar))),
  );
}

/** The same KL for one dimension in plain numbers (reference for tests and reports). */
export function klScalar(mu: number, logVar: number): number {
  return 0.5 * (mu * mu + Math.exp(logVar) - 1 - logVar);
}

/** n×k standard normal deviates from `random`, row-major. */
export function standardNormal(random: Random, n: number, k: number): Float32Array {
  const out = new Float32Array(n * k);
  for (let i = 0; i < out.length; i++) out[i] = gaussian(random);
  return out;
}

/** z = μ + σ·ε with σ = exp(logVar / 2): differentiable in μ and logVar, ε given (n×k). */
export function reparameterise(
  mu: Tf.Tensor2D,
  logVar: Tf.Tensor2D,
  eps: Tf.Tensor2D,
): Tf.Tensor2D {
  return tf.tidy(() => tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), eps)));
}
