/**
 * The data an mlp-classes run trains on and traces: a dataset from the registry, a seeded
 * stratified split, and a class-balanced trace set from the test split in a seeded order.
 */
import type { MlpClassesConfig } from './mlp-classes/config.ts';
import { getDataset } from '../data/registry.ts';
import { balancedSubset, stratifiedSplit } from '../data/split.ts';
import { createRandom, deriveSeed, permutation } from '../util/random.ts';

/** Gathers rows of a row-major matrix. */
export function gatherRows(data: Float32Array, dim: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * dim);
  for (let r = 0; r < rows.length; r++)
    out.set(data.subarray(rows[r] * dim, (rows[r] + 1) * dim), r * dim);
  return out;
}

/** Gathers elements of a typed array. */
export function gather<T extends Uint8Array | Int32Array>(data: T, rows: ArrayLike<number>): T {
  const out = new (data.constructor as new (n: number) => T)(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = data[rows[r]];
  return out;
}

/** Loads the dataset and draws the split and the trace set, every choice from `seed`. */
export function prepareTraceData(
  config: Pick<
    MlpClassesConfig,
    'dataset' | 'samples' | 'noise' | 'testPerClass' | 'trainPerClass' | 'tracePerClass'
  >,
  seed: number,
) {
  const definition = getDataset(config.dataset);
  const dataset = definition.load({
    ...(config.samples !== undefined ? { n: config.samples } : {}),
    ...(config.noise !== undefined ? { noise: config.noise } : {}),
    random: createRandom(deriveSeed(seed, 'dataset')),
  });
  const classes = definition.classes.length;
  const split = stratifiedSplit(dataset.labels, {
    testPerClass: config.testPerClass,
    trainPerClass: config.trainPerClass ?? null,
    classes,
    random: createRandom(deriveSeed(seed, 'split')),
  });
  // Class-major from balancedSubset; a seeded permutation keeps any class from always being drawn on top.
  const balanced = balancedSubset(split.test, dataset.labels, {
    perClass: config.tracePerClass,
    classes,
    random: createRandom(deriveSeed(seed, 'trace')),
  });
  const order = permutation(balanced.length, createRandom(deriveSeed(seed, 'trace-order')));
  const trace = Int32Array.from(order, (i) => balanced[i]);
  const { dim } = dataset;
  return {
    definition,
    dataset,
    split,
    trace,
    classes,
    /** Everything trainMlp needs, gathered once. */
    train: {
      xTrain: gatherRows(dataset.inputs, dim, split.train),
      yTrain: gather(dataset.labels, split.train),
      xTest: gatherRows(dataset.inputs, dim, split.test),
      yTest: gather(dataset.labels, split.test),
      xTrace: gatherRows(dataset.inputs, dim, trace),
    },
  };
}
