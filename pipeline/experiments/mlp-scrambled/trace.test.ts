import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../config.ts';
import { prepareTraceData } from '../trace-data.ts';
import type { MlpScrambledConfig } from './config.ts';
import { mlpScrambledProblems } from './config.ts';
import { prepareScrambledData } from './trace.ts';

/** Byte equality (vitest's deep equality is slow on 10⁶-element arrays). */
const sameBytes = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );

const QUICK = PRESETS.quick?.['mlp-scrambled'] as MlpScrambledConfig;

describe('mlp-scrambled data', () => {
  const data = prepareScrambledData(QUICK, 1);
  const plain = prepareTraceData(QUICK, 1);

  it('scrambles exactly the configured share of the training labels, none to its true class', () => {
    const { yTrain } = plain.train;
    let changed = 0;
    for (let i = 0; i < yTrain.length; i++) if (data.train.yTrain[i] !== yTrain[i]) changed++;
    expect(changed).toBe(Math.round(QUICK.scrambleFraction * yTrain.length));
    expect(data.scrambledCount).toBe(changed);
    expect(data.subsets.scrambled.y.length + data.subsets.clean.y.length).toBe(yTrain.length);
  });

  it('leaves the split, the test inputs and the test labels alone', () => {
    expect(data.split).toEqual(plain.split);
    expect(sameBytes(data.train.xTrain, plain.train.xTrain)).toBe(true);
    expect(sameBytes(data.train.xTest, plain.train.xTest)).toBe(true);
    expect(sameBytes(data.train.yTest, plain.train.yTest)).toBe(true);
    expect(data.train.yTest.length).toBe(10 * QUICK.testPerClass);
  });

  it('traces class-balanced scrambled and clean training digits and the test digits, saying which is which', () => {
    const { labels, assigned, scrambled, fromTrain } = data.nodes;
    const count = (pick: (i: number) => boolean): number[] => {
      const out = new Array<number>(10).fill(0);
      labels.forEach((c, i) => pick(i) && out[c]++);
      return out;
    };
    expect(count((i) => scrambled[i] === 1)).toEqual(
      new Array(10).fill(QUICK.traceScrambledPerClass),
    );
    expect(count((i) => fromTrain[i] === 1 && scrambled[i] === 0)).toEqual(
      new Array(10).fill(QUICK.traceCleanPerClass),
    );
    expect(count((i) => fromTrain[i] === 0)).toEqual(new Array(10).fill(QUICK.tracePerClass));
    labels.forEach((c, i) => {
      if (scrambled[i]) expect(assigned[i]).not.toBe(c);
      else expect(assigned[i]).toBe(c);
    });
    // The traced test digits are the test split's, the training digits the training split's.
    const test = new Set(plain.split.test);
    data.trace.forEach((index, i) => expect(test.has(index)).toBe(fromTrain[i] === 0));
  });

  it('is the same for the same seed', () => {
    const again = prepareScrambledData(QUICK, 1);
    expect(again.trace).toEqual(data.trace);
    expect(again.train.yTrain).toEqual(data.train.yTrain);
  });

  it('pre-flight: asks for no more traced scrambled digits than a class has', () => {
    expect(mlpScrambledProblems(QUICK)).toEqual([]);
    expect(mlpScrambledProblems({ ...QUICK, scrambleFraction: 0.05 }).map((p) => p.key)).toEqual([
      'traceScrambledPerClass',
    ]);
    expect(
      mlpScrambledProblems({ ...QUICK, scrambleFraction: 0, traceScrambledPerClass: 0 }),
    ).toEqual([]);
  });
});
