/**
 * Static posters: an inline SVG of a layout, built from the Arrow data at build time, shown
 * before the figure loads, when it fails, and to readers without JavaScript. Each class is one
 * <path> of zero-length round-capped segments, which keeps 2,000 points to a few KB.
 */
import { classColour } from '../colour.ts';

/** Box units → SVG units: [-1, 1] maps to [-1000, 1000], y up. */
const UNIT = 1000;
const PAD = 1.08;

export interface PosterPanel {
  /** Interleaved x, y in [-1, 1]. */
  xy: ArrayLike<number>;
  /** Class of every node (colour). */
  classes: ArrayLike<number>;
  title?: string;
}

/** SVG markup (string) of panels side by side. */
export function posterSvg(panels: PosterPanel[], label: string, dotSize = 22): string {
  const side = 2 * PAD * UNIT;
  const width = side * panels.length;
  const parts: string[] = [];
  const titles: string[] = [];
  panels.forEach((panel, p) => {
    const offset = p * side + PAD * UNIT;
    const byClass = new Map<number, string[]>();
    const n = panel.classes.length;
    for (let i = 0; i < n; i++) {
      const c = panel.classes[i] ?? 0;
      const x = Math.round(offset + (panel.xy[2 * i] ?? 0) * UNIT);
      const y = Math.round(PAD * UNIT - (panel.xy[2 * i + 1] ?? 0) * UNIT);
      let list = byClass.get(c);
      if (!list) byClass.set(c, (list = []));
      list.push(`M${x} ${y}h0`);
    }
    for (const [c, segments] of [...byClass].sort((a, b) => a[0] - b[0])) {
      parts.push(`<path stroke="${classColour(c)}" d="${segments.join('')}"/>`);
    }
    if (panel.title)
      titles.push(
        `<text x="${p * side + 60}" y="110" class="sv-poster-title">${escapeXml(panel.title)}</text>`,
      );
  });
  return (
    `<svg class="sv-poster" viewBox="0 0 ${width} ${side}" role="img" aria-label="${escapeXml(label)}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeXml(label)}</title><g fill="none" stroke-width="${dotSize}" stroke-linecap="round" stroke-opacity="0.9">${parts.join('')}</g>${titles.join('')}</svg>`
  );
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch] ?? ch,
  );
}
