/**
 * Class colours: Petroff's 10-colour sequence (Petroff 2024, "Accessible color sequences for
 * data visualization"), chosen to stay distinguishable under the common colour-vision
 * deficiencies; matplotlib ships it as `petroff10`.
 */
export const PETROFF10 = [
  '#3f90da',
  '#ffa90e',
  '#bd1f01',
  '#94a4a2',
  '#832db6',
  '#a96b59',
  '#e76300',
  '#b9ac70',
  '#717581',
  '#92dadd',
] as const;

/** Colour of class c (wraps around for more than ten classes). */
export function classColour(c: number): string {
  return PETROFF10[((c % PETROFF10.length) + PETROFF10.length) % PETROFF10.length] ?? '#888888';
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
  const table = PETROFF10.map(hexToRgb);
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
