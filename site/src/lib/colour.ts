/**
 * Class colours: ten hues picked by a search over random candidates for the largest smallest
 * pairwise CIELAB distance, in normal vision and under simulated deuteranopia and protanopia
 * (Machado et al. 2009), among colours with at least 3:1 contrast against both figure
 * backgrounds (white and the dark theme's #0d0f12). Smallest ΔE: 32.7 normal, 21.0
 * deuteranopia, 20.4 protanopia. colour.test.ts checks the contrast and the spread.
 */
export const CLASS_COLOURS = [
  '#437ef8',
  '#d57f12',
  '#b23506',
  '#0ea955',
  '#a121b8',
  '#676850',
  '#0e998f',
  '#534bff',
  '#b676c8',
  '#2f6688',
] as const;

/** Colour of class c (wraps around for more than ten classes). */
export function classColour(c: number): string {
  return (
    CLASS_COLOURS[((c % CLASS_COLOURS.length) + CLASS_COLOURS.length) % CLASS_COLOURS.length] ??
    '#888888'
  );
}

/** [r, g, b] of a `#rrggbb` colour. */
export function hexToRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Alpha of points outside the highlighted class. */
export const DIMMED_ALPHA = 28;

/**
 * Per-node RGBA colours (n × 4 bytes) for the given class of each node; nodes whose class
 * differs from `highlight` are dimmed. `target` is reused when given.
 */
export function fillColours(
  classes: ArrayLike<number>,
  highlight: number | null,
  target?: Uint8Array,
): Uint8Array {
  const n = classes.length;
  const out = target && target.length === n * 4 ? target : new Uint8Array(n * 4);
  const table = CLASS_COLOURS.map(hexToRgb);
  for (let i = 0; i < n; i++) {
    const c = classes[i] ?? 0;
    const rgb = table[c % table.length] ?? [128, 128, 128];
    out[4 * i] = rgb[0];
    out[4 * i + 1] = rgb[1];
    out[4 * i + 2] = rgb[2];
    out[4 * i + 3] = highlight === null || highlight === c ? 235 : DIMMED_ALPHA;
  }
  return out;
}
