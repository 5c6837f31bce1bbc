/** Images of any size, grey or colour, as the contract's 28×28 grey thumbnails (images.arrow). */

/** Thumbnail side: the contract's image shape. */
export const THUMB = 28;

/**
 * Resamples `count` images (h × w × channels, uint8, row-major) to THUMB × THUMB grey by area
 * averaging (each thumbnail pixel the mean of the source pixels it covers; colour → luminance,
 * Rec. 601 weights). The picture is stretched to the square.
 */
export function thumbnail(
  pixels: Uint8Array,
  count: number,
  h: number,
  w: number,
  channels: 1 | 3,
): Uint8Array {
  const out = new Uint8Array(count * THUMB * THUMB);
  const grey = new Float64Array(h * w);
  for (let s = 0; s < count; s++) {
    const base = s * h * w * channels;
    for (let p = 0; p < h * w; p++) {
      const o = base + p * channels;
      grey[p] =
        channels === 1
          ? pixels[o]
          : 0.299 * pixels[o] + 0.587 * pixels[o + 1] + 0.114 * pixels[o + 2];
    }
    for (let ty = 0; ty < THUMB; ty++) {
      const y0 = (ty * h) / THUMB;
      const y1 = ((ty + 1) * h) / THUMB;
      for (let tx = 0; tx < THUMB; tx++) {
        const x0 = (tx * w) / THUMB;
        const x1 = ((tx + 1) * w) / THUMB;
        let sum = 0;
        let area = 0;
        for (let y = Math.floor(y0); y < Math.min(h, Math.ceil(y1)); y++) {
          const wy = Math.min(y + 1, y1) - Math.max(y, y0);
          for (let x = Math.floor(x0); x < Math.min(w, Math.ceil(x1)); x++) {
            const wx = Math.min(x + 1, x1) - Math.max(x, x0);
            sum += wy * wx * grey[y * w + x];
            area += wy * wx;
          }
        }
        out[s * THUMB * THUMB + ty * THUMB + tx] = Math.round(area > 0 ? sum / area : 0);
      }
    }
  }
  return out;
}
