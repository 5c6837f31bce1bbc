/**
 * Dense pairwise Euclidean distances, computed as exact differences (not ‖a‖²+‖b‖²−2a·b,
 * which loses near-duplicates to cancellation). Row-major n×n, symmetric, zero diagonal.
 */
export function pairwiseDistances(data: Float32Array, n: number, dim: number): Float32Array {
  if (data.length !== n * dim) {
    throw new Error(`distances: data length (${data.length}) must equal n*dim (${n}*${dim})`);
  }
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const oi = i * dim;
    for (let j = i + 1; j < n; j++) {
      const oj = j * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const t = data[oi + d] - data[oj + d];
        s += t * t;
      }
      const dist = Math.sqrt(s);
      out[i * n + j] = dist;
      out[j * n + i] = dist;
    }
  }
  return out;
}
