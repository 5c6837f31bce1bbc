/** Datasets by name (TF Playground's registry): experiments pick one by its key, never by a code path. */
import { createRandom, type Random } from '../util/random.ts';
import {
  FASHION_MNIST_CLASS_SIZES,
  FASHION_MNIST_CLASSES,
  fashionMnistMissing,
  loadFashionMnist,
} from './fashion-mnist.ts';
import { loadMnist, MNIST_CLASS_SIZES, MNIST_DIM, MNIST_SIDE } from './mnist.ts';
import {
  circles,
  gaussians,
  moons,
  spiral,
  xor,
  type PointSet,
  type SyntheticOptions,
} from './synthetic.ts';

/** What every dataset loads to: n rows of `dim` features, row-major. */
export interface Dataset {
  readonly n: number;
  readonly dim: number;
  readonly inputs: Float32Array;
  readonly labels: Uint8Array;
  /** Where each row came from: the per-class file index for MNIST, the row itself for generated sets. */
  readonly sourceIndex: Int32Array;
}

/** Options of a dataset's `load`; fixed datasets ignore them. */
export interface DatasetLoadOptions {
  /** Generated sets only: number of points. @default the entry's `defaults.n` */
  n?: number;
  /** Generated sets only: Gaussian jitter (std, in [-1, 1]² units). @default the entry's `defaults.noise` */
  noise?: number;
  /** Generated sets only: source of randomness. @default createRandom(0) */
  random?: Random;
}

/** One registry entry: what the site shows about a dataset, and how to load it. */
export interface DatasetDefinition {
  readonly title: string;
  /** Class names, index = label. */
  readonly classes: readonly string[];
  /** Features per sample. */
  readonly dim: number;
  /** Image sets: side lengths for thumbnails; `null` for point sets. */
  readonly image: { readonly width: number; readonly height: number } | null;
  /** Generated sets: default size and noise; `null` for fixed data. */
  readonly defaults: { readonly n: number; readonly noise: number } | null;
  load(options?: DatasetLoadOptions): Dataset;
  /** Samples per class that `load` gives for these options, known without loading (config checks use it). */
  classSizes(options?: Pick<DatasetLoadOptions, 'n'>): readonly number[];
  /** Optional sets: why the data cannot be loaded here (e.g. a package to install), checked before a run; undefined when it can. */
  unavailable?(): string | undefined;
}

function pointSet(
  title: string,
  classes: readonly string[],
  defaults: { n: number; noise: number },
  generate: (options: SyntheticOptions) => PointSet,
): DatasetDefinition {
  return {
    title,
    classes,
    dim: 2,
    image: null,
    defaults,
    load(options = {}) {
      const set = generate({
        n: options.n ?? defaults.n,
        noise: options.noise ?? defaults.noise,
        classes: classes.length,
        random: options.random ?? createRandom(0),
      });
      return { ...set, sourceIndex: Int32Array.from({ length: set.n }, (_, i) => i) };
    },
    // As the generators split n: ⌊n / classes⌋ each, one more for the first n mod classes.
    classSizes(options = {}) {
      const n = options.n ?? defaults.n;
      return classes.map(
        (_, c) => Math.floor(n / classes.length) + (c < n % classes.length ? 1 : 0),
      );
    },
  };
}

const ARMS = ['arm A', 'arm B', 'arm C'];

/** Every dataset the pipeline knows, by registry name. */
export const DATASETS: Readonly<Record<string, DatasetDefinition>> = {
  mnist: {
    title: 'MNIST digits (10,000 from the mnist package)',
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    dim: MNIST_DIM,
    image: { width: MNIST_SIDE, height: MNIST_SIDE },
    defaults: null,
    load() {
      const { n, dim, images, labels, sourceIndex } = loadMnist();
      return { n, dim, inputs: images, labels, sourceIndex };
    },
    classSizes: () => MNIST_CLASS_SIZES,
  },
  'fashion-mnist': {
    title: "Fashion-MNIST (70,000 clothing images from Debian's dataset-fashion-mnist)",
    classes: FASHION_MNIST_CLASSES,
    dim: MNIST_DIM,
    image: { width: MNIST_SIDE, height: MNIST_SIDE },
    defaults: null,
    load() {
      const { n, dim, images, labels, sourceIndex } = loadFashionMnist();
      return { n, dim, inputs: images, labels, sourceIndex };
    },
    classSizes: () => FASHION_MNIST_CLASS_SIZES,
    unavailable: () => fashionMnistMissing(),
  },
  spiral: pointSet('Two-arm spiral', ARMS.slice(0, 2), { n: 1000, noise: 0.05 }, spiral),
  spiral3: pointSet('Three-arm spiral', ARMS, { n: 1500, noise: 0.04 }, spiral),
  moons: pointSet('Two moons', ['upper moon', 'lower moon'], { n: 600, noise: 0.07 }, moons),
  circles: pointSet('Disc inside a ring', ['disc', 'ring'], { n: 600, noise: 0.05 }, circles),
  xor: pointSet('XOR quadrants', ['same sign', 'opposite sign'], { n: 600, noise: 0.05 }, xor),
  gaussians: pointSet(
    'Three Gaussian blobs',
    ['blob A', 'blob B', 'blob C'],
    { n: 600, noise: 0.03 },
    gaussians,
  ),
};

/** The dataset of that name, looked up as an own key (`toString` or `__proto__` are unknown datasets), or undefined. */
export function datasetNamed(name: string): DatasetDefinition | undefined {
  return Object.hasOwn(DATASETS, name) ? DATASETS[name] : undefined;
}

/** Looks a dataset up by name; unknown names list the known ones. */
export function getDataset(name: string): DatasetDefinition {
  const definition = datasetNamed(name);
  if (!definition) {
    throw new Error(
      `dataset: unknown dataset "${name}" (known: ${Object.keys(DATASETS).join(', ')})`,
    );
  }
  return definition;
}
