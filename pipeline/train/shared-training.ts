/**
 * One training run shared by the experiments of a pipeline run that train the same network on
 * the same data (mlp-bipartite traces mlp-classes' network): the first to train records every
 * snapshot's metrics and weights, the others replay them and record only their own trace set.
 * A replayed snapshot's model has exactly the trained weights, so every output is the bytes
 * the experiment would have computed by training itself (test/scale-out.test.ts computes the
 * experiments apart and compares).
 */
import { createHash } from 'node:crypto';
import type { SnapshotMetrics } from './train-mlp.ts';

/** A finished training run: per snapshot, its metrics and every trainable variable's values, in model order. */
export interface RecordedTraining {
  /** sha256 of the arrays it trained and was scored on (see {@link trainingDataHash}). */
  readonly data: string;
  readonly snapshots: readonly { metrics: SnapshotMetrics; weights: Float32Array[] }[];
}

/** The recorded runs of one pipeline run, kept until every experiment that shares them has taken them. */
export interface TrainingShare {
  /** Whether another experiment of the run trains under `key` (so recording the run is worth it). */
  wanted(key: string): boolean;
  /** Keeps `run` for the other experiments under `key`. */
  keep(key: string, run: RecordedTraining): void;
  /** The run kept under `key` when it trained on the same data (`data`, a trainingDataHash), else undefined. */
  take(key: string, data: string): RecordedTraining | undefined;
}

/**
 * A share for experiments with these training keys (undefined: trains alone). A run is kept
 * only for a key that more than one experiment has, and dropped once the last has taken it.
 */
export function createTrainingShare(keys: readonly (string | undefined)[]): TrainingShare {
  const expected = new Map<string, number>();
  for (const key of keys) if (key !== undefined) expected.set(key, (expected.get(key) ?? 0) + 1);
  const kept = new Map<string, { run: RecordedTraining; left: number }>();
  return {
    wanted: (key) => (expected.get(key) ?? 0) > 1 && !kept.has(key),
    keep(key, run) {
      const others = (expected.get(key) ?? 0) - 1;
      if (others > 0) kept.set(key, { run, left: others });
    },
    take(key, data) {
      const entry = kept.get(key);
      if (!entry || entry.run.data !== data) return undefined;
      if (--entry.left === 0) kept.delete(key);
      return entry.run;
    },
  };
}

/** sha256 over the given arrays' bytes, each prefixed by its length: what a shared run must have trained on. */
export function trainingDataHash(arrays: readonly ArrayBufferView[]): string {
  const hash = createHash('sha256');
  for (const a of arrays) {
    hash.update(String(a.byteLength));
    hash.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  return hash.digest('hex');
}
