/**
 * Label noise for the mlp-scrambled kind: a seeded, class-stratified share of the training
 * labels replaced by a different class drawn uniformly (Zhang et al. 2017, Arpit et al. 2017).
 */
import { shuffleInPlace, type Random } from '../util/random.ts';

/** Options of scrambleLabels. */
export interface ScrambleOptions {
  /** Share of the rows whose label is replaced, 0 … 1. @default 0.2 */
  fraction?: number;
  /** Number of classes; labels lie in 0 … classes-1. @default max label + 1 */
  classes?: number;
  /** Picks the rows and their new labels. */
  random: Random;
}

/** What the network is trained on: every row's assigned label and whether it was scrambled. */
export interface Scrambled {
  /** The label each row is trained with (its true label unless scrambled). */
  readonly assigned: Uint8Array;
  /** 1 where the label was replaced, else 0. */
  readonly scrambled: Uint8Array;
}

/**
 * Rows to scramble per class: round(fraction · rows) in all, each class ⌊fraction · size⌋
 * or one more (largest remainder, ties to the lower class), so the total is exact and every
 * class loses the same share of its labels.
 */
export function scrambleCounts(classSizes: readonly number[], fraction: number): number[] {
  if (!(fraction >= 0 && fraction <= 1))
    throw new Error(`scramble: fraction (${fraction}) must be in [0, 1]`);
  const total = Math.round(fraction * classSizes.reduce((a, b) => a + b, 0));
  const counts = classSizes.map((n) => Math.floor(fraction * n));
  const order = classSizes
    .map((n, c) => ({ c, rest: fraction * n - Math.floor(fraction * n) }))
    .sort((a, b) => b.rest - a.rest || a.c - b.c);
  for (let left = total - counts.reduce((a, b) => a + b, 0), i = 0; left > 0; left--, i++)
    counts[order[i % order.length].c]++;
  return counts;
}

/** Scrambles `scrambleCounts` rows per class of `labels`, each to a different class drawn uniformly. */
export function scrambleLabels(labels: ArrayLike<number>, options: ScrambleOptions): Scrambled {
  const fraction = options.fraction ?? 0.2;
  let max = 0;
  for (let i = 0; i < labels.length; i++) max = Math.max(max, labels[i]);
  const classes = options.classes ?? max + 1;
  if (classes < 2) throw new Error(`scramble: needs at least 2 classes, got ${classes}`);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= classes)
      throw new Error(`scramble: label ${labels[i]} (row ${i}) is not below classes (${classes})`);
    byClass[labels[i]].push(i);
  }
  const counts = scrambleCounts(
    byClass.map((rows) => rows.length),
    fraction,
  );
  const assigned = Uint8Array.from(labels);
  const scrambled = new Uint8Array(labels.length);
  byClass.forEach((rows, c) => {
    for (const row of shuffleInPlace(rows.slice(), options.random).slice(0, counts[c])) {
      // One of the other classes-1 classes, uniformly: never the true one.
      assigned[row] = (c + 1 + Math.floor(options.random() * (classes - 1))) % classes;
      scrambled[row] = 1;
    }
  });
  return { assigned, scrambled };
}
