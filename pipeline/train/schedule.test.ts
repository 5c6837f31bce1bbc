import { describe, expect, it } from 'vitest';
import { snapshotSchedule, stepsPerEpoch } from './schedule.ts';

describe('snapshotSchedule', () => {
  it('plans initialisation, about the quarters of epoch 1, then every epoch', () => {
    const plan = snapshotSchedule(stepsPerEpoch(8000, 64), { epochs: 3, snapshotsInFirstEpoch: 3 });
    expect(plan.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(plan.map((p) => p.epoch)).toEqual([0, 31 / 125, 63 / 125, 94 / 125, 1, 2, 3]);
    expect(plan.map((p) => p.epoch.toFixed(2))).toEqual([
      '0.00',
      '0.25',
      '0.50',
      '0.75',
      '1.00',
      '2.00',
      '3.00',
    ]);
    expect(plan.map((p) => p.step)).toEqual([0, 31, 63, 94, 125, 250, 375]);
  });

  it('counts a short last batch as a step', () => {
    expect(stepsPerEpoch(100, 32)).toBe(4);
    expect(stepsPerEpoch(96, 32)).toBe(3);
  });

  it('drops mid-epoch snapshots that would repeat a step, so steps strictly increase', () => {
    const plan = snapshotSchedule(2, { epochs: 2, snapshotsInFirstEpoch: 3 });
    expect(plan.map((p) => p.step)).toEqual([0, 1, 2, 4]);
    expect(plan.map((p) => p.epoch)).toEqual([0, 0.5, 1, 2]);
  });

  it('plans only the initialisation for 0 epochs, and rejects bad values by name', () => {
    expect(snapshotSchedule(10, { epochs: 0 })).toEqual([{ index: 0, epoch: 0, step: 0 }]);
    expect(() => snapshotSchedule(0)).toThrow(
      'schedule: steps per epoch must be a positive integer, got 0',
    );
    expect(() => snapshotSchedule(5, { epochs: 1.5 })).toThrow(
      'schedule: epochs must be an integer ≥ 0, got 1.5',
    );
    expect(() => snapshotSchedule(5, { snapshotsInFirstEpoch: -1 })).toThrow(
      'snapshotsInFirstEpoch must be an integer ≥ 0, got -1',
    );
  });

  it('takes snapshots after the listed epochs only, and names a bad list', () => {
    const plan = snapshotSchedule(30, {
      epochs: 8,
      snapshotsInFirstEpoch: 1,
      snapshotEpochs: [1, 2, 4, 8],
    });
    expect(plan.map((p) => p.epoch)).toEqual([0, 0.5, 1, 2, 4, 8]);
    expect(plan.map((p) => p.step)).toEqual([0, 15, 30, 60, 120, 240]);
    expect(plan.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => snapshotSchedule(30, { epochs: 8, snapshotEpochs: [1, 4, 4] })).toThrow(
      'schedule: snapshotEpochs[2] (4) must be a whole epoch 1 … 8, larger than the one before',
    );
    expect(() => snapshotSchedule(30, { epochs: 8, snapshotEpochs: [9] })).toThrow(
      'snapshotEpochs[0] (9) must be a whole epoch 1 … 8',
    );
  });
});
