/**
 * Static posters: an inline SVG of a layout, built from the Arrow data at build time, shown
 * before the figure loads, when it fails, and to readers without JavaScript. Each class is one
 * <path> of zero-length round-capped segments, which keeps 2,000 points to a few KB.
 */
import { drawnExtent, type DrawnExtent } from '../../../../pipeline/contract.ts';
import { classColour } from '../colour.ts';
import { BOX_EXTENT } from '../render/camera.ts';
import { regionAlpha } from '../regions.ts';

/** SVG units per half-side of a panel: a panel is a 2·PAD·UNIT square. */
const UNIT = 1000;
const PAD = BOX_EXTENT.half;
/** Edges between classes: grey, as the figures draw them (scene.ts `updateEdgeColours`). */
const CROSS_EDGE = '#6e6e6e';

export interface PosterPanel {
  /** Interleaved x, y in [-1, 1]. */
  xy: ArrayLike<number>;
  /** Class of every node (colour). */
  classes: ArrayLike<number>;
  title?: string;
  /** Display edges (node index pairs), drawn under the nodes. */
  edges?: { source: ArrayLike<number>; target: ArrayLike<number> } | undefined;
  /** Decision regions drawn under everything (see regionShapes). */
  regions?: PosterRegions | undefined;
  /** Colour and size nodes by a value instead of by class (edges still use `classes`). */
  shades?: PosterShades | undefined;
  /**
   * The panel shows the drawing's extent, as the figure's camera does (scene.ts); false: the
   * box [-1, 1]² (the input plane under its regions). @default true
   */
  fit?: boolean;
}

/** Nodes by value: node i is drawn in `palette[level[i]]` at `sizes[level[i]]` × the dot size, higher levels on top. */
export interface PosterShades {
  level: ArrayLike<number>;
  palette: readonly string[];
  /** @default 1 for every level */
  sizes?: readonly number[];
}

/** One snapshot's decision-region grid (row 0 at the top) and where it lies in the box. */
export interface PosterRegions {
  size: number;
  predicted: ArrayLike<number>;
  confidence: ArrayLike<number>;
  /** Number of classes (sets what confidence counts as chance). */
  classes: number;
  /** [left, bottom, right, top], box units. */
  bounds: readonly [number, number, number, number];
}

/** Where the panels go: `columns` per row, panel k in grid cell `cells[k]` (row-major). */
export interface PosterGrid {
  columns: number;
  cells: readonly number[];
}

/** Opacity steps of the poster's region shading: each step is one <path>. */
const REGION_LEVELS = 8;

/**
 * The regions as a few <path>s: runs of cells with the same class and opacity step in a row
 * become one rectangle, and every rectangle of a (class, step) goes into one path.
 */
function regionShapes(
  regions: PosterRegions,
  x0: number,
  y0: number,
  scale: number,
  extent: DrawnExtent,
): string[] {
  const { size, bounds } = regions;
  const cellW = ((bounds[2] - bounds[0]) * scale) / size;
  const cellH = ((bounds[3] - bounds[1]) * scale) / size;
  const left = x0 + (bounds[0] - extent.cx) * scale;
  const top = y0 - (bounds[3] - extent.cy) * scale;
  const [lo, hi] = [regionAlpha(0, regions.classes), regionAlpha(255, regions.classes)];
  const step = (cell: number) =>
    Math.round(
      ((regionAlpha(regions.confidence[cell] ?? 0, regions.classes) - lo) / (hi - lo || 1)) *
        (REGION_LEVELS - 1),
    );
  const byKey = new Map<string, string[]>();
  for (let r = 0; r < size; r++) {
    let c = 0;
    while (c < size) {
      const cls = regions.predicted[r * size + c] ?? 0;
      const level = step(r * size + c);
      let end = c + 1;
      while (
        end < size &&
        regions.predicted[r * size + end] === cls &&
        step(r * size + end) === level
      )
        end++;
      const key = `${cls}:${level}`;
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      // Half a unit of overlap hides hairline seams between rows.
      list.push(
        `M${Math.round(left + c * cellW)} ${Math.round(top + r * cellH)}h${Math.round((end - c) * cellW) + 1}v${Math.round(cellH) + 1}h-${Math.round((end - c) * cellW) + 1}z`,
      );
      c = end;
    }
  }
  return [...byKey].map(([key, d]) => {
    const [cls = 0, level = 0] = key.split(':').map(Number);
    const opacity = lo + ((hi - lo) * level) / (REGION_LEVELS - 1);
    return `<path fill="${classColour(cls)}" fill-opacity="${opacity.toFixed(3)}" d="${d.join('')}"/>`;
  });
}

/** SVG markup (string) of panels side by side, or on a grid. */
export function posterSvg(
  panels: PosterPanel[],
  label: string,
  dotSize = 22,
  titleSize = 64,
  grid?: PosterGrid,
): string {
  const side = 2 * PAD * UNIT;
  const columns = grid?.columns ?? panels.length;
  const cellOf = (p: number) => grid?.cells[p] ?? p;
  const rows = Math.max(1, ...panels.map((_, p) => Math.floor(cellOf(p) / columns) + 1));
  const width = side * columns;
  const height = side * rows;
  const parts: string[] = [];
  const lines: string[] = [];
  const titles: string[] = [];
  const shades: string[] = [];
  panels.forEach((panel, p) => {
    const cell = cellOf(p);
    const offset = (cell % columns) * side + PAD * UNIT;
    const rowTop = Math.floor(cell / columns) * side;
    const n = panel.classes.length;
    const extent = panel.fit === false ? BOX_EXTENT : drawnExtent(panel.xy, n);
    // SVG units per box unit: the extent's half-side spans PAD·UNIT.
    const scale = (PAD * UNIT) / extent.half;
    const px = (i: number) => Math.round(offset + ((panel.xy[2 * i] ?? 0) - extent.cx) * scale);
    const py = (i: number) =>
      Math.round(rowTop + PAD * UNIT - ((panel.xy[2 * i + 1] ?? 0) - extent.cy) * scale);
    if (panel.regions)
      shades.push(...regionShapes(panel.regions, offset, rowTop + PAD * UNIT, scale, extent));
    const byClass = new Map<number, string[]>();
    const groupOf = panel.shades?.level ?? panel.classes;
    for (let i = 0; i < n; i++) {
      const c = groupOf[i] ?? 0;
      let list = byClass.get(c);
      if (!list) byClass.set(c, (list = []));
      list.push(`M${px(i)} ${py(i)}h0`);
    }
    if (panel.edges) {
      const byColour = new Map<string, string[]>();
      for (let e = 0; e < panel.edges.source.length; e++) {
        const s = panel.edges.source[e] ?? 0;
        const t = panel.edges.target[e] ?? 0;
        const cs = panel.classes[s] ?? 0;
        const key = cs === panel.classes[t] ? classColour(cs) : CROSS_EDGE;
        let list = byColour.get(key);
        if (!list) byColour.set(key, (list = []));
        list.push(`M${px(s)} ${py(s)}L${px(t)} ${py(t)}`);
      }
      for (const [colour, d] of byColour)
        lines.push(
          `<path vector-effect="non-scaling-stroke" stroke="${colour}" stroke-opacity="${colour === CROSS_EDGE ? 0.3 : 0.42}" d="${d.join('')}"/>`,
        );
    }
    // Hidden units (class −1) last, on top, in the text colour.
    const rank = (c: number) => (c < 0 ? Infinity : c);
    const byValue = panel.shades;
    for (const [c, segments] of [...byClass].sort((a, b) => rank(a[0]) - rank(b[0]))) {
      const stroke =
        c < 0 ? 'currentColor' : byValue ? (byValue.palette[c] ?? 'currentColor') : classColour(c);
      const size = byValue?.sizes?.[c];
      parts.push(
        `<path stroke="${stroke}"${size === undefined ? '' : ` stroke-width="${Math.round(size * dotSize)}"`} d="${segments.join('')}"/>`,
      );
    }
    if (panel.title)
      titles.push(
        `<text x="${(cell % columns) * side + 60}" y="${rowTop + titleSize + 50}" font-size="${titleSize}" class="sv-poster-title">${escapeXml(panel.title)}</text>`,
      );
  });
  const shadeGroup = shades.length
    ? `<g stroke="none" class="sv-poster-regions">${shades.join('')}</g>`
    : '';
  const edgeGroup = lines.length
    ? `<g fill="none" stroke-width="1" class="sv-poster-edges">${lines.join('')}</g>`
    : '';
  return (
    `<svg class="sv-poster" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(label)}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeXml(label)}</title>${shadeGroup}${edgeGroup}<g fill="none" stroke-width="${dotSize}" stroke-linecap="round" stroke-opacity="0.9">${parts.join('')}</g>${titles.join('')}</svg>`
  );
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch] ?? ch,
  );
}
