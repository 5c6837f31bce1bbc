/**
 * A spectral layout computed in the browser, for the "how the graph is built" figure: the two
 * leading non-trivial eigenvectors of the regularised normalised adjacency
 * D^-1/2 (A + τ/n·11ᵀ) D^-1/2, found by block power iteration. The regulariser τ keeps
 * disconnected pieces (well-separated classes) from collapsing onto single points.
 */

export interface SpectralOptions {
  /** Power iterations. @default 400 */
  iterations?: number;
  /** Regularisation τ (weight spread over all pairs). @default 1 */
  tau?: number;
  /** Injected randomness for the start vectors. @default seeded */
  random?: () => number;
}

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function normalise(a: Float64Array): void {
  const norm = Math.sqrt(dot(a, a)) || 1;
  for (let i = 0; i < a.length; i++) a[i] /= norm;
}

function removeComponent(a: Float64Array, u: Float64Array): void {
  const c = dot(a, u);
  for (let i = 0; i < a.length; i++) a[i] -= c * u[i];
}

/** Interleaved x, y in [-1, 1] for an undirected graph on n nodes given as edge lists. */
export function spectralLayout(
  n: number,
  source: ArrayLike<number>,
  target: ArrayLike<number>,
  options: SpectralOptions = {},
): Float32Array {
  const { iterations = 400, tau = 1, random = seeded(42) } = options;
  const degree = new Float64Array(n).fill(tau);
  for (let e = 0; e < source.length; e++) {
    degree[source[e]]++;
    degree[target[e]]++;
  }
  const invSqrt = degree.map((d) => 1 / Math.sqrt(d));
  const trivial = degree.map((d) => Math.sqrt(d));
  normalise(trivial);
  const scratch = new Float64Array(n);
  // y = ½ (I + M) x, with M the regularised normalised adjacency: eigenvalues in [0, 1].
  const apply = (x: Float64Array, y: Float64Array): void => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      scratch[i] = x[i] * invSqrt[i];
      sum += scratch[i];
    }
    const spread = (tau / n) * sum;
    y.fill(spread);
    for (let e = 0; e < source.length; e++) {
      const s = source[e];
      const t = target[e];
      y[s] += scratch[t];
      y[t] += scratch[s];
    }
    for (let i = 0; i < n; i++) y[i] = 0.5 * (x[i] + y[i] * invSqrt[i]);
  };
  const vectors = [new Float64Array(n), new Float64Array(n)].map((v) =>
    v.map(() => random() - 0.5),
  );
  const next = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    vectors.forEach((v, k) => {
      apply(v, next);
      v.set(next);
      removeComponent(v, trivial);
      for (let j = 0; j < k; j++) removeComponent(v, vectors[j]);
      normalise(v);
    });
  }
  const [vx, vy] = vectors as [Float64Array, Float64Array];
  const out = new Float32Array(2 * n);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    out[2 * i] = vx[i] * invSqrt[i];
    out[2 * i + 1] = vy[i] * invSqrt[i];
  }
  // Scale by a high quantile so one outlier does not squash the rest, then clamp into the box.
  const magnitudes = Array.from({ length: n }, (_, i) =>
    Math.max(Math.abs(out[2 * i]), Math.abs(out[2 * i + 1])),
  ).sort((a, b) => a - b);
  scale = magnitudes[Math.floor(0.98 * (n - 1))] || 1;
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-1, Math.min(1, (out[i] / scale) * 0.95));
  return out;
}
