import { describe, expect, it } from 'vitest';
import { createTrainingShare, trainingDataHash, type RecordedTraining } from './shared-training.ts';

const run = (data: string): RecordedTraining => ({ data, snapshots: [] });

describe('createTrainingShare', () => {
  it('keeps a run only for a key more than one experiment trains under, until the others took it', () => {
    const share = createTrainingShare(['a', 'b', 'a', undefined, 'a']);
    expect(share.wanted('a')).toBe(true);
    expect(share.wanted('b')).toBe(false);
    expect(share.wanted('c')).toBe(false);
    const recorded = run('h');
    share.keep('a', recorded);
    // Kept: nobody needs to record it again.
    expect(share.wanted('a')).toBe(false);
    expect(share.take('a', 'h')).toBe(recorded);
    expect(share.take('a', 'h')).toBe(recorded);
    // Both others took it: dropped.
    expect(share.take('a', 'h')).toBeUndefined();
    share.keep('b', run('h'));
    expect(share.take('b', 'h')).toBeUndefined();
  });

  it('gives a run only to an experiment with the same training data', () => {
    const share = createTrainingShare(['a', 'a']);
    share.keep('a', run('h1'));
    expect(share.take('a', 'h2')).toBeUndefined();
    expect(share.take('a', 'h1')?.data).toBe('h1');
  });
});

describe('trainingDataHash', () => {
  it('changes with any byte and with where the arrays split', () => {
    const a = new Float32Array([1, 2, 3]);
    const h = trainingDataHash([a, new Uint8Array([4])]);
    expect(trainingDataHash([Float32Array.from(a), new Uint8Array([4])])).toBe(h);
    expect(trainingDataHash([new Float32Array([1, 2, 3.0000002]), new Uint8Array([4])])).not.toBe(
      h,
    );
    expect(
      trainingDataHash([new Float32Array([1, 2]), new Float32Array([3]), new Uint8Array([4])]),
    ).not.toBe(h);
  });
});
