/**
 * The one training loop every experiment kind uses: epochs of seeded-shuffled minibatches
 * (tfjs fit's shuffle is unseeded), a caller-supplied optimiser step (where the loss lives:
 * cross-entropy today, an ELBO later) and the snapshot hook at the planned steps. The hook
 * is awaited, and it is where probes run on the model as it is at that moment.
 */
import { permutation, type Random } from '../util/random.ts';
import { snapshotSchedule, stepsPerEpoch, type SnapshotPoint } from './schedule.ts';

/** Options of trainLoop. */
export interface TrainLoopOptions {
  /** Training rows (the loop shuffles indices 0 … rows-1). */
  rows: number;
  /** Passes over the training set. */
  epochs: number;
  /** Rows per optimiser step; the last batch of an epoch may be smaller. */
  batchSize: number;
  /** Extra, evenly spaced snapshots inside epoch 1. */
  snapshotsInFirstEpoch: number;
  /** Shuffles the training rows each epoch. */
  random: Random;
  /** One optimiser step on these training rows. */
  step: (rows: Int32Array) => void;
  /** Called at every planned snapshot (initialisation, inside epoch 1, after each epoch) and awaited. */
  onSnapshot: (point: SnapshotPoint) => void | Promise<void>;
}

/** Runs the loop; resolves after the last snapshot hook. */
export async function trainLoop(o: TrainLoopOptions): Promise<void> {
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1)
    throw new Error(`train: batchSize must be a positive integer, got ${o.batchSize}`);
  if (o.rows === 0) throw new Error('train: xTrain is empty');
  const plan = snapshotSchedule(stepsPerEpoch(o.rows, o.batchSize), o);
  await o.onSnapshot(plan[0]); // the initialisation, step 0
  let next = 1;
  let step = 0;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const order = permutation(o.rows, o.random);
    for (let start = 0; start < o.rows; start += o.batchSize) {
      o.step(order.subarray(start, start + o.batchSize));
      step++;
      if (next < plan.length && plan[next].step === step) {
        while (next < plan.length && plan[next].step === step) await o.onSnapshot(plan[next++]);
        // Let the event loop run: the view pool answers and dispatches work (comparisons, load
        // estimates) only then. The steps between snapshots never wait for anything.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
}
