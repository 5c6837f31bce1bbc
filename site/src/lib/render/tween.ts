/** Interpolation helpers for moving points between snapshots. */

/** Cubic ease-in-out on t in [0, 1]. */
export function easeInOut(t: number): number {
  return t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2;
}

/** out[i] = a[i] + (b[i] - a[i]) · t, in place. */
export function lerpInto(out: Float32Array, a: Float32Array, b: Float32Array, t: number): void {
  if (t >= 1) {
    out.set(b);
    return;
  }
  for (let i = 0; i < out.length; i++) out[i] = a[i] + (b[i] - a[i]) * t;
}
