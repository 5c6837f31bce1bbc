/**
 * Decision regions as pictures: each cell of a regions.arrow grid in its predicted class's
 * colour, more opaque where the network is more sure (TF Playground's shading). The same
 * shading feeds the live figure (an RGBA texture) and the build-time poster.
 */
import { CLASS_COLOURS, hexToRgb } from './colour.ts';

/**
 * Opacity of a cell at chance confidence and at certainty. Kept light, so the sample dots
 * (drawn at full colour on top) stay readable, and below the chroma of a dot on white.
 */
export const REGION_ALPHA: readonly [number, number] = [0.05, 0.3];

/** Opacity (0 … 1) of a cell whose predicted class has probability `confidence` / 255 among `classes`. */
export function regionAlpha(confidence: number, classes: number): number {
  const chance = 1 / Math.max(2, classes);
  const sure = Math.min(1, Math.max(0, (confidence / 255 - chance) / (1 - chance)));
  return REGION_ALPHA[0] + (REGION_ALPHA[1] - REGION_ALPHA[0]) * sure;
}

/**
 * RGBA bytes (straight alpha) of one grid: the predicted class's colour at `regionAlpha`.
 * `target` is reused when it has the right length.
 */
export function regionPixels(
  predicted: ArrayLike<number>,
  confidence: ArrayLike<number>,
  classes: number,
  target?: Uint8Array,
): Uint8Array {
  const n = predicted.length;
  const out = target && target.length === 4 * n ? target : new Uint8Array(4 * n);
  const table = CLASS_COLOURS.map(hexToRgb);
  for (let i = 0; i < n; i++) {
    const rgb = table[(predicted[i] ?? 0) % table.length] ?? [128, 128, 128];
    out[4 * i] = rgb[0];
    out[4 * i + 1] = rgb[1];
    out[4 * i + 2] = rgb[2];
    out[4 * i + 3] = Math.round(255 * regionAlpha(confidence[i] ?? 0, classes));
  }
  return out;
}
