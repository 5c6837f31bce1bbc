/** Node sizes from node kinds: hidden units are drawn larger than samples, so a reader tells them apart at a glance. */
import { NODE_KINDS } from '../../../../pipeline/contract.ts';

/** Radius of a unit node, in multiples of a sample's. */
export const UNIT_RADIUS = 1.6;
const UNIT = NODE_KINDS.indexOf('unit');

/** Per-view-node radius multipliers (kinds indexed by node id), or null when every node is a sample. */
export function nodeRadii(
  kinds: ArrayLike<number>,
  nodeIds: ArrayLike<number>,
): Float32Array | null {
  let units = false;
  const radii = Float32Array.from({ length: nodeIds.length }, (_, i) => {
    const unit = kinds[nodeIds[i] ?? -1] === UNIT;
    units ||= unit;
    return unit ? UNIT_RADIUS : 1;
  });
  return units ? radii : null;
}

/** A per-node column (labels, …) gathered for a view's nodes; the column itself when the view holds every node in order. */
export function forView<T extends Int8Array | Uint8Array | Float32Array>(
  column: T,
  nodeIds: Int32Array,
): T {
  const identity = nodeIds.length === column.length && nodeIds.every((id, i) => id === i);
  if (identity) return column;
  const out = new (column.constructor as new (n: number) => T)(nodeIds.length);
  nodeIds.forEach((id, i) => (out[i] = column[id] ?? 0));
  return out;
}
