import { describe, expect, it } from 'vitest';
import { graphFromEdges } from '../graph/sparse.ts';
import { ringAngle, ringIsolated } from './ring.ts';

describe('ringIsolated', () => {
  // Nodes 0–2 connected, 3 and 4 isolated.
  const graph = graphFromEdges(5, [0, 1], [1, 2], [1, 1]);
  const positions = new Float32Array([1, 1, -0.5, 0, 0, -1, 0.3, 0.3, -0.9, 0.2]);

  it('puts isolated nodes on the ring at their own fixed angle, whatever FA2 left them at', () => {
    const out = ringIsolated(positions, graph, { inner: 0.8, radius: 0.95 });
    const moved = ringIsolated(
      Float32Array.from(positions, (v, e) => (e >= 6 ? v * -3 : v)),
      graph,
      { inner: 0.8, radius: 0.95 },
    );
    for (const i of [3, 4]) {
      expect(Math.hypot(out[2 * i], out[2 * i + 1])).toBeCloseTo(0.95, 6);
      expect(Math.atan2(out[2 * i + 1], out[2 * i])).toBeCloseTo(
        Math.atan2(Math.sin(ringAngle(i)), Math.cos(ringAngle(i))),
        6,
      );
      expect(moved[2 * i]).toBe(out[2 * i]);
    }
    // The connected nodes keep their shape, scaled into the inner disc.
    const radii = [0, 1, 2].map((i) => Math.hypot(out[2 * i], out[2 * i + 1]));
    expect(Math.max(...radii)).toBeCloseTo(0.8, 6);
    expect(out[2] / out[0]).toBeCloseTo(-0.5, 6);
  });

  it('names bad options', () => {
    expect(() => ringIsolated(positions, graph, { inner: 1, radius: 0.5 })).toThrow(
      'ringIsolated: need 0 < inner (1) < radius (0.5)',
    );
    expect(() => ringIsolated(new Float32Array(4), graph)).toThrow('ringIsolated: positions');
  });
});
