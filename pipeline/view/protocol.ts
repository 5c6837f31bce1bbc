/** Messages between the view pool (main thread) and its workers. Every request carries a job id; every reply answers one. */
import type { ViewChainOptions, ViewChainState, ViewInput, ViewOutput } from './chain.ts';
import type { ComparedLayout, ComparedView } from './fidelity-comparison.ts';

/** With a chain's call to a worker that does not hold the chain: build it, from `state` if it ran elsewhere before. */
export interface ChainSetup {
  options: ViewChainOptions;
  state?: ViewChainState;
}

export type PoolRequest =
  | { type: 'next'; job: number; chain: number; input: ViewInput; setup?: ChainSetup }
  | { type: 'steps'; job: number; chain: number; setup?: ChainSetup }
  | { type: 'compare'; job: number; view: ComparedView; options: ViewChainOptions }
  /** The chain moved to another worker: forget it. */
  | { type: 'drop'; job: number; chain: number };

/** `seconds`: the worker's time on the request, for reporting only (never written into artifacts). */
export type PoolReply = { seconds?: number } & (
  | { type: 'done'; job: number }
  /** `state`: the chain's state after this view (a copy; the worker keeps its own). */
  | { type: 'view'; job: number; output: ViewOutput; state: ViewChainState }
  | { type: 'steps'; job: number; steps: Float32Array[] }
  | { type: 'compare'; job: number; layouts: ComparedLayout[] }
  | { type: 'error'; job: number; message: string; stack: string }
);

/** The distinct buffers of these arrays, for a transfer list (a buffer listed twice throws). */
function buffersOf(arrays: readonly ArrayBufferView[]): ArrayBuffer[] {
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

/**
 * The buffers of a comparison's inputs that move with it, every one but its graph's (the chain
 * that handed it out keeps its graph for `steps`).
 */
export function comparedViewTransfers(view: ComparedView): ArrayBuffer[] {
  const { points, distances, neighbors, affinities, radii, published } = view;
  const arrays: ArrayBufferView[] = [points, distances, neighbors, published];
  if (affinities) arrays.push(affinities.rowPtr, affinities.colIdx, affinities.weights);
  if (radii) arrays.push(radii);
  return buffersOf(arrays);
}

/**
 * The buffers of a view output that are moved rather than copied across the thread boundary:
 * the edges, and a comparison's inputs (`comparedViewTransfers`; the chain keeps its positions,
 * projection and graph).
 */
export function outputTransfers(output: ViewOutput): ArrayBuffer[] {
  const { edges, compare } = output;
  return buffersOf([edges.source, edges.target, edges.weight]).concat(
    compare ? comparedViewTransfers(compare) : [],
  );
}

/** The buffers of a comparison's layouts, moved to the main thread. */
export function comparisonTransfers(layouts: readonly ComparedLayout[]): ArrayBuffer[] {
  return buffersOf(layouts.flatMap((l) => [l.positions, l.fidelity.preserved]));
}
