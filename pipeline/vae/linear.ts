/**
 * The linear-VAE theory check (Lucas et al. 2019, "Don't Blame the ELBO!"): Gaussian data
 * with a known covariance spectrum λ_1 > … > λ_d along random orthonormal directions u_i,
 * a linear encoder μ = V·x with an input-independent diagonal posterior variance, a linear
 * decoder x̂ = W·z and a Gaussian likelihood with fixed observation noise σ². The loss per
 * sample is ‖x − W·z‖² / (2σ²) + β·KL(q(z|x) ‖ N(0, I)); full-batch Adam trains it on its
 * expectation over the data and ε, which is exact in closed form (expectedLinearVaeLoss; a
 * test checks it against the sampled loss), with the exact gradient in plain float64
 * (linearVaeLossGradient: d×d arrays, where tfjs's per-operation cost dominated). At the optimum, direction i is encoded iff
 * λ_i > β·σ², with KL_i = ½·ln(λ_i / (β·σ²)) and decoder column norm² λ_i − β·σ².
 *
 * The measurement does not assume which latent encodes which direction: latent j is
 * assigned to the direction carrying most of its encoder variance, (V_j·u_i)²·λ_i, so a
 * run that collapsed the wrong direction, or split one direction over two latents, shows.
 */
import type * as Tf from '@tensorflow/tfjs';
import { tf } from '../train/tfjs.ts';
import { createRandom, deriveSeed, gaussian, type Random } from '../util/random.ts';
import { klPerDimension, reparameterise } from './gaussian.ts';

/** Options of {@link trainLinearVae}. */
export interface LinearVaeOptions {
  /** Covariance eigenvalues, descending. */
  eigenvalues: readonly number[];
  /** Samples drawn (their sample covariance is made exactly the target). @default 2048 */
  samples?: number;
  /** Fixed observation noise σ². @default 1 */
  noise?: number;
  /** Full-batch Adam steps. @default 3000 */
  steps?: number;
  /** Adam learning rate at the start; it decays exponentially to 1 % of it. @default 0.03 */
  learningRate?: number;
  /** Run seed (data, directions, initialisation and ε all derive from it). */
  seed: number;
}

const DEFAULTS = { samples: 2048, noise: 1, steps: 3000, learningRate: 0.03 } as const;

/** Per direction i (eigenvalue order): prediction and measurement. */
export interface LinearVaeDimension {
  readonly eigenvalue: number;
  readonly predictedActive: boolean;
  readonly measuredActive: boolean;
  /** ½·ln(λ_i / (β·σ²)) when λ_i > β·σ², else 0. */
  readonly predictedKl: number;
  /** KL (averaged over the data) of the latents assigned to direction i, summed. */
  readonly measuredKl: number;
  /** λ_i − β·σ² when positive, else 0. */
  readonly predictedColumnNorm2: number;
  /** Squared norm of the decoder columns of the latents assigned to i, summed. */
  readonly measuredColumnNorm2: number;
  /** Latents assigned to direction i. */
  readonly latents: number;
}

/** Trained weights: encoder d×k, decoder k×d, log posterior variances (k), row-major. */
export interface LinearVaeWeights {
  readonly encoder: Float32Array;
  readonly decoder: Float32Array;
  readonly logVar: Float32Array;
}

/** A finished linear-VAE run at one β. */
export interface LinearVaeResult {
  readonly beta: number;
  readonly weights: LinearVaeWeights;
  readonly dimensions: LinearVaeDimension[];
  /** Final loss per sample (the expected loss over the data and ε). */
  readonly loss: number;
}

/** An orthonormal d×d basis (columns), Gram–Schmidt on Gaussian vectors. */
export function randomBasis(d: number, random: Random): Float64Array {
  const q = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    const v = Float64Array.from({ length: d }, () => gaussian(random));
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let r = 0; r < d; r++) dot += v[r] * q[r * d + p];
      for (let r = 0; r < d; r++) v[r] -= dot * q[r * d + p];
    }
    const norm = Math.hypot(...v);
    for (let r = 0; r < d; r++) q[r * d + c] = v[r] / norm;
  }
  return q;
}

/**
 * n samples (row-major n×d, centred) whose sample covariance (1/n)·XᵀX is exactly
 * U·diag(λ)·Uᵀ: Gaussian draws, centred and whitened (Cholesky of their own covariance),
 * then scaled and rotated. With an exact spectrum the theory's λ_i are the data's.
 */
export function spectrumData(
  eigenvalues: readonly number[],
  basis: Float64Array,
  n: number,
  random: Random,
): Float32Array {
  const d = eigenvalues.length;
  const z = Float64Array.from({ length: n * d }, () => gaussian(random));
  for (let c = 0; c < d; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += z[i * d + c] / n;
    for (let i = 0; i < n; i++) z[i * d + c] -= mean;
  }
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++)
      for (let b = 0; b <= a; b++) cov[a * d + b] += (z[i * d + a] * z[i * d + b]) / n;
  // Cholesky cov = L·Lᵀ; whitened rows are L⁻¹·z (forward substitution).
  const l = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      let s = cov[a * d + b];
      for (let k = 0; k < b; k++) s -= l[a * d + k] * l[b * d + k];
      l[a * d + b] = a === b ? Math.sqrt(s) : s / l[b * d + b];
    }
  }
  const x = new Float32Array(n * d);
  const w = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      let s = z[i * d + a];
      for (let k = 0; k < a; k++) s -= l[a * d + k] * w[k];
      w[a] = s / l[a * d + a];
    }
    for (let r = 0; r < d; r++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += basis[r * d + c] * Math.sqrt(eigenvalues[c]) * w[c];
      x[i * d + r] = s;
    }
  }
  return x;
}

/**
 * A warm start: the previous β's weights, except that collapsed latents (Var_x μ_j ≤
 * ACTIVE_VARIANCE) restart from the fresh initialisation. A collapsed latent sits at a saddle
 * whose escape takes ever longer as λ_i approaches β·σ²; the fresh start is off it.
 */
function restart(
  start: LinearVaeWeights,
  initial: LinearVaeWeights,
  c: Float32Array,
  d: number,
): LinearVaeWeights {
  const encoder = Float32Array.from(start.encoder);
  const decoder = Float32Array.from(start.decoder);
  const logVar = Float32Array.from(start.logVar);
  for (let j = 0; j < d; j++) {
    let variance = 0;
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++)
        variance += encoder[a * d + j] * c[a * d + b] * encoder[b * d + j];
    if (variance > ACTIVE_VARIANCE) continue;
    for (let r = 0; r < d; r++) {
      encoder[r * d + j] = initial.encoder[r * d + j];
      decoder[j * d + r] = initial.decoder[j * d + r];
    }
    logVar[j] = 0;
  }
  return { encoder, decoder, logVar };
}

/** The data's covariance (1/n)·XᵀX (the data are centred), d×d. */
export function covariance(x: Float32Array, d: number): Float32Array {
  const n = x.length / d;
  const c = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) c[a * d + b] += x[i * d + a] * x[i * d + b];
  return Float32Array.from(c, (v) => v / n);
}

/**
 * The loss per sample, averaged over the data and ε in closed form. With μ = x·V, z = μ + s⊙ε
 * and x̂ = z·W it depends on the data only through C: E‖x − x̂‖² = tr((I − VW)ᵀ·C·(I − VW))
 * + Σ_j s_j²·‖W_j‖², and E μ_j² = (VᵀCV)_jj. Exact, so full-batch Adam converges without
 * sampling noise; {@link sampledLinearVaeLoss} is the same loss with the reparameterised sampler.
 */
export function expectedLinearVaeLoss(
  c: Tf.Tensor2D,
  v: Tf.Tensor2D,
  w: Tf.Tensor2D,
  logVar: Tf.Tensor2D,
  beta: number,
  noise: number,
): Tf.Scalar {
  return tf.tidy(() => {
    const d = c.shape[0];
    const residual = tf.sub(tf.eye(d), tf.matMul(v, w));
    const fit = tf.sum(tf.mul(residual, tf.matMul(c, residual)));
    const spread = tf.sum(tf.mul(tf.exp(logVar), tf.sum(tf.square(w), 1).reshape([1, -1])));
    const muSquare = tf.sum(tf.mul(v, tf.matMul(c, v)), 0).reshape([1, -1]);
    const kl = tf.mul(0.5, tf.sum(tf.sub(tf.add(muSquare, tf.exp(logVar)), tf.add(1, logVar))));
    return tf.add<Tf.Scalar>(tf.div(tf.add(fit, spread), 2 * noise), tf.mul(beta, kl));
  });
}

/** The same loss on samples, with one ε per sample (its mean over ε is the expected loss). */
export function sampledLinearVaeLoss(
  x: Tf.Tensor2D,
  v: Tf.Tensor2D,
  w: Tf.Tensor2D,
  logVar: Tf.Tensor2D,
  eps: Tf.Tensor2D,
  beta: number,
  noise: number,
): Tf.Scalar {
  return tf.tidy(() => {
    const n = x.shape[0];
    const mu = tf.matMul(x, v);
    const lv = tf.tile(logVar, [n, 1]);
    const z = reparameterise(mu as Tf.Tensor2D, lv, eps);
    const recon = tf.div(tf.sum(tf.square(tf.sub(x, tf.matMul(z, w)))), 2 * noise);
    const kl = tf.sum(klPerDimension(mu, lv));
    return tf.div<Tf.Scalar>(tf.add(recon, tf.mul(beta, kl)), n);
  });
}

/** Trains a linear VAE at `beta` on data with the given spectrum; see the file header. */
export function trainLinearVae(
  beta: number,
  options: LinearVaeOptions,
  start?: LinearVaeWeights,
): LinearVaeResult {
  const { eigenvalues, seed } = options;
  const n = options.samples ?? DEFAULTS.samples;
  const noise = options.noise ?? DEFAULTS.noise;
  const steps = options.steps ?? DEFAULTS.steps;
  const lr = options.learningRate ?? DEFAULTS.learningRate;
  const d = eigenvalues.length;
  if (!(beta > 0)) throw new Error(`linear-vae: beta (${beta}) must be > 0`);
  for (let i = 1; i < d; i++)
    if (!(eigenvalues[i] < eigenvalues[i - 1]))
      throw new Error(`linear-vae: eigenvalues must be strictly descending (index ${i})`);
  // Data, directions and initialisation are the same for every β of a run.
  const basis = randomBasis(d, createRandom(deriveSeed(seed, 'linear-basis')));
  const xData = spectrumData(eigenvalues, basis, n, createRandom(deriveSeed(seed, 'linear-data')));
  const init = createRandom(deriveSeed(seed, 'linear-init'));
  const cData = covariance(xData, d);
  const fresh = (scale: number): Float32Array => {
    const limit = scale * Math.sqrt(6 / (d + d));
    return Float32Array.from({ length: d * d }, () => (2 * init() - 1) * limit);
  };
  const initial = { encoder: fresh(0.1), decoder: fresh(0.1), logVar: new Float32Array(d) };
  const begin = start ? restart(start, initial, cData, d) : initial;
  // Parameters [V (d×d), W (d×d), log s² (d)] in one float64 vector; plain Adam on the exact gradient.
  const size = 2 * d * d + d;
  const theta = new Float64Array(size);
  theta.set(begin.encoder, 0);
  theta.set(begin.decoder, d * d);
  theta.set(begin.logVar, 2 * d * d);
  const c = Float64Array.from(cData);
  const gradient = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const decay = Math.pow(0.01, 1 / Math.max(1, steps));
  let loss = NaN;
  for (let step = 0; step < steps; step++) {
    loss = linearVaeLossGradient(c, theta, d, beta, noise, gradient);
    const rate = lr * Math.pow(decay, step);
    const c1 = 1 - ADAM.beta1 ** (step + 1);
    const c2 = 1 - ADAM.beta2 ** (step + 1);
    for (let e = 0; e < size; e++) {
      const g = gradient[e];
      m[e] = ADAM.beta1 * m[e] + (1 - ADAM.beta1) * g;
      v[e] = ADAM.beta2 * v[e] + (1 - ADAM.beta2) * g * g;
      theta[e] -= (rate * (m[e] / c1)) / (Math.sqrt(v[e] / c2) + ADAM.epsilon);
    }
  }
  loss = linearVaeLossGradient(c, theta, d, beta, noise, gradient);
  const weights = {
    encoder: Float32Array.from(theta.subarray(0, d * d)),
    decoder: Float32Array.from(theta.subarray(d * d, 2 * d * d)),
    logVar: Float32Array.from(theta.subarray(2 * d * d)),
  };
  return {
    beta,
    loss,
    weights,
    dimensions: measure(
      eigenvalues,
      basis,
      theta.subarray(0, d * d),
      theta.subarray(d * d, 2 * d * d),
      theta.subarray(2 * d * d),
      beta * noise,
    ),
  };
}

/** Adam's constants (Kingma & Ba's defaults). */
const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/**
 * {@link expectedLinearVaeLoss} and its exact gradient, in float64 on d×d arrays: θ = [V, W,
 * log s²] row-major, the gradient written to `out` (same layout). With R = I − V·W:
 * ∂/∂V = −C·R·Wᵀ/σ² + β·C·V, ∂/∂W = (−Vᵀ·C·R + diag(s²)·W)/σ², ∂/∂log s²_j =
 * s²_j·‖W_j‖²/(2σ²) + β·(s²_j − 1)/2. A test checks it against tfjs's autodiff of the loss.
 */
export function linearVaeLossGradient(
  c: Float64Array,
  theta: Float64Array,
  d: number,
  beta: number,
  noise: number,
  out: Float64Array,
): number {
  const dd = d * d;
  const V = theta.subarray(0, dd);
  const W = theta.subarray(dd, 2 * dd);
  const lv = theta.subarray(2 * dd);
  const R = new Float64Array(dd);
  const CR = new Float64Array(dd);
  const CV = new Float64Array(dd);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      let vw = 0;
      for (let j = 0; j < d; j++) vw += V[a * d + j] * W[j * d + b];
      R[a * d + b] = (a === b ? 1 : 0) - vw;
    }
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      let cr = 0;
      let cv = 0;
      for (let k = 0; k < d; k++) {
        cr += c[a * d + k] * R[k * d + b];
        cv += c[a * d + k] * V[k * d + b];
      }
      CR[a * d + b] = cr;
      CV[a * d + b] = cv;
    }
  let fit = 0;
  for (let e = 0; e < dd; e++) fit += R[e] * CR[e];
  let spread = 0;
  let kl = 0;
  for (let j = 0; j < d; j++) {
    const s2 = Math.exp(lv[j]);
    let w2 = 0;
    for (let b = 0; b < d; b++) w2 += W[j * d + b] ** 2;
    let mu2 = 0;
    for (let a = 0; a < d; a++) mu2 += V[a * d + j] * CV[a * d + j];
    spread += s2 * w2;
    kl += 0.5 * (mu2 + s2 - 1 - lv[j]);
    out[2 * dd + j] = (s2 * w2) / (2 * noise) + (beta * (s2 - 1)) / 2;
  }
  for (let a = 0; a < d; a++)
    for (let j = 0; j < d; j++) {
      // (C·R·Wᵀ)_aj = Σ_b CR_ab · W_jb
      let crw = 0;
      for (let b = 0; b < d; b++) crw += CR[a * d + b] * W[j * d + b];
      out[a * d + j] = -crw / noise + beta * CV[a * d + j];
    }
  for (let j = 0; j < d; j++) {
    const s2 = Math.exp(lv[j]);
    for (let b = 0; b < d; b++) {
      // (Vᵀ·C·R)_jb = Σ_a V_aj · CR_ab
      let vcr = 0;
      for (let a = 0; a < d; a++) vcr += V[a * d + j] * CR[a * d + b];
      out[dd + j * d + b] = (-vcr + s2 * W[j * d + b]) / noise;
    }
  }
  return (fit + spread) / (2 * noise) + beta * kl;
}

/**
 * The whole sweep by continuation: the largest β first, from the seeded initialisation, then
 * each smaller β from the previous one's weights. Lowering β only adds directions, which the
 * collapsed latents pick up one by one; from a random start at small β the penalty that
 * separates latents sharing the top directions is proportional to β, and Adam needs many
 * times more steps to untangle them. Results in the order of `betas`.
 */
export function trainLinearVaeSweep(
  betas: readonly number[],
  options: LinearVaeOptions,
  onBeta?: (result: LinearVaeResult) => void,
): LinearVaeResult[] {
  const order = Array.from(betas.keys()).sort((a, b) => betas[b] - betas[a]);
  const results = new Array<LinearVaeResult>(betas.length);
  let weights: LinearVaeWeights | undefined;
  for (const b of order) {
    const result = trainLinearVae(betas[b], options, weights);
    weights = result.weights;
    results[b] = result;
    onBeta?.(result);
  }
  return results;
}

/** Var_x μ_j above this counts latent j as active (the MNIST experiment's rule). */
export const ACTIVE_VARIANCE = 0.01;

/** Per-direction measurement of trained weights (encoder d×k: μ = x·V, decoder k×d: x̂ = z·W). */
function measure(
  eigenvalues: readonly number[],
  basis: Float64Array,
  v: ArrayLike<number>,
  w: ArrayLike<number>,
  logVar: ArrayLike<number>,
  threshold: number,
): LinearVaeDimension[] {
  const d = eigenvalues.length;
  const k = logVar.length;
  const kl = new Float64Array(d);
  const norm2 = new Float64Array(d);
  const latents = new Int32Array(d);
  const active = new Uint8Array(d);
  for (let j = 0; j < k; j++) {
    // Variance of μ_j along each direction: (u_iᵀ·V_{:,j})²·λ_i; their sum is Var_x μ_j.
    let best = 0;
    let bestShare = -1;
    let variance = 0;
    for (let i = 0; i < d; i++) {
      let dot = 0;
      for (let r = 0; r < d; r++) dot += basis[r * d + i] * v[r * k + j];
      const share = dot * dot * eigenvalues[i];
      variance += share;
      if (share > bestShare) [best, bestShare] = [i, share];
    }
    // E_x KL_j = ½(Var μ_j + s_j² − 1 − ln s_j²): the data are centred, so E μ_j² = Var μ_j.
    const s2 = Math.exp(logVar[j]);
    kl[best] += 0.5 * (variance + s2 - 1 - logVar[j]);
    let col = 0;
    for (let r = 0; r < d; r++) col += w[j * d + r] ** 2;
    norm2[best] += col;
    latents[best]++;
    if (variance > ACTIVE_VARIANCE) active[best] = 1;
  }
  return eigenvalues.map((lambda, i) => ({
    eigenvalue: lambda,
    predictedActive: lambda > threshold,
    measuredActive: active[i] === 1,
    predictedKl: lambda > threshold ? 0.5 * Math.log(lambda / threshold) : 0,
    measuredKl: kl[i],
    predictedColumnNorm2: Math.max(0, lambda - threshold),
    measuredColumnNorm2: norm2[i],
    latents: latents[i],
  }));
}
