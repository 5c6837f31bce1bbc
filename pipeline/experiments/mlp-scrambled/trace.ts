/**
 * The data an mlp-scrambled run trains on and traces: mlp-classes' split, the training labels
 * scrambled (data/scramble.ts), and a trace set of scrambled and clean training digits
 * (class-balanced by true class) plus held-out test digits, in one seeded order.
 */
import { balancedSubset } from '../../data/split.ts';
import { scrambleLabels } from '../../data/scramble.ts';
import { createRandom, deriveSeed, permutation } from '../../util/random.ts';
import { gather, gatherRows, prepareTraceData } from '../trace-data.ts';
import type { MlpScrambledConfig } from './config.ts';

/** Draws `perClass` of `indices` per class (none for 0), seeded. */
function pick(
  indices: number[],
  labels: Uint8Array,
  perClass: number,
  classes: number,
  seed: number,
): Int32Array {
  return perClass === 0
    ? new Int32Array(0)
    : balancedSubset(indices, labels, { perClass, classes, random: createRandom(seed) });
}

export function prepareScrambledData(config: MlpScrambledConfig, seed: number) {
  const base = prepareTraceData(config, seed);
  const { dataset, split, classes } = base;
  const { assigned, scrambled } = scrambleLabels(base.train.yTrain, {
    fraction: config.scrambleFraction,
    classes,
    random: createRandom(deriveSeed(seed, 'scramble')),
  });
  const scrambledRows: number[] = [];
  const cleanRows: number[] = [];
  split.train.forEach((index, row) => (scrambled[row] ? scrambledRows : cleanRows).push(index));
  // Dataset index → training row, for the traced training digits' assigned labels.
  const trainRow = new Map<number, number>();
  split.train.forEach((index, row) => trainRow.set(index, row));
  const groups = [
    pick(
      scrambledRows,
      dataset.labels,
      config.traceScrambledPerClass,
      classes,
      deriveSeed(seed, 'trace-scrambled'),
    ),
    pick(
      cleanRows,
      dataset.labels,
      config.traceCleanPerClass,
      classes,
      deriveSeed(seed, 'trace-clean'),
    ),
    base.trace,
  ];
  const all = Int32Array.from(groups.flatMap((g) => Array.from(g)));
  const isTrain = Uint8Array.from(groups.flatMap((g, k) => Array.from(g, () => (k < 2 ? 1 : 0))));
  // One seeded order, so no group is always drawn on top of the others.
  const order = permutation(all.length, createRandom(deriveSeed(seed, 'trace-order-scrambled')));
  const trace = Int32Array.from(order, (i) => all[i]);
  const fromTrain = Uint8Array.from(order, (i) => isTrain[i]);
  const labels = gather(dataset.labels, trace);
  const traceAssigned = Int8Array.from(trace, (index, i) =>
    fromTrain[i] ? assigned[trainRow.get(index) ?? -1] : labels[i],
  );
  const traceScrambled = Int8Array.from(trace, (index, i) =>
    fromTrain[i] ? scrambled[trainRow.get(index) ?? -1] : 0,
  );
  const rows = (flag: number): Int32Array =>
    Int32Array.from(split.train.keys()).filter((r) => scrambled[r] === flag);
  const cleanTrainRows = rows(0);
  const scrambledTrainRows = rows(1);
  const { dim } = dataset;
  return {
    ...base,
    trace,
    scrambledCount: scrambledTrainRows.length,
    nodes: { labels, assigned: traceAssigned, scrambled: traceScrambled, fromTrain },
    train: { ...base.train, yTrain: assigned, xTrace: gatherRows(dataset.inputs, dim, trace) },
    /** The training rows by whether their label was scrambled, with the labels they are trained on. */
    subsets: {
      clean: {
        x: gatherRows(base.train.xTrain, dim, cleanTrainRows),
        y: gather(assigned, cleanTrainRows),
      },
      scrambled: {
        x: gatherRows(base.train.xTrain, dim, scrambledTrainRows),
        y: gather(assigned, scrambledTrainRows),
      },
    },
  };
}
