/**
 * The MNIST VAE: encoder input → hidden (ReLU) → (μ, log σ²) of a diagonal Gaussian
 * posterior; decoder latent → hidden (ReLU) → Bernoulli logits per pixel. The loss per sample
 * is the summed pixel cross-entropy of a reparameterised sample plus β·KL(q(z|x) ‖ N(0, I));
 * as a plain autoencoder (the baseline) it decodes μ itself and has no KL term.
 * Weights are seeded Glorot-uniform from our RNG, so a run is reproducible per backend.
 */
import type * as Tf from '@tensorflow/tfjs';
import { tf } from '../train/tfjs.ts';
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
  readonly kernel: Tf.Variable;
  readonly bias: Tf.Variable;
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
export function vaeVariables(vae: Vae): Tf.Variable[] {
  return [vae.encoder, vae.mu, vae.logVar, vae.decoder, vae.output].flatMap((l) => [
    l.kernel,
    l.bias,
  ]);
}

export function disposeVae(vae: Vae): void {
  tf.dispose(vaeVariables(vae));
}

const apply = (layer: Dense, x: Tf.Tensor2D): Tf.Tensor2D =>
  tf.add(matMul(x, layer.kernel as Tf.Tensor2D), layer.bias);

/** Posterior parameters of a batch (n×inputDim → two n×latent). */
export function encode(vae: Vae, x: Tf.Tensor2D): { mu: Tf.Tensor2D; logVar: Tf.Tensor2D } {
  const h = tf.relu(apply(vae.encoder, x));
  return { mu: apply(vae.mu, h), logVar: apply(vae.logVar, h) };
}

/** Bernoulli logits of a batch of latent codes (n×latent → n×inputDim). */
export function decodeLogits(vae: Vae, z: Tf.Tensor2D): Tf.Tensor2D {
  return apply(vae.output, tf.relu(apply(vae.decoder, z)));
}

/** Loss terms per sample, averaged over the batch. */
export interface VaeLoss {
  /** Objective: recon + β·kl. */
  readonly loss: Tf.Scalar;
  /** Summed pixel cross-entropy (−log p(x|z) of the Bernoulli decoder). */
  readonly recon: Tf.Scalar;
  /** KL(q(z|x) ‖ N(0, I)), summed over latent dimensions (0 for an autoencoder). */
  readonly kl: Tf.Scalar;
}

/** The loss of a batch; `eps` (n×latent) is the sampler's noise, absent for an autoencoder. */
export function vaeLoss(vae: Vae, x: Tf.Tensor2D, beta: number, eps?: Tf.Tensor2D): VaeLoss {
  const n = x.shape[0];
  const { mu, logVar } = encode(vae, x);
  const z = eps ? reparameterise(mu, logVar, eps) : mu;
  const logits = decodeLogits(vae, z);
  const recon = tf.div<Tf.Scalar>(tf.sum(bernoulliNll(x, logits)), n);
  const kl = eps ? tf.div<Tf.Scalar>(tf.sum(klPerDimension(mu, logVar)), n) : tf.scalar(0);
  return { loss: tf.add(recon, tf.mul(beta, kl)), recon, kl };
}

/** −log Bernoulli(x | sigmoid(logits)) elementwise, stable: max(l, 0) − l·x + log(1 + e^−|l|). */
export function bernoulliNll(x: Tf.Tensor, logits: Tf.Tensor): Tf.Tensor {
  return tf.add(
    tf.sub(tf.relu(logits), tf.mul(logits, x)),
    tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
  );
}
