/**
 * Visible share: how many dots of a layout the reader can see. The layout is drawn as the site
 * draws it (contract-drawing.ts: camera and dot radius r of a `side`-pixel square panel,
 * later nodes over earlier ones); node i is visible iff its centre is inside the panel and no
 * later node j > i has its centre closer than r (its dot covers i's centre). A uniform grid of
 * cells at least r wide makes this expected O(n): only the 3×3 cells around a centre can hold
 * a dot that covers it.
 */
import { REFERENCE_PANEL_PX, drawnView } from '../contract.ts';
import { checkCount, checkLength } from './validate.ts';

/** Options of {@link visibleShare} and {@link visibleNodes}. */
export interface VisibleShareOptions {
  /** Side of the square panel, CSS pixels. @default REFERENCE_PANEL_PX (700) */
  side?: number;
}

const DEFAULTS: Required<VisibleShareOptions> = { side: REFERENCE_PANEL_PX };

/** Most grid cells per side: r ≥ DOT_RADIUS_MIN keeps it below this at 700 px anyway. */
const MAX_CELLS = 1024;

/**
 * Per node, 1 when its centre is drawn inside the panel and no later dot covers it, else 0.
 * `layout` is row-major n×2 in box units (what the site draws).
 */
export function visibleNodes(
  layout: ArrayLike<number>,
  n: number,
  options: VisibleShareOptions = {},
): Uint8Array {
  const { side } = { ...DEFAULTS, ...options };
  checkCount('visibleShare', n);
  checkLength('visibleShare', 'layout', layout, 2 * n, '2n');
  if (!(side > 0)) throw new Error(`visibleShare: side (${side}) must be > 0 pixels`);
  const { pixels, radius: r } = drawnView(layout, n, side);
  const r2 = r * r;
  // Only centres in (−r, side + r)² can cover a centre inside the panel [0, side]².
  const lo = -r;
  const span = side + 2 * r;
  const cells = Math.max(1, Math.min(MAX_CELLS, Math.floor(span / r)));
  const size = span / cells; // ≥ r
  const cellOf = (v: number): number => Math.min(cells - 1, Math.floor((v - lo) / size));
  const near = (v: number): boolean => v > lo && v < side + r;
  // Counting sort of the nodes near the panel by cell, in node order within a cell.
  const start = new Int32Array(cells * cells + 1);
  const cell = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const x = pixels[2 * i];
    const y = pixels[2 * i + 1];
    if (!near(x) || !near(y)) continue;
    cell[i] = cellOf(y) * cells + cellOf(x);
    start[cell[i] + 1]++;
  }
  for (let c = 0; c < cells * cells; c++) start[c + 1] += start[c];
  const order = new Int32Array(start[cells * cells]);
  const fill = start.slice(0, cells * cells);
  for (let i = 0; i < n; i++) if (cell[i] >= 0) order[fill[cell[i]]++] = i;

  const visible = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const x = pixels[2 * i];
    const y = pixels[2 * i + 1];
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
          const dx = pixels[2 * j] - x;
          const dy = pixels[2 * j + 1] - y;
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

/** Share of the n nodes whose dot centre is visible in the drawn panel, 0 … 1; see the header. */
export function visibleShare(
  layout: ArrayLike<number>,
  n: number,
  options: VisibleShareOptions = {},
): number {
  const visible = visibleNodes(layout, n, options);
  let count = 0;
  for (let i = 0; i < n; i++) count += visible[i];
  return count / n;
}
