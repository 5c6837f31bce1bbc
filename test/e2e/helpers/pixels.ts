/** Pixel statistics on decoded screenshots: is a canvas blank, did it change, where is a point. */
import type { Locator } from 'playwright-core';
import { decodePng, type Image } from './png.ts';

/** Screenshot of one element (what the reader sees there, page background included), decoded. */
export async function elementImage(locator: Locator): Promise<Image> {
  return decodePng(await locator.screenshot({ animations: 'disabled', caret: 'hide' }));
}

/**
 * Page coordinates (CSS pixels) of a drawn node on a canvas: the centre of a coloured blob
 * found in a screenshot of it, or null when nothing coloured is drawn.
 */
export async function nodeOnCanvas(canvas: Locator): Promise<{ x: number; y: number } | null> {
  const image = await elementImage(canvas);
  const point = findColouredPoint(image);
  const box = await canvas.boundingBox();
  if (!point || !box) return null;
  const scale = image.width / box.width;
  return { x: box.x + point.x / scale, y: box.y + point.y / scale };
}

/** Spread between the largest and smallest channel: 0 for greys (page, text), high for class colours. */
function chroma(d: Uint8Array, i: number): number {
  const r = d[i];
  const g = d[i + 1];
  const b = d[i + 2];
  return Math.max(r, g, b) - Math.min(r, g, b);
}

/**
 * Pixels that are clearly coloured (chroma ≥ minChroma). Backgrounds, text and greys in both
 * themes have chroma near 0, the Petroff class colours mostly well above 60.
 */
export function countColoured(image: Image, minChroma = 60): number {
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) if (chroma(image.data, i) >= minChroma) n++;
  return n;
}

/** The most common colour (quantised to 4 bits per channel): the background of a sparse plot. */
export function dominantColour(image: Image): [number, number, number] {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = -1;
  for (let i = 0; i < image.data.length; i += 4) {
    const key =
      ((image.data[i] >> 4) << 8) | ((image.data[i + 1] >> 4) << 4) | (image.data[i + 2] >> 4);
    const c = (counts.get(key) ?? 0) + 1;
    counts.set(key, c);
    if (c > bestCount) {
      bestCount = c;
      best = key;
    }
  }
  return [((best >> 8) & 15) * 16 + 8, ((best >> 4) & 15) * 16 + 8, (best & 15) * 16 + 8];
}

/** Pixels that differ from the background (default: the dominant colour) by more than `tolerance` in some channel. */
export function countForeground(
  image: Image,
  tolerance = 40,
  background = dominantColour(image),
): number {
  let n = 0;
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    if (
      Math.abs(d[i] - background[0]) > tolerance ||
      Math.abs(d[i + 1] - background[1]) > tolerance ||
      Math.abs(d[i + 2] - background[2]) > tolerance
    )
      n++;
  }
  return n;
}

/** Pixels that differ between two same-sized images by more than `tolerance` in some channel. */
export function countDifferent(a: Image, b: Image, tolerance = 24): number {
  if (a.width !== b.width || a.height !== b.height)
    throw new Error(`pixels: cannot compare ${a.width}×${a.height} with ${b.width}×${b.height}`);
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (
      Math.abs(a.data[i] - b.data[i]) > tolerance ||
      Math.abs(a.data[i + 1] - b.data[i + 1]) > tolerance ||
      Math.abs(a.data[i + 2] - b.data[i + 2]) > tolerance
    )
      n++;
  }
  return n;
}

/**
 * A pixel inside a clump of coloured pixels (most coloured neighbours in a 9×9 window), in image
 * pixels; null if nothing is coloured. Hovering there hits a node.
 */
export function findColouredPoint(image: Image, minChroma = 60): { x: number; y: number } | null {
  const { width, height, data } = image;
  const coloured = new Uint8Array(width * height);
  for (let p = 0; p < coloured.length; p++) coloured[p] = chroma(data, 4 * p) >= minChroma ? 1 : 0;
  let best: { x: number; y: number } | null = null;
  let bestScore = 0;
  const R = 4;
  // Stay away from the edges: labels and overlays sit there.
  for (let y = R + 8; y < height - R - 8; y += 2) {
    for (let x = R + 8; x < width - R - 8; x += 2) {
      if (!coloured[y * width + x]) continue;
      let score = 0;
      for (let dy = -R; dy <= R; dy++)
        for (let dx = -R; dx <= R; dx++) score += coloured[(y + dy) * width + x + dx];
      if (score > bestScore) {
        bestScore = score;
        best = { x, y };
      }
    }
  }
  return best;
}
