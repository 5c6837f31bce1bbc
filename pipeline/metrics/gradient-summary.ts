/**
 * Per (snapshot, layer) summaries of the per-sample gradient norms ‖∂L_i/∂h_i‖: quantiles,
 * how much of the total norm the top tenth of samples carries, and Spearman rank
 * correlations with misclassification and with the margin.
 */

/** The quantiles stored per (snapshot, layer), as fractions. */
export const GRADIENT_QUANTILES = [0.1, 0.5, 0.9] as const;

/** Summary of one (snapshot, layer)'s gradient norms. */
export interface GradientSummary {
  /** Gradient-norm quantiles at GRADIENT_QUANTILES (linear interpolation between order statistics). */
  readonly quantiles: number[];
  /** Share of Σᵢ‖gᵢ‖ carried by the ⌈n/10⌉ samples with the largest norms, 0 … 1. */
  readonly top10Share: number;
  /** Spearman ρ of the norm with misclassification (1 = predicted wrong, 0 = right); 0 when either is constant. */
  readonly spearmanWrong: number;
  /** Spearman ρ of the norm with the margin (true logit − best other); 0 when either is constant. */
  readonly spearmanMargin: number;
}

/** Quantile q of ascending `sorted` with linear interpolation (type 7, as numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('gradient-summary: quantile of no values');
  const at = q * (n - 1);
  const lo = Math.floor(at);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
}

/** Ranks 1 … n, ties given their average rank. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + end + 1) / 2; // mean of ranks start+1 … end
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/** Spearman's ρ (Pearson correlation of average ranks); 0 when either variable is constant. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new Error(`gradient-summary: spearman of ${a.length} and ${b.length} values`);
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  const mean = (a.length + 1) / 2;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = ra[i] - mean;
    const db = rb[i] - mean;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** Summarises one (snapshot, layer): `norms` per sample, `margins` per sample (≤ 0: predicted wrong). */
export function gradientSummary(
  norms: ArrayLike<number>,
  margins: ArrayLike<number>,
): GradientSummary {
  const n = norms.length;
  if (n === 0 || margins.length !== n)
    throw new Error(
      `gradient-summary: needs as many margins (${margins.length}) as norms (${n}), at least one`,
    );
  const sorted = Float64Array.from(norms).sort();
  const total = sorted.reduce((s, v) => s + v, 0);
  const top = Math.ceil(n / 10);
  let topSum = 0;
  for (let k = n - top; k < n; k++) topSum += sorted[k];
  const wrong = Float64Array.from({ length: n }, (_, i) => (margins[i] > 0 ? 0 : 1));
  return {
    quantiles: GRADIENT_QUANTILES.map((q) => quantileSorted(sorted, q)),
    top10Share: total > 0 ? topSum / total : 0,
    spearmanWrong: spearman(norms, wrong),
    spearmanMargin: spearman(norms, margins),
  };
}
