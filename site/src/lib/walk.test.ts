import { describe, expect, it } from 'vitest';
import { nearestNode, nodeInDirection } from './walk.ts';

// A plus sign: 0 in the centre, 1 right, 2 up, 3 left, 4 down, 5 far right, 6 up-right off-axis.
const XY = Float32Array.of(0, 0, 1, 0, 0, 1, -1, 0, 0, -1, 3, 0, 0.9, 0.8);

describe('keyboard walk', () => {
  it('goes to the nearest node straight ahead in each direction', () => {
    expect(nodeInDirection(XY, 0, 1, 0)).toBe(1);
    expect(nodeInDirection(XY, 0, 0, 1)).toBe(2);
    expect(nodeInDirection(XY, 0, -1, 0)).toBe(3);
    expect(nodeInDirection(XY, 0, 0, -1)).toBe(4);
  });

  it('stays put when nothing lies that way, and honours a minimum step', () => {
    expect(nodeInDirection(XY, 5, 1, 0)).toBe(5);
    expect(nodeInDirection(XY, 0, 1, 0, 2)).toBe(5);
  });

  it('never picks a node behind or beside the direction', () => {
    for (let from = 0; from < 7; from++) {
      const to = nodeInDirection(XY, from, 1, 0);
      if (to !== from) expect(XY[2 * to]).toBeGreaterThan(XY[2 * from]);
    }
  });

  it('finds the nearest node to a point', () => {
    expect(nearestNode(XY, 0.1, -0.1)).toBe(0);
    expect(nearestNode(XY, 2.6, 0.2)).toBe(5);
    expect(nearestNode(new Float32Array(0), 0, 0)).toBe(-1);
  });
});
