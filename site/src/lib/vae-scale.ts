/**
 * One scale for every β of the VAE figure: posterior means in prior units (the prior is
 * N(0, I), so 1 is its standard deviation). The pipeline fits each layout to the box, which
 * stretched a collapsed code (β = 64, Var μ ≈ 10⁻⁴) to the size of a healthy one; here each
 * (β, snapshot) is drawn at the size of its code. Inputs are what latent-kl.arrow already holds
 * (Var_x μ_j per β, snapshot and dimension), so no new data is needed.
 */

/** RMS radius, in box units, of the widest code of the sweep (the box is [-1, 1]²). */
const WIDEST_RMS = 0.42;

/** RMS distance of the posterior means from their centre, prior units: √(Σ_j Var_x μ_j) of one (β, snapshot). */
export function codeSpread(muVariance: ArrayLike<number>, k: number, row: number): number {
  let sum = 0;
  for (let j = 0; j < k; j++) sum += Math.max(0, muVariance[row * k + j] ?? 0);
  return Math.sqrt(sum);
}

/** The widest code spread over every (β, snapshot) row: the shared scale's reference. */
export function widestSpread(muVariance: ArrayLike<number>, k: number): number {
  let widest = 0;
  for (let row = 0; k > 0 && row < muVariance.length / k; row++)
    widest = Math.max(widest, codeSpread(muVariance, k, row));
  return widest;
}

/**
 * A layout (interleaved x, y) recentred and scaled so its RMS radius is the code's spread on
 * the shared scale: `spread / widest` of the widest code's radius. A collapsed code becomes a point.
 */
export function layoutAtSpread(
  xy: ArrayLike<number>,
  spread: number,
  widest: number,
): Float32Array {
  const n = xy.length / 2;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += xy[2 * i] ?? 0;
    cy += xy[2 * i + 1] ?? 0;
  }
  cx /= n || 1;
  cy /= n || 1;
  let ms = 0;
  for (let i = 0; i < n; i++) ms += ((xy[2 * i] ?? 0) - cx) ** 2 + ((xy[2 * i + 1] ?? 0) - cy) ** 2;
  const rms = Math.sqrt(ms / (n || 1));
  const scale = rms > 0 && widest > 0 ? (WIDEST_RMS * spread) / (widest * rms) : 0;
  const out = new Float32Array(xy.length);
  for (let i = 0; i < n; i++) {
    out[2 * i] = ((xy[2 * i] ?? 0) - cx) * scale;
    out[2 * i + 1] = ((xy[2 * i + 1] ?? 0) - cy) * scale;
  }
  return out;
}

/** Half-side of the axes view's box in prior units: 3 standard deviations of the widest dimension. */
export function axesRange(muVariance: ArrayLike<number>): number {
  let widest = 0;
  for (let i = 0; i < muVariance.length; i++) widest = Math.max(widest, muVariance[i] ?? 0);
  return 3 * Math.sqrt(widest) || 1;
}

/** Standard deviation of every other value from `start` (one axis of interleaved x, y). */
function axisSd(xy: ArrayLike<number>, start: number): number {
  const n = xy.length / 2;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xy[2 * i + start] ?? 0;
  mean /= n || 1;
  let v = 0;
  for (let i = 0; i < n; i++) v += ((xy[2 * i + start] ?? 0) - mean) ** 2;
  return Math.sqrt(v / (n || 1));
}

/**
 * The raw two-latent view in prior units over a box of half-side `range`. latent-axes divides
 * (μ_a, μ_b) by one number per snapshot (the largest |μ| of the two); the dimensions' Var_x μ
 * gives it back: μ_a = x · √Var μ_a / sd(x).
 */
export function axesInPriorUnits(
  xy: ArrayLike<number>,
  varX: number,
  varY: number,
  range: number,
): Float32Array {
  const sx = axisSd(xy, 0);
  const sy = axisSd(xy, 1);
  // Both axes share the divisor: take it from the wider one, which the rounding affects least.
  const factor = sx >= sy ? (sx > 0 ? Math.sqrt(varX) / sx : 0) : Math.sqrt(varY) / sy;
  const out = new Float32Array(xy.length);
  for (let i = 0; i < xy.length; i++) out[i] = ((xy[i] ?? 0) * factor) / range;
  return out;
}
