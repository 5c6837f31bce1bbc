/**
 * How a layout is drawn: the camera (which part of the box a panel shows) and the dot radius,
 * defined once for the site's renderer and for the pipeline's `visible_share` metric, so the
 * metric measures the picture the reader gets. Part of the contract (contract.ts re-exports
 * it); dependency-free like the rest of the contract.
 *
 * Camera: a square around the robust extent of the drawing, the EXTENT_QUANTILE … 1 −
 * EXTENT_QUANTILE range of each axis, widened by EXTENT_MARGIN of that range on each side, so a
 * few stranded points cannot shrink everything else (points beyond the extent are off-panel
 * until the reader zooms out). Dots: half the median distance from a dot to its nearest other
 * dot, in pixels of the panel (DOT_SPACING_SHARE), within [DOT_RADIUS_MIN, dotRadiusMax(panel)],
 * so sparse drawings get large dots and dense ones small dots that do not bury each other.
 * Later nodes are drawn over earlier ones (node order).
 */

/** Share of the points left out of the robust extent at each end of an axis. */
export const EXTENT_QUANTILE = 0.01;
/** Margin round the robust extent, as a share of its larger side, on each side. */
export const EXTENT_MARGIN = 0.08;
/** Smallest dot radius, CSS pixels. */
export const DOT_RADIUS_MIN = 1.6;
/** Dot radius as a share of the median nearest-dot distance (½: two such dots just touch). */
export const DOT_SPACING_SHARE = 0.5;
/** Side of the square panel, CSS pixels, at which `visible_share` is measured. */
export const REFERENCE_PANEL_PX = 700;

/** Largest dot radius in a panel `side` CSS pixels across: 4 px on a desktop panel, less on a phone. */
export function dotRadiusMax(side: number): number {
  return Math.max(DOT_RADIUS_MIN, Math.min(4, side / 170));
}

/** A square view of the layout: centre and half-side in box units. */
export interface DrawnExtent {
  readonly cx: number;
  readonly cy: number;
  readonly half: number;
}

/** The camera for one layout (row-major n×2, box units); see the header. */
export function drawnExtent(positions: ArrayLike<number>, n: number): DrawnExtent {
  if (n === 0) return { cx: 0, cy: 0, half: 1 };
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = positions[2 * i] ?? 0;
    ys[i] = positions[2 * i + 1] ?? 0;
  }
  xs.sort();
  ys.sort();
  const lo = Math.min(n - 1, Math.floor(EXTENT_QUANTILE * n));
  const hi = Math.max(0, n - 1 - lo);
  const [x0, x1, y0, y1] = [xs[lo] ?? 0, xs[hi] ?? 0, ys[lo] ?? 0, ys[hi] ?? 0];
  const side = Math.max(x1 - x0, y1 - y0);
  // A drawing with no extent (one point, or all coincide) gets a small fixed view.
  const half = side > 0 ? (side / 2) * (1 + 2 * EXTENT_MARGIN) : 0.05;
  return { cx: (x0 + x1) / 2, cy: (y0 + y1) / 2, half };
}

/** Pixel coordinates (x right, y down, origin top-left) of every node in a `side`-pixel square panel showing `extent`. */
export function toPanelPixels(
  positions: ArrayLike<number>,
  n: number,
  extent: DrawnExtent,
  side: number,
): Float64Array {
  const scale = side / (2 * extent.half);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = ((positions[2 * i] ?? 0) - extent.cx) * scale + side / 2;
    out[2 * i + 1] = side / 2 - ((positions[2 * i + 1] ?? 0) - extent.cy) * scale;
  }
  return out;
}

/**
 * Counting sort of points by grid cell (`cell[i]` in 0 … cellCount − 1, or −1 to leave i out):
 * cell c holds `order[start[c] … start[c + 1])`, in ascending point order within a cell.
 */
function bucketByCell(
  cell: Int32Array,
  cellCount: number,
): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(cellCount + 1);
  for (let i = 0; i < cell.length; i++) if (cell[i] >= 0) start[cell[i] + 1]++;
  for (let c = 0; c < cellCount; c++) start[c + 1] += start[c];
  const order = new Int32Array(start[cellCount]);
  const fill = start.slice(0, cellCount);
  for (let i = 0; i < cell.length; i++) if (cell[i] >= 0) order[fill[cell[i]]++] = i;
  return { start, order };
}

/**
 * Distance from each point to its nearest other point (row-major n×2), through a uniform grid
 * of about one point per cell (expected O(n)); Infinity for a lone point.
 */
export function nearestDistances(xy: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n).fill(Infinity);
  if (n < 2) return out;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i] ?? 0;
    const y = xy[2 * i + 1] ?? 0;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  const side = Math.max(x1 - x0, y1 - y0, 1e-12);
  const cells = Math.max(1, Math.min(1024, Math.floor(Math.sqrt(n))));
  const size = side / cells;
  const cellOf = (v: number, v0: number): number =>
    Math.min(cells - 1, Math.floor((v - v0) / size));
  const cell = new Int32Array(n);
  for (let i = 0; i < n; i++)
    cell[i] = cellOf(xy[2 * i + 1] ?? 0, y0) * cells + cellOf(xy[2 * i] ?? 0, x0);
  const { start, order } = bucketByCell(cell, cells * cells);
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i] ?? 0;
    const y = xy[2 * i + 1] ?? 0;
    const cx = cellOf(x, x0);
    const cy = cellOf(y, y0);
    let best = Infinity;
    // Widen the ring of cells until the best distance found is within the searched square.
    for (let ring = 0; ring < cells; ring++) {
      for (let gy = Math.max(0, cy - ring); gy <= Math.min(cells - 1, cy + ring); gy++) {
        for (let gx = Math.max(0, cx - ring); gx <= Math.min(cells - 1, cx + ring); gx++) {
          if (Math.max(Math.abs(gx - cx), Math.abs(gy - cy)) !== ring) continue;
          const c = gy * cells + gx;
          for (let p = start[c]; p < start[c + 1]; p++) {
            const j = order[p];
            if (j === i) continue;
            const d = Math.hypot((xy[2 * j] ?? 0) - x, (xy[2 * j + 1] ?? 0) - y);
            if (d < best) best = d;
          }
        }
      }
      if (best <= ring * size) break;
    }
    out[i] = best;
  }
  return out;
}

/** Dot radius in CSS pixels for nodes at pixel coordinates `xy` in a `side`-pixel panel; see the header. */
export function dotRadius(xy: ArrayLike<number>, n: number, side: number): number {
  const max = dotRadiusMax(side);
  if (n < 2) return max;
  const d = nearestDistances(xy, n).sort();
  const median = d[Math.floor((n - 1) / 2)] ?? 0;
  return Math.max(DOT_RADIUS_MIN, Math.min(max, DOT_SPACING_SHARE * median));
}

/** The camera and dot radius of one layout drawn in a `side`-pixel square panel. */
export function drawnView(
  positions: ArrayLike<number>,
  n: number,
  side: number,
): { extent: DrawnExtent; radius: number; pixels: Float64Array } {
  const extent = drawnExtent(positions, n);
  const pixels = toPanelPixels(positions, n, extent, side);
  return { extent, radius: dotRadius(pixels, n, side), pixels };
}

/** Most grid cells per side: r ≥ DOT_RADIUS_MIN keeps it below this at 700 px anyway. */
const MAX_VISIBILITY_CELLS = 1024;

/**
 * Per node, 1 when its centre is drawn inside a `side`-pixel panel and no later dot (node j > i)
 * has its centre closer than the dot radius, else 0; a grid of cells at least r wide keeps it
 * expected O(n). `visible_share` is its mean.
 * `layout` is row-major n×2 in box units (what the site draws).
 */
export function visibleNodes(
  layout: ArrayLike<number>,
  n: number,
  side: number = REFERENCE_PANEL_PX,
): Uint8Array {
  const { pixels, radius: r } = drawnView(layout, n, side);
  const r2 = r * r;
  // Only centres in (−r, side + r)² can cover a centre inside the panel [0, side]².
  const lo = -r;
  const span = side + 2 * r;
  const cells = Math.max(1, Math.min(MAX_VISIBILITY_CELLS, Math.floor(span / r)));
  const size = span / cells; // ≥ r
  const cellOf = (v: number): number => Math.min(cells - 1, Math.floor((v - lo) / size));
  const near = (v: number): boolean => v > lo && v < side + r;
  // Only the nodes near the panel are bucketed (cell −1: left out).
  const cell = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const x = pixels[2 * i] ?? 0;
    const y = pixels[2 * i + 1] ?? 0;
    if (near(x) && near(y)) cell[i] = cellOf(y) * cells + cellOf(x);
  }
  const { start, order } = bucketByCell(cell, cells * cells);

  const visible = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = pixels[2 * i] ?? 0;
    const y = pixels[2 * i + 1] ?? 0;
    if (!(x >= 0 && x <= side && y >= 0 && y <= side)) continue;
    const cx = cellOf(x);
    const cy = cellOf(y);
    let covered = false;
    for (let gy = Math.max(0, cy - 1); gy <= Math.min(cells - 1, cy + 1) && !covered; gy++) {
      for (let gx = Math.max(0, cx - 1); gx <= Math.min(cells - 1, cx + 1) && !covered; gx++) {
        const c = gy * cells + gx;
        // Nodes sit in node order within a cell: scan from the end down to the first j > i.
        for (let p = start[c + 1] - 1; p >= start[c]; p--) {
          const j = order[p];
          if (j <= i) break;
          const dx = (pixels[2 * j] ?? 0) - x;
          const dy = (pixels[2 * j + 1] ?? 0) - y;
          if (dx * dx + dy * dy < r2) {
            covered = true;
            break;
          }
        }
      }
    }
    if (!covered) visible[i] = 1;
  }
  return visible;
}
