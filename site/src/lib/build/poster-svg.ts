/**
 * Static posters: an inline SVG of a layout, built from the Arrow data at build time, shown
 * before the figure loads, when it fails, and to readers without JavaScript. Each class is one
 * <path> of zero-length round-capped segments, which keeps 2,000 points to a few KB.
 */
import { classColour } from '../colour.ts';

/** Box units → SVG units: [-1, 1] maps to [-1000, 1000], y up. */
const UNIT = 1000;
/** The same margin around the box as the figures' views (scene.ts), so poster and canvas align. */
const PAD = 1.08;
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
}

/** SVG markup (string) of panels side by side. */
export function posterSvg(
  panels: PosterPanel[],
  label: string,
  dotSize = 22,
  titleSize = 64,
): string {
  const side = 2 * PAD * UNIT;
  const width = side * panels.length;
  const parts: string[] = [];
  const lines: string[] = [];
  const titles: string[] = [];
  panels.forEach((panel, p) => {
    const offset = p * side + PAD * UNIT;
    const px = (i: number) => Math.round(offset + (panel.xy[2 * i] ?? 0) * UNIT);
    const py = (i: number) => Math.round(PAD * UNIT - (panel.xy[2 * i + 1] ?? 0) * UNIT);
    const byClass = new Map<number, string[]>();
    const n = panel.classes.length;
    for (let i = 0; i < n; i++) {
      const c = panel.classes[i] ?? 0;
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
    for (const [c, segments] of [...byClass].sort((a, b) => a[0] - b[0])) {
      parts.push(`<path stroke="${classColour(c)}" d="${segments.join('')}"/>`);
    }
    if (panel.title)
      titles.push(
        `<text x="${p * side + 60}" y="${titleSize + 50}" font-size="${titleSize}" class="sv-poster-title">${escapeXml(panel.title)}</text>`,
      );
  });
  const edgeGroup = lines.length
    ? `<g fill="none" stroke-width="1" class="sv-poster-edges">${lines.join('')}</g>`
    : '';
  return (
    `<svg class="sv-poster" viewBox="0 0 ${width} ${side}" role="img" aria-label="${escapeXml(label)}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeXml(label)}</title>${edgeGroup}<g fill="none" stroke-width="${dotSize}" stroke-linecap="round" stroke-opacity="0.9">${parts.join('')}</g>${titles.join('')}</svg>`
  );
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch] ?? ch,
  );
}
