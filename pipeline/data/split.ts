/** Seeded, per-class splits: train/test, and the balanced trace set followed through training. */
import { createRandom, shuffleInPlace, type Random } from '../util/random.ts';

/** Options of stratifiedSplit. */
export interface StratifiedSplitOptions {
  /** Test samples drawn from every class. @default 200 */
  testPerClass?: number;
  /** Training samples kept per class (from those not in test); `null` keeps all the rest. @default null */
  trainPerClass?: number | null;
  /** Number of classes; labels must lie in 0 … classes-1 and every class must occur. @default max label + 1 */
  classes?: number;
  /** Source of randomness. @default createRandom(0) */
  random?: Random;
}

/** Options of balancedSubset. */
export interface BalancedSubsetOptions {
  /** Samples drawn from every class. @default 200 */
  perClass?: number;
  /** Number of classes, as in stratifiedSplit. @default max label + 1 */
  classes?: number;
  /** Source of randomness. @default createRandom(0) */
  random?: Random;
}

/** Indices into the dataset; each array ascending. */
export interface Split {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** Defaults of the split options. */
export const DEFAULTS = { testPerClass: 200, trainPerClass: null, perClass: 200 } as const;

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`split: ${name} must be an integer ≥ ${min}, got ${value}`);
  }
}

/** Groups `indices` by label, in index order; checks that every class 0 … classes-1 occurs. */
function groupByClass(
  indices: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes?: number,
): number[][] {
  let max = -1;
  for (let i = 0; i < indices.length; i++) max = Math.max(max, labels[indices[i]]);
  const k = classes ?? max + 1;
  if (max >= k) throw new Error(`split: label ${max} is out of range for ${k} classes`);
  const groups: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < indices.length; i++) groups[labels[indices[i]]].push(indices[i]);
  return groups;
}

/** Draws `take` items of `pool` in a seeded order; errors name the class and the shortfall. */
function draw(pool: number[], take: number, c: number, what: string, random: Random): number[] {
  if (pool.length < take) {
    throw new Error(`split: class ${c} has ${pool.length} samples, fewer than ${what} (${take})`);
  }
  return shuffleInPlace(pool.slice(), random).slice(0, take);
}

const ascending = (values: number[]): Int32Array => Int32Array.from(values).sort();

/** Splits sample indices into train and test with the same number of test samples per class. */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  options: StratifiedSplitOptions = {},
): Split {
  const testPerClass = options.testPerClass ?? DEFAULTS.testPerClass;
  const trainPerClass = options.trainPerClass ?? DEFAULTS.trainPerClass;
  const random = options.random ?? createRandom(0);
  checkCount('testPerClass', testPerClass, 0);
  if (trainPerClass !== null) checkCount('trainPerClass', trainPerClass, 1);
  const all = Array.from({ length: labels.length }, (_, i) => i);
  const groups = groupByClass(all, labels, options.classes);
  const train: number[] = [];
  const test: number[] = [];
  groups.forEach((pool, c) => {
    const need = testPerClass + (trainPerClass ?? 1);
    const what =
      trainPerClass === null
        ? `testPerClass + 1 (${testPerClass} + 1)`
        : `testPerClass + trainPerClass (${testPerClass} + ${trainPerClass})`;
    if (pool.length < need) {
      throw new Error(`split: class ${c} has ${pool.length} samples, fewer than ${what}`);
    }
    const order = shuffleInPlace(pool.slice(), random);
    test.push(...order.slice(0, testPerClass));
    train.push(
      ...order.slice(
        testPerClass,
        trainPerClass === null ? undefined : testPerClass + trainPerClass,
      ),
    );
  });
  return { train: ascending(train), test: ascending(test) };
}

/**
 * Picks `perClass` of `indices` from every class, seeded. The result is class-major
 * (all of class 0 ascending, then class 1, …), which is the trace set's node order.
 */
export function balancedSubset(
  indices: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: BalancedSubsetOptions = {},
): Int32Array {
  const perClass = options.perClass ?? DEFAULTS.perClass;
  const random = options.random ?? createRandom(0);
  checkCount('perClass', perClass, 1);
  const groups = groupByClass(indices, labels, options.classes);
  const out = new Int32Array(perClass * groups.length);
  groups.forEach((pool, c) => {
    out.set(ascending(draw(pool, perClass, c, 'perClass', random)), c * perClass);
  });
  return out;
}
