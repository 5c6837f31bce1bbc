import { describe, expect, it } from 'vitest';
import { trainingSlot } from './slot.ts';

/** A training that records its start and end and takes one macrotask. */
function recorder(log: string[]) {
  return (name: string) => async (): Promise<string> => {
    log.push(`${name} start`);
    await new Promise((resolve) => setImmediate(resolve));
    log.push(`${name} end`);
    return name;
  };
}

describe('training slot', () => {
  it('serves the experiments in their order, not in the order they ask, one at a time', async () => {
    const log: string[] = [];
    const train = recorder(log);
    const slot = trainingSlot(3);
    const calls = [slot.claim(2, train('c')), slot.claim(1, train('b'))];
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual([]); // experiment 0 has neither trained nor ended
    calls.push(slot.claim(0, train('a')));
    expect(await Promise.all(calls)).toEqual(['c', 'b', 'a']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('skips an experiment that ended without training, and a failed training frees the slot', async () => {
    const log: string[] = [];
    const train = recorder(log);
    const slot = trainingSlot(3);
    const c = slot.claim(2, train('c'));
    const b = slot.claim(1, () => {
      log.push('b fails');
      return Promise.reject(new Error('b'));
    });
    slot.end(0); // cached: it never trains
    await expect(b).rejects.toThrow('b');
    expect(await c).toBe('c');
    expect(log).toEqual(['b fails', 'c start', 'c end']);
  });

  it('runs a second call of an experiment after every experiment has had its turn', async () => {
    const log: string[] = [];
    const train = recorder(log);
    const slot = trainingSlot(2);
    await slot.claim(0, train('a1'));
    const again = slot.claim(0, train('a2'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['a1 start', 'a1 end']);
    const b = slot.claim(1, train('b'));
    await Promise.all([again, b]);
    expect(log).toEqual(['a1 start', 'a1 end', 'b start', 'b end', 'a2 start', 'a2 end']);
  });
});
