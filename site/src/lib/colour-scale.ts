/**
 * A continuous, perceptually uniform colour scale (viridis: Smith & van der Walt's matplotlib
 * map, sampled at nine stops and interpolated linearly in sRGB) for per-node values such as
 * gradient norms, on a log axis fitted to a layer's values over every snapshot.
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

/** A log10 axis [lo, hi] for positive values: their `q` and 1 − `q` quantiles (zeros and negatives ignored). */
export function logDomain(values: ArrayLike<number>, q = 0.01): [number, number] {
  const logs = Float64Array.from(
    Array.prototype.filter.call(values, (v: number) => v > 0) as number[],
    Math.log10,
  ).sort();
  if (logs.length === 0) return [0, 1];
  const at = (p: number): number =>
    logs[Math.min(logs.length - 1, Math.max(0, Math.round(p * (logs.length - 1))))] ?? 0;
  const lo = at(q);
  const hi = at(1 - q);
  return hi > lo ? [lo, hi] : [lo - 0.5, lo + 0.5];
}

/** Where a value sits on a log10 axis, 0 … 1 (clamped; non-positive values at 0). */
export function logPosition(value: number, [lo, hi]: readonly [number, number]): number {
  if (!(value > 0)) return 0;
  return Math.max(0, Math.min(1, (Math.log10(value) - lo) / (hi - lo)));
}

/** Smallest and largest radius multipliers of a node sized by its value. */
export const RADIUS_RANGE = [0.6, 1.8] as const;

/**
 * Per-node RGBA colours and radius multipliers for `values` on the log axis `domain`:
 * larger values are brighter (viridis) and larger. Nodes whose class differs from
 * `highlight` get alpha `dimmed`.
 */
export function valueStyle(
  values: ArrayLike<number>,
  domain: readonly [number, number],
  labels: ArrayLike<number>,
  highlight: number | null,
  dimmed: number,
): { colours: Uint8Array; radii: Float32Array } {
  const n = values.length;
  const colours = new Uint8Array(4 * n);
  const radii = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = logPosition(values[i] ?? 0, domain);
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
 * valueStyle in `steps` steps, for static pictures: each value's step on the log axis `domain`,
 * and every step's colour and radius multiplier (as valueStyle draws the step's middle value).
 */
export function valueSteps(
  values: ArrayLike<number>,
  domain: readonly [number, number],
  steps = 32,
): { level: Uint8Array; palette: string[]; sizes: number[] } {
  const level = Uint8Array.from({ length: values.length }, (_, i) =>
    Math.round(logPosition(values[i] ?? 0, domain) * (steps - 1)),
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
