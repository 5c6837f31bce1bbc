/** Geometry shared by the small over-training plots (metric strips, share chart): one x per snapshot. */

/** The plot's viewBox size, before its 3-unit margin. */
export const SPARK_W = 120;
export const SPARK_H = 34;

/** x of snapshot `i` of `n` (the middle for a single snapshot). */
export function sparkX(i: number, n: number): number {
  return n > 1 ? (i / (n - 1)) * SPARK_W : SPARK_W / 2;
}

/**
 * An SVG path through `values` scaled from [lo, hi] to the plot's height; values for which
 * `missing` holds break the line (no data at that snapshot).
 */
export function sparkPath(
  values: ArrayLike<number>,
  lo: number,
  hi: number,
  missing: (v: number) => boolean = () => false,
): string {
  const n = values.length;
  let d = '';
  let pen = false;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? NaN;
    if (missing(v)) {
      pen = false;
      continue;
    }
    const y = SPARK_H - ((v - lo) / (hi - lo || 1)) * SPARK_H;
    d += `${pen ? 'L' : 'M'}${sparkX(i, n).toFixed(1)} ${y.toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** The snapshot under a pointer on a plot of `n` snapshots. */
export function snapshotAtPointer(e: PointerEvent, n: number): number {
  const box = (e.currentTarget as SVGElement).getBoundingClientRect();
  return Math.round(((e.clientX - box.left) / box.width) * (n - 1));
}
