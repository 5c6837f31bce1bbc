/**
 * The one view feed every kind uses: snapshots of point sets in, recorded views out. A kind
 * names its splits (hidden layers, βs) with their chain options and node ids, then calls
 * `add(split, snapshot, points)` as each snapshot exists (from a training hook, a worker's
 * probe or files on disk) and `await done()`. Each call is posted to its split's chain in the
 * view pool at once; its result lands in the recorder cell (split, snapshot), so the bytes do
 * not depend on the order in which views finish.
 */
import type { LayerComparison } from './fidelity-comparison.ts';
import type { ViewChainOptions } from './options.ts';
import type { ViewOutput } from './chain.ts';
import type { ViewPool } from './pool.ts';
import { ViewRecorder } from './recorder.ts';

/** One split of the feed: its index in the files (layer 1, β 2 …), its view nodes and its chain. */
export interface FeedSplit {
  readonly index: number;
  /** The nodes of every view of this split, ascending. */
  readonly nodeIds: Int32Array;
  readonly options: ViewChainOptions;
}

/** One snapshot's points of one split and what is recorded beside its view. */
export interface FeedPoints {
  /** Row-major n × dim; moved to a worker thread (do not reuse it). */
  readonly points: Float32Array;
  readonly dim: number;
  /** Per view node: predicted class, -1 where it does not apply. @default all -1 */
  readonly predicted?: Int8Array;
  /** Snapshot-level metric values recorded with the view's own metrics. @default {} */
  readonly values?: Readonly<Record<string, number>>;
  /** The split's second view, instead of the chain's PCA projection (e.g. the raw latent axes). */
  readonly projection?: Float32Array;
}

export interface ViewFeed {
  readonly recorder: ViewRecorder;
  /** The layout comparisons of the chains' `compareAt` snapshots, in arrival order. */
  readonly comparisons: LayerComparison[];
  /**
   * Posts split position `s`'s view of `snapshot`; throws the first earlier view failure, so
   * a training loop stops at its next snapshot. `onView` runs once the view is recorded.
   */
  add(s: number, snapshot: number, input: FeedPoints, onView?: (out: ViewOutput) => void): void;
  /** Waits for every posted view; rejects with the first failure. */
  done(): Promise<void>;
  /** Per split, [spectral, ForceAtlas2 cold, published] of its last view (chains need a stepsSeed). */
  steps(): Promise<Float32Array[][]>;
}

/** A feed over `splits`, expecting about `planned` snapshots each. */
export function createViewFeed(
  pool: ViewPool,
  splits: readonly FeedSplit[],
  planned: number,
): ViewFeed {
  const chains = splits.map((s) => pool.chain(s.options));
  const recorder = new ViewRecorder(
    splits.map(({ index, nodeIds }) => ({ index, nodeIds })),
    planned,
  );
  const comparisons: LayerComparison[] = [];
  const pending: Promise<void>[] = [];
  const failures: unknown[] = [];
  return {
    recorder,
    comparisons,
    add(s, snapshot, input, onView) {
      if (failures.length) throw failures[0];
      const split = splits[s];
      if (!split) throw new Error(`feed: split position ${s} of ${splits.length}`);
      const view = chains[s]
        .next({ snapshot, points: input.points, dim: input.dim })
        .then((out: ViewOutput) => {
          const projection = input.projection ?? out.projection;
          recorder.addView(s, snapshot, {
            positions: out.positions,
            predicted: input.predicted ?? new Int8Array(split.nodeIds.length).fill(-1),
            edges: out.edges,
            ...(projection ? { projection } : {}),
          });
          recorder.addMetrics(s, snapshot, { ...input.values, ...out.metrics });
          onView?.(out);
          // The comparison runs as a job of its own (pool.ts); the view waits for it.
          if (out.compare)
            return pool.compare(out.compare, split.options).then((layouts) => {
              comparisons.push({ layer: split.index, snapshot, layouts });
            });
          return undefined;
        });
      view.catch((error: unknown) => failures.push(error));
      pending.push(view);
    },
    async done() {
      await Promise.all(pending);
      if (failures.length) throw failures[0];
    },
    steps: () => Promise.all(chains.map((c) => c.steps())),
  };
}
