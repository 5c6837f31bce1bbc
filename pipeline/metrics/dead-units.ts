/**
 * Dead units: hidden units (columns) that output exactly 0 for every sample, e.g. ReLUs
 * whose pre-activation is negative on the whole trace set.
 */
import { checkCount, checkLength } from './validate.ts';

/** Number of columns of a row-major n×dim activation matrix that are 0 in every row. */
export function deadUnits(activations: Float32Array, n: number, dim: number): number {
  checkCount('deadUnits', n);
  if (!Number.isInteger(dim) || dim < 0)
    throw new Error(`deadUnits: dim (${dim}) must be a non-negative integer`);
  checkLength('deadUnits', 'activations', activations, n * dim, 'n*dim');
  const alive = new Uint8Array(dim);
  // Row-major scan: memory order, and -0 counts as 0.
  for (let i = 0; i < n; i++) {
    const row = i * dim;
    for (let d = 0; d < dim; d++) if (activations[row + d] !== 0) alive[d] = 1;
  }
  let dead = 0;
  for (let d = 0; d < dim; d++) if (alive[d] === 0) dead++;
  return dead;
}
