import { describe, expect, it } from 'vitest';
import { createRandom } from '../util/random.ts';
import { scrambleCounts, scrambleLabels } from './scramble.ts';

/** 3,007 labels over 10 classes of uneven sizes. */
const LABELS = Uint8Array.from({ length: 3007 }, (_, i) =>
  (i * 7919) % 10 === 9 ? 3 : (i * 31) % 10,
);

describe('scrambleLabels', () => {
  it('is seeded: the same seed gives the same labels, another seed others', () => {
    const a = scrambleLabels(LABELS, { fraction: 0.2, classes: 10, random: createRandom(5) });
    const b = scrambleLabels(LABELS, { fraction: 0.2, classes: 10, random: createRandom(5) });
    const c = scrambleLabels(LABELS, { fraction: 0.2, classes: 10, random: createRandom(6) });
    expect(a.assigned).toEqual(b.assigned);
    expect(a.scrambled).toEqual(b.scrambled);
    expect(c.assigned).not.toEqual(a.assigned);
  });

  it.each([0, 0.013, 0.2, 0.5, 1])(
    'scrambles exactly round(%s · rows) labels, every one to another class',
    (fraction) => {
      const { assigned, scrambled } = scrambleLabels(LABELS, {
        fraction,
        classes: 10,
        random: createRandom(1),
      });
      const count = scrambled.reduce((sum, s) => sum + s, 0);
      expect(count).toBe(Math.round(fraction * LABELS.length));
      for (let i = 0; i < LABELS.length; i++) {
        if (scrambled[i]) expect(assigned[i]).not.toBe(LABELS[i]);
        else expect(assigned[i]).toBe(LABELS[i]);
      }
    },
  );

  it('takes the same share of every class and draws the new class uniformly among the others', () => {
    const { assigned, scrambled } = scrambleLabels(LABELS, {
      fraction: 0.5,
      classes: 10,
      random: createRandom(2),
    });
    const sizes = new Array<number>(10).fill(0);
    const hits = new Array<number>(10).fill(0);
    const offsets = new Array<number>(10).fill(0);
    LABELS.forEach((c, i) => {
      sizes[c]++;
      if (scrambled[i]) {
        hits[c]++;
        offsets[(assigned[i] - c + 10) % 10]++;
      }
    });
    sizes.forEach((n, c) => expect(Math.abs(hits[c] - n / 2)).toBeLessThanOrEqual(1));
    // Offsets 1 … 9 equally likely: about 1,503 / 9 ≈ 167 each; offset 0 (the true class) never.
    expect(offsets[0]).toBe(0);
    for (let d = 1; d < 10; d++) expect(Math.abs(offsets[d] - 1503 / 9)).toBeLessThan(60);
  });
});

describe('scrambleCounts', () => {
  it('sums to the rounded total and gives each class its share, ±1', () => {
    const sizes = [663, 727, 591, 632, 580, 463, 614, 670, 544, 578];
    const counts = scrambleCounts(sizes, 0.2);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(
      Math.round(0.2 * sizes.reduce((a, b) => a + b, 0)),
    );
    counts.forEach((k, c) => expect(Math.abs(k - 0.2 * sizes[c])).toBeLessThan(1));
  });

  it('names a bad fraction', () => {
    expect(() => scrambleCounts([10], 1.5)).toThrow('scramble: fraction (1.5) must be in [0, 1]');
  });
});
