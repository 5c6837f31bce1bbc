/**
 * Class selectivity of hidden units on a labelled sample set. With μ_c a unit's mean
 * activation over the samples of class c, c* = argmax μ_c and μ̄ the mean of the other
 * classes' μ_c: selectivity = (μ_c* − μ̄) / (μ_c* + μ̄) (Morcos et al. 2018). For ReLU
 * activations (≥ 0) it lies in [0, 1]: 1 when the unit fires for one class only, 0 when it
 * fires equally for all. A dead unit (0 on every sample) has selectivity 0 and no dominant class.
 */
import { checkCount, checkLabels, checkLength } from './validate.ts';

/** Per unit: dominant class (−1 if dead), selectivity, and 1 if dead. */
export interface UnitSelectivity {
  dominant: Int8Array;
  selectivity: Float32Array;
  dead: Int8Array;
}

/** Selectivity of every column of row-major n×dim activations; labels in 0 … classes−1. */
export function unitSelectivity(
  activations: Float32Array,
  n: number,
  dim: number,
  labels: ArrayLike<number>,
  classes: number,
): UnitSelectivity {
  checkCount('unitSelectivity', n);
  checkLength('unitSelectivity', 'activations', activations, n * dim, 'n*dim');
  checkLabels('unitSelectivity', labels, n);
  if (!Number.isInteger(classes) || classes < 2)
    throw new Error(`unitSelectivity: classes (${classes}) must be an integer ≥ 2`);
  const counts = new Float64Array(classes);
  const sums = new Float64Array(classes * dim);
  const fires = new Uint8Array(dim);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (c < 0 || c >= classes)
      throw new Error(`unitSelectivity: labels[${i}] (${c}) is outside 0 … ${classes - 1}`);
    counts[c]++;
    for (let d = 0; d < dim; d++) {
      const a = activations[i * dim + d];
      if (a < 0) throw new Error(`unitSelectivity: activation (${i}, ${d}) = ${a} is negative`);
      if (a !== 0) fires[d] = 1;
      sums[c * dim + d] += a;
    }
  }
  const present = Array.from(counts.keys()).filter((c) => counts[c] > 0);
  if (present.length < 2)
    throw new Error('unitSelectivity: the samples must hold at least two classes');
  const dominant = new Int8Array(dim).fill(-1);
  const selectivity = new Float32Array(dim);
  const dead = new Int8Array(dim);
  for (let d = 0; d < dim; d++) {
    if (!fires[d]) {
      dead[d] = 1;
      continue;
    }
    let best = present[0];
    let total = 0;
    for (const c of present) {
      const mean = sums[c * dim + d] / counts[c];
      total += mean;
      if (mean > sums[best * dim + d] / counts[best]) best = c;
    }
    const max = sums[best * dim + d] / counts[best];
    const others = (total - max) / (present.length - 1);
    dominant[d] = best;
    selectivity[d] = (max - others) / (max + others);
  }
  return { dominant, selectivity, dead };
}

/** Mean selectivity over the units that fire for some sample (0 when every unit is dead). */
export function meanSelectivity(s: UnitSelectivity): number {
  let sum = 0;
  let live = 0;
  s.selectivity.forEach((v, d) => {
    if (!s.dead[d]) {
      sum += v;
      live++;
    }
  });
  return live ? sum / live : 0;
}
