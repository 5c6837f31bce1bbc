import { describe, expect, it } from 'vitest';
import { createRandom } from '../util/random.ts';
import { DATASETS, getDataset } from './registry.ts';

describe('dataset registry', () => {
  it('lists the known datasets in an unknown-name error', () => {
    expect(() => getDataset('foo')).toThrow(
      'dataset: unknown dataset "foo" (known: mnist, fashion-mnist, spiral, spiral3, moons, circles, xor, gaussians)',
    );
    expect(() => getDataset('toString')).toThrow('unknown dataset "toString"');
  });

  it.each(Object.keys(DATASETS).filter((name) => DATASETS[name]?.image === null))(
    '%s loads with its defaults, labels matching its classes',
    (name) => {
      const definition = getDataset(name);
      const set = definition.load({ random: createRandom(1) });
      expect(set.n).toBe(definition.defaults?.n);
      expect(set.dim).toBe(2);
      expect(set.inputs.length).toBe(set.n * 2);
      expect(new Set(set.labels).size).toBe(definition.classes.length);
      expect(set.sourceIndex[set.n - 1]).toBe(set.n - 1);
      const small = definition.load({ n: 90, noise: 0, random: createRandom(1) });
      expect(small.n).toBe(90);
    },
  );

  it('loads mnist as a 784-dimensional image set with per-class source indices', () => {
    const mnist = getDataset('mnist');
    expect(mnist.image).toEqual({ width: 28, height: 28 });
    const set = mnist.load();
    expect(set.n).toBe(10_000);
    expect(set.dim).toBe(784);
    expect(set.inputs.length).toBe(10_000 * 784);
    expect(set.sourceIndex[1001]).toBe(0);
    expect(set.labels[1001]).toBe(1);
  });
});

describe('dataset registry: classSizes matches what load gives (config checks rely on it)', () => {
  const generated = Object.entries(DATASETS).filter(([, d]) => d.defaults !== null);

  it.each(generated.flatMap(([name]) => [7, 600, 1001].map((n) => [name, n] as const)))(
    '%s with n = %i',
    (name, n) => {
      const definition = getDataset(name);
      const counts = new Array<number>(definition.classes.length).fill(0);
      for (const label of definition.load({ n }).labels) counts[label]++;
      expect(definition.classSizes({ n })).toEqual(counts);
    },
  );
});
