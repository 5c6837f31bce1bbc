import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMnist, MNIST_CLASS_SIZES, MNIST_DIM } from './mnist.ts';

const EXPECTED_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

describe('loadMnist', () => {
  const digits = loadMnist();

  it('loads 10,000 digits with the per-class counts of the mnist package', () => {
    expect(digits.n).toBe(10_000);
    expect(digits.dim).toBe(MNIST_DIM);
    expect(digits.images.length).toBe(10_000 * MNIST_DIM);
    const counts = new Array<number>(10).fill(0);
    for (const label of digits.labels) counts[label]++;
    expect(counts).toEqual(EXPECTED_COUNTS);
    // The registry's classSizes (config checks) must match the files without loading them.
    expect(MNIST_CLASS_SIZES).toEqual(counts);
  });

  it('numbers digits within their class file and keeps pixels in [0, 1]', () => {
    // The first digit of class 3 sits right after all 0s, 1s and 2s, with source index 0.
    const first3 = 1001 + 1127 + 991;
    expect(digits.labels[first3 - 1]).toBe(2);
    expect(digits.labels[first3]).toBe(3);
    expect(digits.sourceIndex[first3]).toBe(0);
    expect(digits.sourceIndex[first3 - 1]).toBe(990);
    let min = Infinity;
    let max = -Infinity;
    const { images } = digits;
    for (let i = 0; i < images.length; i++) {
      if (images[i] < min) min = images[i];
      if (images[i] > max) max = images[i];
    }
    expect(min).toBe(0);
    expect(max).toBeGreaterThan(0.99);
    expect(max).toBeLessThanOrEqual(1);
    // Every digit has ink.
    for (let i = 0; i < digits.n; i += 997) {
      const ink = digits.images
        .subarray(i * MNIST_DIM, (i + 1) * MNIST_DIM)
        .reduce((s, v) => s + v, 0);
      expect(ink).toBeGreaterThan(10);
    }
  });

  it('decodes the package once and hands each caller its own copy', () => {
    const a = loadMnist();
    const b = loadMnist();
    expect(b.images === a.images).toBe(false);
    a.images[0] = 7;
    a.labels[0] = 9;
    a.sourceIndex[0] = -1;
    const c = loadMnist();
    expect(c.images[0]).toBe(digits.images[0]);
    expect(c.labels[0]).toBe(digits.labels[0]);
    expect(c.sourceIndex[0]).toBe(digits.sourceIndex[0]);
    expect(Buffer.from(b.images.buffer).equals(Buffer.from(digits.images.buffer))).toBe(true);
  });

  describe('malformed files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'structviz-mnist-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const good = JSON.stringify({ data: new Array<number>(MNIST_DIM).fill(0.5) });
    const writeAll = (bad: string, badClass = 4): void => {
      for (let c = 0; c < 10; c++)
        writeFileSync(join(dir, `${c}.json`), c === badClass ? bad : good);
    };

    it('names the file whose length is not a multiple of 784', () => {
      writeAll(JSON.stringify({ data: [0, 0.5, 1] }));
      expect(() => loadMnist({ digitsDir: dir })).toThrow(
        /mnist: .*4\.json has 3 values, not a positive multiple of 784/,
      );
    });

    it('names the file and pixel of an out-of-range value', () => {
      const data = new Array<number>(2 * MNIST_DIM).fill(0);
      data[MNIST_DIM + 5] = 1.5;
      writeAll(JSON.stringify({ data }), 7);
      expect(() => loadMnist({ digitsDir: dir })).toThrow(
        /7\.json has value 1\.5 at digit 1, pixel 5/,
      );
    });

    it('rejects a file without a data array and a missing file', () => {
      writeAll(JSON.stringify({ pixels: [] }));
      expect(() => loadMnist({ digitsDir: dir })).toThrow(
        /4\.json must hold \{ "data": number\[\] \}/,
      );
      expect(() => loadMnist({ digitsDir: join(dir, 'nope') })).toThrow(
        /mnist: cannot read .*0\.json/,
      );
    });

    it('loads a well-formed folder', () => {
      writeAll(good);
      const small = loadMnist({ digitsDir: dir });
      expect(small.n).toBe(10);
      expect(Array.from(small.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });
  });
});
