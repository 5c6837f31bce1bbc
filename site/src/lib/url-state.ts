/**
 * The explorer's whole view state as one declarative table that serialises to the URL hash
 * (after TF Playground's `State.PROPS`), so every view is a permalink:
 *   #experiment=mlp-classes&layer=2&epoch=12&class=3&node=417&edges=1&zoom=1.5&cx=0.2&cy=-0.1
 * Numbers are rounded (each prop's `decimals`) so links stay short and free of float noise.
 */

/** Decimals kept in the hash unless a prop says otherwise. */
const ROUND = 3;

export interface ViewState {
  /** Experiment id from the manifest. */
  experiment: string;
  /** Layer index as in the manifest (1 … L). */
  layer: number;
  /** Training progress in epochs; resolved to the nearest snapshot. */
  epoch: number;
  /** Highlighted class, or null. */
  highlight: number | null;
  /** Selected node (its card is open), or null. */
  node: number | null;
  /** Display edges drawn. */
  edges: boolean;
  /** Only the samples the network gets wrong at the shown snapshot stand out (true), or null. */
  wrong?: true | null;
  /** The sensitivity view: dots coloured and sized by their gradient norm (true), or null. */
  sensitivity?: true | null;
  /** Zoom relative to the fitted camera in powers of 2, or null (fitted). */
  zoom: number | null;
  /**
   * Centre of the view relative to the fitted camera (the drawing's extent, which moves with
   * the snapshot), in the camera's half-sides, or null (its centre).
   */
  cx: number | null;
  cy: number | null;
}

type PropType = 'string' | 'int' | 'number' | 'bool';

interface PropSpec {
  name: keyof ViewState;
  /** Key in the hash. */
  key: string;
  type: PropType;
  /** May be absent (null). */
  nullable?: boolean;
  /** Decimals kept for a number. @default ROUND */
  decimals?: number;
}

/** Every serialised property, in hash order. */
export const PROPS: readonly PropSpec[] = [
  { name: 'experiment', key: 'experiment', type: 'string' },
  { name: 'layer', key: 'layer', type: 'int' },
  { name: 'epoch', key: 'epoch', type: 'number' },
  { name: 'highlight', key: 'class', type: 'int', nullable: true },
  { name: 'node', key: 'node', type: 'int', nullable: true },
  { name: 'edges', key: 'edges', type: 'bool' },
  // Absent unless on, so links without the filter stay as they were.
  { name: 'wrong', key: 'wrong', type: 'bool', nullable: true },
  { name: 'sensitivity', key: 'sensitivity', type: 'bool', nullable: true },
  // The view needs 4 decimals: 0.001 half-sides is almost a pixel on a large zoomed-in screen.
  { name: 'zoom', key: 'zoom', type: 'number', nullable: true, decimals: 4 },
  { name: 'cx', key: 'cx', type: 'number', nullable: true, decimals: 4 },
  { name: 'cy', key: 'cy', type: 'number', nullable: true, decimals: 4 },
];

function parseValue(type: PropType, text: string): string | number | boolean | undefined {
  switch (type) {
    case 'string':
      return /^[\w.-]{1,80}$/.test(text) ? text : undefined;
    case 'int':
      return /^-?\d+$/.test(text) ? Number(text) : undefined;
    case 'number': {
      const v = Number(text);
      return text !== '' && Number.isFinite(v) ? v : undefined;
    }
    case 'bool':
      return text === '1' || text === 'true'
        ? true
        : text === '0' || text === 'false'
          ? false
          : undefined;
  }
}

/** The properties present and well-formed in a hash (`#a=1&b=2`); the rest are left out. */
export function parseHash(hash: string): Partial<ViewState> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const out: Record<string, unknown> = {};
  for (const prop of PROPS) {
    const text = params.get(prop.key);
    if (text === null) continue;
    if (prop.nullable && text === '') {
      out[prop.name] = null;
      continue;
    }
    const value = parseValue(prop.type, text);
    if (value !== undefined) out[prop.name] = value;
  }
  return out;
}

/** The hash for a state; null properties are omitted. */
export function serializeHash(state: ViewState): string {
  const parts: string[] = [];
  for (const prop of PROPS) {
    const value = state[prop.name];
    if (value === null || value === undefined || (prop.nullable && value === false)) continue;
    const text =
      typeof value === 'boolean'
        ? value
          ? '1'
          : '0'
        : typeof value === 'number' && prop.type === 'number'
          ? String(roundTo(value, prop.decimals))
          : String(value);
    parts.push(`${prop.key}=${encodeURIComponent(text)}`);
  }
  return `#${parts.join('&')}`;
}

/** Index of the snapshot whose epoch is closest to `epoch`. */
export function nearestSnapshot(epochs: ArrayLike<number>, epoch: number): number {
  let best = 0;
  for (let i = 1; i < epochs.length; i++) {
    if (Math.abs(epochs[i] - epoch) < Math.abs(epochs[best] - epoch)) best = i;
  }
  return best;
}

/** A number with at most ROUND decimals (and no "-0"). */
export function roundTo(value: number, decimals = ROUND): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f || 0;
}
