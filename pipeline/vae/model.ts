/**
 * The MNIST VAE: encoder input → hidden (ReLU) → (μ, log σ²) of a diagonal Gaussian
 * posterior; decoder latent → hidden (ReLU) → Bernoulli logits per pixel. The loss per sample
 * is the summed pixel cross-entropy of a reparameterised sample plus β·KL(q(z|x) ‖ N(0, I));
 * as a plain autoencoder (the baseline) it decodes μ itself and has no KL term.
 * Weights are seeded Glorot-uniform from our RNG, so a run is reproducible per backend.
 */
import * as tf from '@tensorflow/tfjs';
import { matMul } from '../train/forward.ts';
import type { Random } from '../util/random.ts';
import { klPerDimension, reparameterise } from './gaussian.ts';

/** Layer sizes of a VAE. */
export interface VaeShape {
  readonly inputDim: number;
  readonly hidden: number;
  readonly latent: number;
}

interface Dense {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/** A VAE's variables, by layer. */
export interface Vae {
  readonly shape: VaeShape;
  readonly encoder: Dense;
  readonly mu: Dense;
  readonly logVar: Dense;
  readonly decoder: Dense;
  readonly output: Dense;
}

function dense(rows: number, cols: number, random: Random): Dense {
  const limit = Math.sqrt(6 / (rows + cols));
  const values = Float32Array.from({ length: rows * cols }, () => (2 * random() - 1) * limit);
  return {
    kernel: tf.variable(tf.tensor2d(values, [rows, cols])),
    bias: tf.variable(tf.zeros([cols])),
  };
}

/** A freshly initialised VAE (layers drawn in a fixed order from `random`). */
export function createVae(shape: VaeShape, random: Random): Vae {
  const { inputDim, hidden, latent } = shape;
  return {
    shape,
    encoder: dense(inputDim, hidden, random),
    mu: dense(hidden, latent, random),
    logVar: dense(hidden, latent, random),
    decoder: dense(latent, hidden, random),
    output: dense(hidden, inputDim, random),
  };
}

/** Every variable of a VAE, in a fixed order. */
export function vaeVariables(vae: Vae): tf.Variable[] {
  return [vae.encoder, vae.mu, vae.logVar, vae.decoder, vae.output].flatMap((l) => [
    l.kernel,
    l.bias,
  ]);
}

export function disposeVae(vae: Vae): void {
  tf.dispose(vaeVariables(vae));
}

const apply = (layer: Dense, x: tf.Tensor2D): tf.Tensor2D =>
  tf.add(matMul(x, layer.kernel as tf.Tensor2D), layer.bias);

/** Posterior parameters of a batch (n×inputDim → two n×latent). */
export function encode(vae: Vae, x: tf.Tensor2D): { mu: tf.Tensor2D; logVar: tf.Tensor2D } {
  const h = tf.relu(apply(vae.encoder, x));
  return { mu: apply(vae.mu, h), logVar: apply(vae.logVar, h) };
}

/** Bernoulli logits of a batch of latent codes (n×latent → n×inputDim). */
export function decodeLogits(vae: Vae, z: tf.Tensor2D): tf.Tensor2D {
  return apply(vae.output, tf.relu(apply(vae.decoder, z)));
}

/** Loss terms per sample, averaged over the batch. */
export interface VaeLoss {
  /** Objective: recon + β·kl. */
  readonly loss: tf.Scalar;
  /** Summed pixel cross-entropy (−log p(x|z) of the Bernoulli decoder). */
  readonly recon: tf.Scalar;
  /** KL(q(z|x) ‖ N(0, I)), summed over latent dimensions (0 for an autoencoder). */
  readonly kl: tf.Scalar;
}

/** The loss of a batch; `eps` (n×latent) is the sampler's noise, absent for an autoencoder. */
export function vaeLoss(vae: Vae, x: tf.Tensor2D, beta: number, eps?: tf.Tensor2D): VaeLoss {
  const n = x.shape[0];
  const { mu, logVar } = encode(vae, x);
  const z = eps ? reparameterise(mu, logVar, eps) : mu;
  const logits = decodeLogits(vae, z);
  const recon = tf.div<tf.Scalar>(tf.sum(bernoulliNll(x, logits)), n);
  const kl = eps ? tf.div<tf.Scalar>(tf.sum(klPerDimension(mu, logVar)), n) : tf.scalar(0);
  return { loss: tf.add(recon, tf.mul(beta, kl)), recon, kl };
}

/** −log Bernoulli(x | sigmoid(logits)) elementwise, stable: max(l, 0) − l·x + log(1 + e^−|l|). */
export function bernoulliNll(x: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.add(
    tf.sub(tf.relu(logits), tf.mul(logits, x)),
    tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
  );
}
