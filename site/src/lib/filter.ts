/** The explorer's sample filter: which samples the network gets wrong at one snapshot. */
import { DIMMED_ALPHA } from './colour.ts';

/** Dims (in place) the RGBA colour of every node predicted right. */
export function dimCorrect(
  colours: Uint8Array,
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
): Uint8Array {
  for (let i = 0; i < labels.length; i++)
    if (predicted[i] === labels[i])
      colours[4 * i + 3] = Math.min(colours[4 * i + 3] ?? 0, DIMMED_ALPHA);
  return colours;
}

/** Nodes predicted wrong (of class `only`, if given), in id order. */
export function wrongNodes(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  only: number | null,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < labels.length; i++)
    if (predicted[i] !== labels[i] && (only === null || labels[i] === only)) out.push(i);
  return out;
}
