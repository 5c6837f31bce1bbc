/**
 * A continuous, perceptually uniform colour scale (viridis: Smith & van der Walt's matplotlib
 * map, sampled at nine stops and interpolated linearly in sRGB) for per-node values such as
 * gradient norms, by their rank within one snapshot (a per-snapshot quantile scale).
 */

/** Viridis at t = 0, 1/8, …, 1. */
export const VIRIDIS = [
  '#440154',
  '#472c7a',
  '#3b518b',
  '#2c718e',
  '#21908d',
  '#27ad81',
  '#5cc863',
  '#aadc32',
  '#fde725',
] as const;

const STOPS = VIRIDIS.map((hex) => {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255] as const;
});

/** [r, g, b] of viridis at t (clamped to 0 … 1). */
export function viridis(t: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i] ?? STOPS[0];
  const b = STOPS[i + 1] ?? a;
  return [0, 1, 2].map((k) => Math.round((a?.[k] ?? 0) + f * ((b?.[k] ?? 0) - (a?.[k] ?? 0)))) as [
    number,
    number,
    number,
  ];
}

/**
 * Where each value ranks among `values`, 0 (smallest) … 1 (largest), ties sharing their mean
 * rank: a per-snapshot quantile scale, so the spread shows at every snapshot even when the
 * values span many decades over training (gradient norms: 12).
 */
export function rankPositions(values: ArrayLike<number>): Float32Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (values[a] ?? 0) - (values[b] ?? 0),
  );
  const out = new Float32Array(n);
  for (let r = 0; r < n;) {
    let end = r + 1;
    while (end < n && values[order[end] ?? 0] === values[order[r] ?? 0]) end++;
    const t = n > 1 ? (r + end - 1) / 2 / (n - 1) : 0.5;
    for (let k = r; k < end; k++) out[order[k] ?? 0] = t;
    r = end;
  }
  return out;
}

/** The smallest, median and largest of `values`: the absolute range a quantile scale spans. */
export function valueRange(values: ArrayLike<number>): [number, number, number] {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return [0, 0, 0];
  return [
    sorted[0] ?? 0,
    sorted[Math.floor((sorted.length - 1) / 2)] ?? 0,
    sorted[sorted.length - 1] ?? 0,
  ];
}

/** Smallest and largest radius multipliers of a node sized by its value. */
export const RADIUS_RANGE = [0.6, 1.8] as const;

/**
 * Per-node RGBA colours and radius multipliers for `positions` (0 … 1, see rankPositions):
 * higher positions are brighter (viridis) and larger. Nodes whose class differs from
 * `highlight` get alpha `dimmed`.
 */
export function valueStyle(
  positions: ArrayLike<number>,
  labels: ArrayLike<number>,
  highlight: number | null,
  dimmed: number,
): { colours: Uint8Array; radii: Float32Array } {
  const n = positions.length;
  const colours = new Uint8Array(4 * n);
  const radii = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = Math.max(0, Math.min(1, positions[i] ?? 0));
    colours.set(viridis(t), 4 * i);
    colours[4 * i + 3] = highlight === null || labels[i] === highlight ? 235 : dimmed;
    radii[i] = RADIUS_RANGE[0] + t * (RADIUS_RANGE[1] - RADIUS_RANGE[0]);
  }
  return { colours, radii };
}

/** CSS colour of viridis at t. */
export function viridisHex(t: number): string {
  return `#${viridis(t)
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('')}`;
}

/**
 * valueStyle in `steps` steps, for static pictures: each position's step, and every step's
 * colour and radius multiplier (as valueStyle draws the step's middle position).
 */
export function valueSteps(
  positions: ArrayLike<number>,
  steps = 32,
): { level: Uint8Array; palette: string[]; sizes: number[] } {
  const level = Uint8Array.from({ length: positions.length }, (_, i) =>
    Math.round(Math.max(0, Math.min(1, positions[i] ?? 0)) * (steps - 1)),
  );
  const t = (k: number) => k / (steps - 1);
  return {
    level,
    palette: Array.from({ length: steps }, (_, k) => viridisHex(t(k))),
    sizes: Array.from(
      { length: steps },
      (_, k) => RADIUS_RANGE[0] + t(k) * (RADIUS_RANGE[1] - RADIUS_RANGE[0]),
    ),
  };
}
