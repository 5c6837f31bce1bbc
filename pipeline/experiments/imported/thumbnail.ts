/**
 * Images of any size, grey or colour, as an imported run publishes them (IMPORTED_IMAGES):
 * as given, shrunk only when the longer side is above the contract's IMAGE_MAX_SIDE.
 */
import { IMAGE_MAX_SIDE, type ImageShape } from '../../contract.ts';

/** The published size of an h × w image: as it is, or shrunk so the longer side is IMAGE_MAX_SIDE (aspect ratio kept, each side ≥ 1). */
export function fittedSize(h: number, w: number): { height: number; width: number } {
  const long = Math.max(h, w);
  if (long <= IMAGE_MAX_SIDE) return { height: h, width: w };
  const scale = IMAGE_MAX_SIDE / long;
  return {
    height: Math.max(1, Math.min(IMAGE_MAX_SIDE, Math.round(h * scale))),
    width: Math.max(1, Math.min(IMAGE_MAX_SIDE, Math.round(w * scale))),
  };
}

/**
 * `count` images (h × w × channels uint8, row-major, channels interleaved) at their published
 * size (fittedSize): unchanged when they fit, else each output pixel is the area-weighted mean
 * of the source pixels it covers, channel by channel (colour stays colour).
 */
export function fitImages(
  pixels: Uint8Array,
  count: number,
  h: number,
  w: number,
  channels: 1 | 3,
): { pixels: Uint8Array; shape: ImageShape } {
  const { height, width } = fittedSize(h, w);
  const shape = { height, width, channels };
  if (height === h && width === w) return { pixels: pixels.slice(), shape };
  const out = new Uint8Array(count * height * width * channels);
  // Per output column (row): the source columns (rows) it covers and their overlap weights.
  const spans = (from: number, to: number) =>
    Array.from({ length: to }, (_, t) => {
      const a = (t * from) / to;
      const b = ((t + 1) * from) / to;
      const cells: [number, number][] = [];
      for (let k = Math.floor(a); k < Math.min(from, Math.ceil(b)); k++)
        cells.push([k, Math.min(k + 1, b) - Math.max(k, a)]);
      return cells;
    });
  const rows = spans(h, height);
  const cols = spans(w, width);
  const sum = new Float64Array(channels);
  for (let s = 0; s < count; s++) {
    const base = s * h * w * channels;
    for (let ty = 0; ty < height; ty++)
      for (let tx = 0; tx < width; tx++) {
        sum.fill(0);
        let area = 0;
        for (const [y, wy] of rows[ty])
          for (const [x, wx] of cols[tx]) {
            const o = base + (y * w + x) * channels;
            for (let c = 0; c < channels; c++) sum[c] += wy * wx * pixels[o + c];
            area += wy * wx;
          }
        const o = ((s * height + ty) * width + tx) * channels;
        for (let c = 0; c < channels; c++) out[o + c] = Math.round(area > 0 ? sum[c] / area : 0);
      }
  }
  return { pixels: out, shape };
}
