/**
 * What a VAE snapshot is measured by, on the fixed trace set: the posterior means (the
 * points the view stage lays out), KL per latent dimension and Var_x μ_j (averaged over the
 * trace samples), active units, the reconstruction loss of one fixed-ε sample and the ELBO,
 * and decoded images (reconstructions, prior samples, latent traversals).
 */
import type * as Tf from '@tensorflow/tfjs';
import { tf } from '../train/tfjs.ts';
import { POLARISED_BOUNDS } from '../contract.ts';
import { readTidy } from '../util/read-tensor.ts';
import { klPerDimension, reparameterise } from './gaussian.ts';
import { bernoulliNll, decodeLogits, encode, type Vae } from './model.ts';

/** Var_x μ_j above this counts latent j as active (Burda et al.'s activity statistic). */
export const ACTIVE_VARIANCE = 0.01;

/**
 * The polarised regime of Rolínek et al. (2019): every latent is either active, its posterior
 * variance σ_j² ≪ 1, or passive, σ_j² ≈ 1 (the prior). Latent j counts as polarised when its mean
 * posterior variance over the trace samples, E_x σ_j²(x), is below POLARISED_LOW or above
 * POLARISED_HIGH; the polarised share is the fraction of latents that are.
 */
export const [POLARISED_LOW, POLARISED_HIGH] = POLARISED_BOUNDS;

/** Share of latents whose mean posterior variance is polarised (see POLARISED_LOW). */
export function polarisedShare(posteriorVariance: ArrayLike<number>): number {
  const k = posteriorVariance.length;
  if (!k) return 0;
  let polarised = 0;
  for (let j = 0; j < k; j++) {
    const v = posteriorVariance[j] ?? NaN;
    if (v < POLARISED_LOW || v > POLARISED_HIGH) polarised++;
  }
  return polarised / k;
}

/**
 * Mean posterior variance E_x σ_j² over the active latents (Var_x μ_j > ACTIVE_VARIANCE) and over
 * the passive ones; −1 for a group with no latent.
 */
export function groupPosteriorVariance(
  posteriorVariance: ArrayLike<number>,
  muVariance: ArrayLike<number>,
): { active: number; passive: number } {
  const sums = { active: 0, passive: 0 };
  const counts = { active: 0, passive: 0 };
  for (let j = 0; j < posteriorVariance.length; j++) {
    const group = (muVariance[j] ?? 0) > ACTIVE_VARIANCE ? 'active' : 'passive';
    sums[group] += posteriorVariance[j] ?? 0;
    counts[group]++;
  }
  return {
    active: counts.active ? sums.active / counts.active : -1,
    passive: counts.passive ? sums.passive / counts.passive : -1,
  };
}

/**
 * Positions along each latent axis of a traversal, in standard deviations of that dimension's
 * posterior mean over the trace samples (√Var_x μ_j at the snapshot): a strip spans the range
 * the digits' own codes take, so an active dimension of a healthy model shows how the digits
 * it separates differ, and a collapsed one (Var_x μ_j ≈ 0) shows one image, because its code
 * says nothing. In prior units (t = ±2.5), the traversals of the β = 0.25 model, whose two most
 * variable dimensions have Var_x μ_j 7.7 and 6.0, barely changed the digit (mean |Δpixel| 7–13
 * of 255 from one end of a strip to the other).
 */
export const TRAVERSAL_STEPS: readonly number[] = [-2.5, -1.25, 0, 1.25, 2.5];

/** The fixed inputs of every probe of a run. */
export interface ProbeInputs {
  /** Trace inputs, n×inputDim in 0 … 1. */
  readonly x: Float32Array;
  /** The sampler's ε for the reconstruction loss, n×latent (the same at every snapshot). */
  readonly eps: Float32Array;
  /** ε of the prior samples, samples×latent. */
  readonly prior: Float32Array;
  /** Trace rows reconstructed. */
  readonly reconstructed: Int32Array;
  /** Trace row whose μ the traversals start from. */
  readonly traversalOrigin: number;
}

/** One snapshot's measurements. */
export interface VaeProbe {
  /** Posterior means, n×latent. */
  readonly mu: Float32Array;
  /** Per latent dimension: KL averaged over the trace samples, and Var_x μ_j. */
  readonly klPerDim: Float64Array;
  readonly muVariance: Float64Array;
  /** Per latent dimension: the posterior variance σ_j²(x) averaged over the trace samples. */
  readonly posteriorVariance: Float64Array;
  readonly activeUnits: number;
  /** Summed pixel cross-entropy of a fixed-ε sample, mean over samples. */
  readonly recon: number;
  /** Σ_j KL_j. */
  readonly kl: number;
  /** −(recon + kl): the evidence lower bound (β = 1), per sample. */
  readonly elbo: number;
  /** Decoded images in 0 … 1, row-major: reconstructions, prior samples, traversals (dimension-major). */
  readonly reconstructions: Float32Array;
  readonly priorSamples: Float32Array;
  readonly traversals: Float32Array;
}

function columnMeanAndVariance(values: Float32Array, n: number, k: number) {
  const mean = new Float64Array(k);
  const variance = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) mean[j] += values[i * k + j] / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) variance[j] += (values[i * k + j] - mean[j]) ** 2 / n;
  return { mean, variance };
}

/** A snapshot's probe of a β run, with the decoder's orthogonality at that snapshot. */
export interface SnapshotProbe extends VaeProbe {
  /** {@link jacobianOrthogonality} over the active latents (−1: fewer than 2 active). */
  readonly orthogonality: number;
}

/** Measures a VAE on the probe inputs; see the file header. */
export function probeVae(vae: Vae, inputs: ProbeInputs): VaeProbe {
  const { inputDim, latent: k } = vae.shape;
  const n = inputs.x.length / inputDim;
  let result: VaeProbe | undefined;
  tf.tidy(() => {
    const x = tf.tensor2d(inputs.x, [n, inputDim]);
    const { mu, logVar } = encode(vae, x);
    const klDims = klPerDimension(mu, logVar);
    const z = reparameterise(mu, logVar, tf.tensor2d(inputs.eps, [n, k]));
    const recon = tf.sum(bernoulliNll(x, decodeLogits(vae, z))).dataSync()[0] / n;
    const muValues = mu.dataSync() as Float32Array;
    const klPerDim = columnMeanAndVariance(klDims.dataSync() as Float32Array, n, k).mean;
    const muVariance = columnMeanAndVariance(muValues, n, k).variance;
    const posteriorVariance = columnMeanAndVariance(
      tf.exp(logVar).dataSync() as Float32Array,
      n,
      k,
    ).mean;
    const decode = (codes: Tf.Tensor2D): Float32Array =>
      tf.sigmoid(decodeLogits(vae, codes)).dataSync() as Float32Array;
    const reconstructions = decode(tf.gather(mu, Array.from(inputs.reconstructed)));
    const samples = inputs.prior.length / k;
    const priorSamples = decode(tf.tensor2d(inputs.prior, [samples, k]));
    const origin = muValues.subarray(inputs.traversalOrigin * k, (inputs.traversalOrigin + 1) * k);
    const steps = TRAVERSAL_STEPS.length;
    const codes = new Float32Array(k * steps * k);
    for (let j = 0; j < k; j++)
      for (let s = 0; s < steps; s++) {
        const row = (j * steps + s) * k;
        codes.set(origin, row);
        codes[row + j] = origin[j] + TRAVERSAL_STEPS[s] * Math.sqrt(muVariance[j]);
      }
    const traversals = decode(tf.tensor2d(codes, [k * steps, k]));
    const kl = klPerDim.reduce((a, b) => a + b, 0);
    result = {
      mu: Float32Array.from(muValues),
      klPerDim,
      muVariance,
      posteriorVariance,
      activeUnits: muVariance.filter((v) => v > ACTIVE_VARIANCE).length,
      recon,
      kl,
      elbo: -(recon + kl),
      reconstructions,
      priorSamples,
      traversals,
    };
  });
  return result as VaeProbe;
}

/**
 * The columns ∂x̂/∂z_j of the decoder Jacobian at z = μ(x) of the first `m` trace samples, for
 * the latents in `dims`: m×|dims|×inputDim, row-major. With x̂ = sigmoid(relu(z·D + c)·O + b),
 * column j = sigmoid′(logits) ⊙ ((relu′ ⊙ D_j)·O).
 */
export function decoderJacobianColumns(
  vae: Vae,
  mu: Float32Array,
  m: number,
  dims: readonly number[],
): Float32Array {
  const { inputDim, latent: k, hidden } = vae.shape;
  const c = dims.length;
  if (!c) return new Float32Array(0);
  return readTidy(() => {
    const z = tf.tensor2d(mu.subarray(0, m * k), [m, k]);
    const pre = tf.add(tf.matMul(z, vae.decoder.kernel as Tf.Tensor2D), vae.decoder.bias);
    const gate = tf.cast(tf.greater(pre, 0), 'float32'); // m×H
    const logits = tf.add(
      tf.matMul(tf.relu(pre), vae.output.kernel as Tf.Tensor2D),
      vae.output.bias,
    );
    const p = tf.sigmoid(logits);
    const slope = tf.mul(p, tf.sub(1, p)); // m×inputDim
    const rows = tf.gather(vae.decoder.kernel, Array.from(dims)); // c×H
    const gated = tf.reshape(tf.mul(tf.expandDims(gate, 1), tf.expandDims(rows, 0)), [
      m * c,
      hidden,
    ]);
    const out = tf.matMul(gated, vae.output.kernel as Tf.Tensor2D).reshape([m, c, inputDim]);
    return tf.mul(out, tf.expandDims(slope, 1));
  });
}

/**
 * Orthogonality of the decoder's local directions (Rolinek et al. 2019): at each of the
 * first `m` trace samples, the mean |cosine| over pairs of the decoder-Jacobian columns
 * ({@link decoderJacobianColumns}) for the latents in `dims`; averaged over the samples.
 * 0 = orthogonal. Needs two dimensions; returns −1 otherwise.
 */
export function jacobianOrthogonality(
  vae: Vae,
  mu: Float32Array,
  m: number,
  dims: readonly number[],
): number {
  const { inputDim } = vae.shape;
  const c = dims.length;
  if (c < 2) return -1;
  const columns = decoderJacobianColumns(vae, mu, m, dims);
  let total = 0;
  const norms = new Float64Array(c);
  for (let i = 0; i < m; i++) {
    const base = i * c * inputDim;
    for (let a = 0; a < c; a++) {
      let s = 0;
      for (let p = 0; p < inputDim; p++) s += columns[base + a * inputDim + p] ** 2;
      norms[a] = Math.sqrt(s);
    }
    let sum = 0;
    for (let a = 0; a < c; a++)
      for (let b = a + 1; b < c; b++) {
        let dot = 0;
        for (let p = 0; p < inputDim; p++)
          dot += columns[base + a * inputDim + p] * columns[base + b * inputDim + p];
        sum += norms[a] > 0 && norms[b] > 0 ? Math.abs(dot) / (norms[a] * norms[b]) : 0;
      }
    total += sum / ((c * (c - 1)) / 2);
  }
  return total / m;
}
