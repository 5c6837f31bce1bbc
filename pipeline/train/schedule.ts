/** When training takes snapshots: at initialisation, a few times inside epoch 1, after every epoch (or after the listed ones). */

/** One planned snapshot, as the manifest's SnapshotInfo. */
export interface SnapshotPoint {
  readonly index: number;
  /** Progress in epochs, step / steps per epoch: 0, ≈k/(s+1) inside epoch 1 (0.248 for 31/125), then 1, 2, … */
  readonly epoch: number;
  /** Optimiser steps taken when the snapshot is recorded (exact). */
  readonly step: number;
}

/** Options of snapshotSchedule. */
export interface ScheduleOptions {
  /** Training epochs. @default 30 */
  epochs?: number;
  /** Evenly spaced extra snapshots inside epoch 1 (3 → at 1/4, 1/2, 3/4). @default 3 */
  snapshotsInFirstEpoch?: number;
  /**
   * The whole epochs after which snapshots are taken, strictly ascending, each 1 … epochs (a long
   * run thinned in its later epochs: 1, 2, 4, 8, …). @default every epoch, 1 … epochs
   */
  snapshotEpochs?: readonly number[] | undefined;
}

/** Defaults of the schedule options. */
export const DEFAULTS = { epochs: 30, snapshotsInFirstEpoch: 3 } as const;

/** Optimiser steps in one epoch: the last batch may be smaller, it is not dropped. */
export function stepsPerEpoch(trainSize: number, batchSize: number): number {
  return Math.ceil(trainSize / batchSize);
}

/**
 * Plans the snapshots for `steps` optimiser steps per epoch. A mid-epoch snapshot that would
 * fall on the same step as another (tiny training sets) is left out, so steps strictly increase.
 */
export function snapshotSchedule(steps: number, options: ScheduleOptions = {}): SnapshotPoint[] {
  const epochs = options.epochs ?? DEFAULTS.epochs;
  const inFirst = options.snapshotsInFirstEpoch ?? DEFAULTS.snapshotsInFirstEpoch;
  if (!Number.isInteger(steps) || steps < 1) {
    throw new Error(`schedule: steps per epoch must be a positive integer, got ${steps}`);
  }
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new Error(`schedule: epochs must be an integer ≥ 0, got ${epochs}`);
  }
  if (!Number.isInteger(inFirst) || inFirst < 0) {
    throw new Error(`schedule: snapshotsInFirstEpoch must be an integer ≥ 0, got ${inFirst}`);
  }
  const points: { epoch: number; step: number }[] = [{ epoch: 0, step: 0 }];
  if (epochs >= 1) {
    for (let k = 1; k <= inFirst; k++) {
      const step = Math.round((k * steps) / (inFirst + 1));
      if (step > points[points.length - 1].step && step < steps)
        points.push({ epoch: step / steps, step });
    }
  }
  const after = options.snapshotEpochs ?? Array.from({ length: epochs }, (_, i) => i + 1);
  const bad = after.findIndex(
    (e, i) => !Number.isInteger(e) || e < 1 || e > epochs || (i > 0 && !(e > (after[i - 1] ?? 0))),
  );
  if (bad >= 0) {
    throw new Error(
      `schedule: snapshotEpochs[${bad}] (${after[bad]}) must be a whole epoch 1 … ${epochs}, larger than the one before`,
    );
  }
  for (const e of after) points.push({ epoch: e, step: e * steps });
  return points.map((point, index) => ({ index, ...point }));
}
