/** Messages between the view pool (main thread) and its workers. Every request carries a job id; every reply answers one. */
import type { ViewChainOptions, ViewInput, ViewOutput } from './chain.ts';

export type PoolRequest =
  | { type: 'chain'; job: number; chain: number; options: ViewChainOptions }
  | { type: 'next'; job: number; chain: number; input: ViewInput }
  | { type: 'steps'; job: number; chain: number };

export type PoolReply =
  | { type: 'done'; job: number }
  | { type: 'view'; job: number; output: ViewOutput }
  | { type: 'steps'; job: number; steps: Float32Array[] }
  | { type: 'error'; job: number; message: string; stack: string };

/** The buffers of a view output that are moved rather than copied across the thread boundary: the edges (the chain keeps its positions and projection). */
export function outputTransfers(output: ViewOutput): ArrayBuffer[] {
  const { edges } = output;
  return [edges.source, edges.target, edges.weight].map((a) => a.buffer as ArrayBuffer);
}
