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

/** `start` of a tween whose clock has not started yet (no frame drawn since it was set). */
export const UNSTARTED = -1;

/**
 * Linear tween time in [0, 1] at `now` (ms). A tween set with `start: UNSTARTED` starts its
 * clock here, at the first frame drawn after it was set: a long task between setting it and
 * that frame (hydration, parsing a file) then delays the move instead of skipping most of it.
 */
export function tweenTime(tween: { start: number; duration: number }, now: number): number {
  if (tween.start === UNSTARTED) tween.start = now;
  return tween.duration > 0 ? Math.min(1, Math.max(0, (now - tween.start) / tween.duration)) : 1;
}
