/**
 * Fashion-MNIST (Xiao et al. 2017) from Debian's `dataset-fashion-mnist` package: the gzipped
 * IDX files of its 60,000 training and 10,000 test images (28×28 greyscale, ten clothing
 * classes, 7,000 each). Optional: nothing is downloaded; when the package is not installed the
 * loader, and the config check before any run, say which package to install.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileTypeName, readBounded } from '../io/read-bounded.ts';

/** Largest gzipped IDX file read (the training images are 26.4 MB). */
const IDX_LIMIT = 64 * 1024 * 1024;

/** Where Debian's package puts the files. */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';
/** Environment variable naming another folder with the same four files. */
export const FASHION_MNIST_DIR_ENV = 'STRUCTVIZ_FASHION_MNIST_DIR';
/** The package's files, in the order they are concatenated: training images first. */
export const FASHION_MNIST_FILES = [
  { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' },
  { images: 't10k-images-idx3-ubyte.gz', labels: 't10k-labels-idx1-ubyte.gz' },
] as const;
/** Class names, index = label (the dataset's README). */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
/** Images per class over both files (6,000 training + 1,000 test; checked on load). */
export const FASHION_MNIST_CLASS_SIZES: readonly number[] = FASHION_MNIST_CLASSES.map(() => 7000);

const SIDE = 28;
const DIM = SIDE * SIDE;
const IMAGES_MAGIC = 0x00000803; // unsigned bytes, 3 dimensions
const LABELS_MAGIC = 0x00000801; // unsigned bytes, 1 dimension

/** The images of both files, in file order (training, then test). */
export interface FashionMnist {
  readonly n: number;
  readonly dim: typeof DIM;
  /** n × 784, row-major, values in [0, 1], 0 = background. */
  readonly images: Float32Array;
  readonly labels: Uint8Array;
  /** Row in the concatenated files: 0 … 59,999 training, 60,000 … 69,999 test. */
  readonly sourceIndex: Int32Array;
}

/** Folder the files are read from: the environment variable's, else Debian's. */
export function fashionMnistDir(): string {
  return process.env[FASHION_MNIST_DIR_ENV] || FASHION_MNIST_DEBIAN_DIR;
}

/** Why the files cannot be read (the first missing one and how to install it), or undefined. */
export function fashionMnistMissing(dir = fashionMnistDir()): string | undefined {
  for (const pair of FASHION_MNIST_FILES)
    for (const name of [pair.images, pair.labels]) {
      const file = join(dir, name);
      if (existsSync(file)) {
        // The folder may come from STRUCTVIZ_FASHION_MNIST_DIR: a FIFO or device would hang the read.
        const stat = statSync(file);
        if (!stat.isFile() || stat.size > IDX_LIMIT)
          return `fashion-mnist: ${file} is ${stat.isFile() ? `${stat.size} bytes, above the ${IDX_LIMIT}-byte limit` : `${fileTypeName(stat)}, not a regular file`}`;
      } else
        return `fashion-mnist: ${file} not found; install Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist) or set ${FASHION_MNIST_DIR_ENV} to a folder holding its four IDX files`;
    }
  return undefined;
}

/** Reads a gzipped IDX file and checks its magic number and dimensions; errors name the file. */
function readIdx(file: string, magic: number, dims: number): { shape: number[]; data: Uint8Array } {
  let bytes: Uint8Array;
  try {
    bytes = gunzipSync(readBounded(file, IDX_LIMIT, { follow: true }));
  } catch (error) {
    throw new Error(`fashion-mnist: cannot read ${file}: ${(error as Error).message}`);
  }
  const header = 4 + 4 * dims;
  if (bytes.length < header)
    throw new Error(`fashion-mnist: ${file} is ${bytes.length} bytes, shorter than its IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0);
  if (found !== magic)
    throw new Error(
      `fashion-mnist: ${file} has IDX magic 0x${found.toString(16).padStart(8, '0')}, expected 0x${magic.toString(16).padStart(8, '0')}`,
    );
  const shape = Array.from({ length: dims }, (_, d) => view.getUint32(4 + 4 * d));
  const size = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + size)
    throw new Error(
      `fashion-mnist: ${file} holds ${bytes.length - header} data bytes, its header (${shape.join('×')}) says ${size}`,
    );
  return { shape, data: bytes.subarray(header) };
}

/** Loads both files of the Debian package (or of `dir`), training images first. */
export function loadFashionMnist(dir = fashionMnistDir()): FashionMnist {
  const missing = fashionMnistMissing(dir);
  if (missing) throw new Error(missing);
  const parts = FASHION_MNIST_FILES.map((pair) => {
    const imageFile = join(dir, pair.images);
    const images = readIdx(imageFile, IMAGES_MAGIC, 3);
    const labels = readIdx(join(dir, pair.labels), LABELS_MAGIC, 1);
    if (images.shape[1] !== SIDE || images.shape[2] !== SIDE)
      throw new Error(
        `fashion-mnist: ${imageFile} has ${images.shape[1]}×${images.shape[2]} images, expected ${SIDE}×${SIDE}`,
      );
    if (labels.shape[0] !== images.shape[0])
      throw new Error(
        `fashion-mnist: ${pair.labels} has ${labels.shape[0]} labels for ${images.shape[0]} images in ${pair.images}`,
      );
    return { images: images.data, labels: labels.data };
  });
  const n = parts.reduce((sum, p) => sum + p.labels.length, 0);
  const images = new Float32Array(n * DIM);
  const labels = new Uint8Array(n);
  let row = 0;
  for (const part of parts) {
    for (let p = 0; p < part.images.length; p++) images[row * DIM + p] = part.images[p] / 255;
    labels.set(part.labels, row);
    row += part.labels.length;
  }
  const counts = new Array<number>(FASHION_MNIST_CLASSES.length).fill(0);
  for (const label of labels) {
    if (label >= counts.length)
      throw new Error(`fashion-mnist: label ${label} is out of range for ${counts.length} classes`);
    counts[label]++;
  }
  const c = counts.findIndex((count, i) => count !== FASHION_MNIST_CLASS_SIZES[i]);
  if (c >= 0)
    throw new Error(
      `fashion-mnist: class ${c} has ${counts[c]} images in ${dir}, expected ${FASHION_MNIST_CLASS_SIZES[c]}`,
    );
  return { n, dim: DIM, images, labels, sourceIndex: Int32Array.from({ length: n }, (_, i) => i) };
}
