/**
 * Argument checks shared by the metrics. Each error names the calling module and the
 * offending value, so a bad call deep inside the pipeline reads as one clear line.
 */

/** Throws unless `n` is a positive integer. */
export function checkCount(module: string, n: number): void {
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${module}: n (${n}) must be a positive integer`);
}

/** Throws unless `array` holds exactly `expected` values (`what` spells the expectation). */
export function checkLength(
  module: string,
  name: string,
  array: ArrayLike<unknown>,
  expected: number,
  what: string,
): void {
  if (array.length !== expected) {
    throw new Error(`${module}: ${name} length (${array.length}) must equal ${what} (${expected})`);
  }
}

/** Throws unless `dist` is a dense n×n matrix. */
export function checkMatrix(module: string, name: string, dist: Float32Array, n: number): void {
  checkLength(module, name, dist, n * n, `n*n`);
}

/** Throws unless `k` is an integer with 1 ≤ k and k < `limit` (`limitText` names the bound). */
export function checkK(module: string, k: number, limit: number, limitText: string): void {
  if (!Number.isInteger(k) || k < 1 || k >= limit) {
    throw new Error(`${module}: k (${k}) must be an integer with 1 ≤ k < ${limitText} (${limit})`);
  }
}

/** Throws unless every label is an integer; the first bad index is named. */
export function checkLabels(module: string, labels: ArrayLike<number>, n: number): void {
  checkLength(module, 'labels', labels, n, 'n');
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(labels[i]))
      throw new Error(`${module}: labels[${i}] (${labels[i]}) must be an integer`);
  }
}
