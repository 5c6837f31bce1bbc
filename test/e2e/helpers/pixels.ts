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

/** Bounding box (image pixels) of the clearly coloured pixels, or null if there are none. */
export function colouredBox(
  image: Image,
  minChroma = 60,
): { left: number; top: number; right: number; bottom: number } | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (let p = 0; p < image.width * image.height; p++) {
    if (chroma(image.data, 4 * p) < minChroma) continue;
    const x = p % image.width;
    const y = Math.floor(p / image.width);
    left = Math.min(left, x);
    right = Math.max(right, x);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  }
  return right < 0 ? null : { left, top, right, bottom };
}

/**
 * Spread of the clearly coloured pixels: the `q` … 1 − `q` quantile range of their x and of
 * their y, in image pixels (a robust bounding box: a few stray dots do not set it); null if
 * nothing is coloured.
 */
export function colouredSpread(
  image: Image,
  q = 0.01,
  minChroma = 60,
): { width: number; height: number } | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let p = 0; p < image.width * image.height; p++) {
    if (chroma(image.data, 4 * p) < minChroma) continue;
    xs.push(p % image.width);
    ys.push(Math.floor(p / image.width));
  }
  if (xs.length === 0) return null;
  const range = (v: number[]) => {
    v.sort((a, b) => a - b);
    const lo = Math.floor(q * (v.length - 1));
    return (v[v.length - 1 - lo] ?? 0) - (v[lo] ?? 0);
  };
  return { width: range(xs), height: range(ys) };
}

/** Centre of the dark pixels (all channels < maxLevel): the selection ring on a light plot. */
export function darkCentroid(image: Image, maxLevel = 70): { x: number; y: number; n: number } {
  let x = 0;
  let y = 0;
  let n = 0;
  for (let p = 0; p < image.width * image.height; p++) {
    const i = 4 * p;
    if (image.data[i] < maxLevel && image.data[i + 1] < maxLevel && image.data[i + 2] < maxLevel) {
      x += p % image.width;
      y += Math.floor(p / image.width);
      n++;
    }
  }
  return n ? { x: x / n, y: y / n, n } : { x: NaN, y: NaN, n: 0 };
}

/**
 * How differently two images place each colour: per colour, the share of its pixels in each cell
 * of a `cells` × `cells` grid, compared as total variation distance (0 same places, 1 disjoint),
 * averaged over the colours with at least `minPixels` pixels in both images.
 */
export function colourLayoutDistance(
  a: Image,
  b: Image,
  colours: [number, number, number][],
  cells = 8,
  tolerance = 70,
  minPixels = 150,
  minChroma = 60,
): { distance: number; compared: number } {
  const grid = (image: Image): Float64Array[] => {
    const out = colours.map(() => new Float64Array(cells * cells));
    const { width, height, data } = image;
    for (let i = 0; i < data.length; i += 4) {
      if (chroma(data, i) < minChroma) continue;
      let best = -1;
      let bestD = tolerance;
      colours.forEach(([r, g, bl], c) => {
        const d = Math.hypot(data[i] - r, data[i + 1] - g, data[i + 2] - bl);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      });
      if (best < 0) continue;
      const p = i / 4;
      const cx = Math.min(cells - 1, Math.floor(((p % width) / width) * cells));
      const cy = Math.min(cells - 1, Math.floor((Math.floor(p / width) / height) * cells));
      out[best][cy * cells + cx]++;
    }
    return out;
  };
  const ga = grid(a);
  const gb = grid(b);
  let total = 0;
  let compared = 0;
  ga.forEach((ha, c) => {
    const hb = gb[c];
    const na = ha.reduce((s, v) => s + v, 0);
    const nb = hb.reduce((s, v) => s + v, 0);
    if (na < minPixels || nb < minPixels) return;
    let tv = 0;
    for (let k = 0; k < ha.length; k++) tv += Math.abs(ha[k] / na - hb[k] / nb);
    total += tv / 2;
    compared++;
  });
  return { distance: compared ? total / compared : NaN, compared };
}

/**
 * The part of an image inside a rectangle given as fractions of its width and height
 * ([left, top, right, bottom] in 0 … 1), e.g. one panel of a figure's grid.
 */
export function cropImage(image: Image, box: readonly [number, number, number, number]): Image {
  const x0 = Math.round(box[0] * image.width);
  const y0 = Math.round(box[1] * image.height);
  // Sizes from the fractions' spans, so equal spans crop equal sizes wherever they start.
  const width = Math.max(
    0,
    Math.min(image.width - x0, Math.round((box[2] - box[0]) * image.width)),
  );
  const height = Math.max(
    0,
    Math.min(image.height - y0, Math.round((box[3] - box[1]) * image.height)),
  );
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = 4 * ((y0 + y) * image.width + x0);
    data.set(image.data.subarray(from, from + 4 * width), 4 * y * width);
  }
  return { width, height, data };
}

/**
 * Pixels that are tinted but not fully coloured (minChroma ≤ chroma < maxChroma): a light wash
 * of colour such as decision-region shading, as opposed to the page (chroma ≈ 0) and the
 * class-coloured dots drawn on top (chroma ≥ 60).
 */
export function countTinted(image: Image, minChroma = 15, maxChroma = 60): number {
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const c = chroma(image.data, i);
    if (c >= minChroma && c < maxChroma) n++;
  }
  return n;
}

/**
 * Centres of dark discs (every pixel of a 5×5 block below `maxLevel` in all channels), in page
 * coordinates of `canvas`, at most `count`, spread over the canvas: where ink-coloured nodes
 * (hidden units) are drawn. Edges and rings are too thin to fill a 5×5 block.
 */
export async function darkNodesOnCanvas(
  canvas: Locator,
  count = 8,
  maxLevel = 60,
): Promise<{ x: number; y: number }[]> {
  const { image, box, dark } = await canvasPixels(canvas, maxLevel);
  if (!box) return [];
  const { width, height } = image;
  const found: { x: number; y: number }[] = [];
  for (let y = 2; y < height - 2; y += 3) {
    for (let x = 2; x < width - 2; x += 3) {
      let all = true;
      for (let dy = -2; dy <= 2 && all; dy++)
        for (let dx = -2; dx <= 2 && all; dx++) all = dark(x + dx, y + dy);
      if (all && found.every((p) => Math.hypot(p.x - x, p.y - y) > 20)) found.push({ x, y });
    }
  }
  return spreadOnPage(found, count, width, box);
}

/** Pixels darker than `maxLevel` in every channel, outside the disc `exclude` (image pixels), if given. */
export function countDark(
  image: Image,
  maxLevel = 60,
  exclude?: { x: number; y: number; r: number },
): number {
  let n = 0;
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    if (exclude) {
      const p = i / 4;
      const x = p % image.width;
      const y = Math.floor(p / image.width);
      if (Math.hypot(x - exclude.x, y - exclude.y) < exclude.r) continue;
    }
    if (d[i] < maxLevel && d[i + 1] < maxLevel && d[i + 2] < maxLevel) n++;
  }
  return n;
}

/**
 * Centres of ringed discs (a coloured centre with dark pixels within `reach` image pixels in
 * each of the four directions), in page coordinates of `canvas`, at most `count`: where
 * Figure 6 draws its units, class-coloured with an ink ring.
 */
export async function ringedNodesOnCanvas(
  canvas: Locator,
  count = 12,
  reach = 14,
  maxLevel = 70,
): Promise<{ x: number; y: number }[]> {
  const { image, box, dark } = await canvasPixels(canvas, maxLevel);
  if (!box) return [];
  const { width, height, data } = image;
  const at = (x: number, y: number) => 4 * (y * width + x);
  const ringIn = (x: number, y: number, dx: number, dy: number): boolean => {
    for (let k = 2; k <= reach; k++) {
      const [px, py] = [x + k * dx, y + k * dy];
      if (px < 0 || py < 0 || px >= width || py >= height) return false;
      if (dark(px, py)) return true;
    }
    return false;
  };
  const found: { x: number; y: number }[] = [];
  for (let y = reach; y < height - reach; y += 2) {
    for (let x = reach; x < width - reach; x += 2) {
      if (chroma(data, at(x, y)) < 60) continue;
      if (
        !ringIn(x, y, 1, 0) ||
        !ringIn(x, y, -1, 0) ||
        !ringIn(x, y, 0, 1) ||
        !ringIn(x, y, 0, -1)
      )
        continue;
      if (found.every((p) => Math.hypot(p.x - x, p.y - y) > 16)) found.push({ x, y });
    }
  }
  return spreadOnPage(found, count, width, box);
}

/** A canvas's pixels, its page box and a test for pixels darker than `maxLevel` in every channel. */
async function canvasPixels(canvas: Locator, maxLevel: number) {
  const image = await elementImage(canvas);
  const box = await canvas.boundingBox();
  const { width, data } = image;
  const dark = (x: number, y: number): boolean => {
    const i = 4 * (y * width + x);
    return data[i] < maxLevel && data[i + 1] < maxLevel && data[i + 2] < maxLevel;
  };
  return { image, box, dark };
}

/** Every k-th of `found` (image pixels), at most `count`, in page coordinates of `box`. */
function spreadOnPage(
  found: { x: number; y: number }[],
  count: number,
  width: number,
  box: { x: number; y: number; width: number },
): { x: number; y: number }[] {
  const scale = width / box.width;
  const step = Math.max(1, Math.floor(found.length / count));
  return found
    .filter((_, i) => i % step === 0)
    .slice(0, count)
    .map((p) => ({ x: box.x + p.x / scale, y: box.y + p.y / scale }));
}
