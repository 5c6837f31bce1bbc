/**
 * Deterministic places for isolated nodes (no edge in the view's graph, e.g. dead units):
 * ForceAtlas2 would let them drift wherever repulsion and gravity leave them. The connected
 * nodes are scaled about the origin into the disc of radius `inner`; each isolated node sits
 * on the circle of radius `radius` at a fixed angle of its own, 2π·frac(i·φ) (golden-ratio
 * spacing), so it stays put from snapshot to snapshot and any subset spreads round the ring.
 */
import type { SparseGraph } from '../graph/sparse.ts';

/** Options for `ringIsolated`. */
export interface RingOptions {
  /** Radius the connected nodes are scaled into. @default 0.86 */
  inner?: number;
  /** Radius of the ring of isolated nodes. @default 0.96 */
  radius?: number;
}

const DEFAULTS: Required<RingOptions> = { inner: 0.86, radius: 0.96 };
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** Angle of node i on the ring, radians. */
export function ringAngle(i: number): number {
  return 2 * Math.PI * ((i * GOLDEN) % 1);
}

/** A copy of row-major n×2 `positions` with the connected nodes in the inner disc and the isolated ones on the ring. */
export function ringIsolated(
  positions: Float32Array,
  graph: SparseGraph,
  options: RingOptions = {},
): Float32Array {
  const { inner, radius } = { ...DEFAULTS, ...options };
  const { n, rowPtr } = graph;
  if (positions.length !== 2 * n)
    throw new Error(
      `ringIsolated: positions length (${positions.length}) must equal 2n (${2 * n})`,
    );
  if (!(inner > 0 && radius > inner))
    throw new Error(`ringIsolated: need 0 < inner (${inner}) < radius (${radius})`);
  let far = 0;
  for (let i = 0; i < n; i++)
    if (rowPtr[i + 1] > rowPtr[i])
      far = Math.max(far, Math.hypot(positions[2 * i], positions[2 * i + 1]));
  const scale = far > 0 ? inner / far : 1;
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    if (rowPtr[i + 1] > rowPtr[i]) {
      out[2 * i] = positions[2 * i] * scale;
      out[2 * i + 1] = positions[2 * i + 1] * scale;
    } else {
      out[2 * i] = radius * Math.cos(ringAngle(i));
      out[2 * i + 1] = radius * Math.sin(ringAngle(i));
    }
  }
  return out;
}
