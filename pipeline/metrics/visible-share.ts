/**
 * Visible share: how many dots of a layout the reader can see. The layout is drawn as the site
 * draws it (contract-drawing.ts: camera and dot radius r of a `side`-pixel square panel,
 * later nodes over earlier ones); node i is visible iff its centre is inside the panel and no
 * later node j > i has its centre closer than r (its dot covers i's centre). A uniform grid of
 * cells at least r wide makes this expected O(n): only the 3×3 cells around a centre can hold
 * a dot that covers it. The per-node rule is the contract's `visibleNodes` (the site marks
 * stranded digits with it too).
 */
import { REFERENCE_PANEL_PX, visibleNodes } from '../contract.ts';
import { checkCount, checkLength } from './validate.ts';

/** Options of {@link visibleShare}. */
export interface VisibleShareOptions {
  /** Side of the square panel, CSS pixels. @default REFERENCE_PANEL_PX (700) */
  side?: number;
}

const DEFAULTS: Required<VisibleShareOptions> = { side: REFERENCE_PANEL_PX };

/** Share of the n nodes whose dot centre is visible in the drawn panel, 0 … 1; see the header. */
export function visibleShare(
  layout: ArrayLike<number>,
  n: number,
  options: VisibleShareOptions = {},
): number {
  const { side } = { ...DEFAULTS, ...options };
  checkCount('visibleShare', n);
  checkLength('visibleShare', 'layout', layout, 2 * n, '2n');
  if (!(side > 0)) throw new Error(`visibleShare: side (${side}) must be > 0 pixels`);
  const visible = visibleNodes(layout, n, side);
  let count = 0;
  for (let i = 0; i < n; i++) count += visible[i];
  return count / n;
}
