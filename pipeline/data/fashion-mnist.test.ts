import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FASHION_MNIST_CLASS_SIZES,
  FASHION_MNIST_FILES,
  fashionMnistMissing,
  loadFashionMnist,
} from './fashion-mnist.ts';
import { getDataset } from './registry.ts';

// Needs Debian's dataset-fashion-mnist (CI installs it in .ci/run).
describe('loadFashionMnist (the Debian package)', () => {
  const set = loadFashionMnist();

  it('loads 70,000 images, 7,000 per class, training file first', () => {
    expect(set.n).toBe(70_000);
    expect(set.images.length).toBe(70_000 * 784);
    const counts = new Array<number>(10).fill(0);
    for (const label of set.labels) counts[label]++;
    expect(counts).toEqual([...FASHION_MNIST_CLASS_SIZES]);
    // The first labels of the training and the test file (the dataset's README lists them).
    expect(Array.from(set.labels.subarray(0, 5))).toEqual([9, 0, 0, 3, 0]);
    expect(Array.from(set.labels.subarray(60_000, 60_005))).toEqual([9, 2, 1, 1, 6]);
    expect(set.sourceIndex[60_000]).toBe(60_000);
  });

  it('keeps pixels in [0, 1] with a dark background', () => {
    let max = 0;
    let min = 1;
    for (let i = 0; i < set.images.length; i += 7) {
      max = Math.max(max, set.images[i]);
      min = Math.min(min, set.images[i]);
    }
    expect(min).toBe(0);
    expect(max).toBe(1);
    // Corners are background in every image sampled.
    for (let i = 0; i < set.n; i += 4999) expect(set.images[i * 784]).toBeLessThan(0.1);
  });

  it('is registered as an image set the config check accepts', () => {
    const definition = getDataset('fashion-mnist');
    expect(definition.image).toEqual({ width: 28, height: 28 });
    expect(definition.classes).toHaveLength(10);
    expect(definition.unavailable?.()).toBeUndefined();
  });
});

describe('fashion-mnist without the package or with a broken file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'structviz-fashion-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the missing file and the Debian package to install', () => {
    const message = `fashion-mnist: ${join(dir, FASHION_MNIST_FILES[0].images)} not found; install Debian's dataset-fashion-mnist package`;
    expect(fashionMnistMissing(dir)).toContain(message);
    expect(() => loadFashionMnist(dir)).toThrow(message);
  });

  it('names a file with the wrong IDX magic number', () => {
    const idx = (magic: number, dims: number[], data: Uint8Array) => {
      const header = new DataView(new ArrayBuffer(4 + 4 * dims.length));
      header.setUint32(0, magic);
      dims.forEach((d, i) => header.setUint32(4 + 4 * i, d));
      return gzipSync(Buffer.concat([new Uint8Array(header.buffer), data]));
    };
    for (const pair of FASHION_MNIST_FILES) {
      writeFileSync(join(dir, pair.images), idx(0x801, [1, 28, 28], new Uint8Array(784)));
      writeFileSync(join(dir, pair.labels), idx(0x801, [1], new Uint8Array(1)));
    }
    expect(() => loadFashionMnist(dir)).toThrow(
      `fashion-mnist: ${join(dir, FASHION_MNIST_FILES[0].images)} has IDX magic 0x00000801, expected 0x00000803`,
    );
  });
});
