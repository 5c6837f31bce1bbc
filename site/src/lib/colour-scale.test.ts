import { describe, expect, it } from 'vitest';
import {
  RADIUS_RANGE,
  VIRIDIS,
  rankPositions,
  valueRange,
  valueSteps,
  valueStyle,
  viridis,
} from './colour-scale.ts';
import { posterSvg } from './build/poster-svg.ts';

/** Relative luminance of an sRGB colour (WCAG). */
function luminance([r, g, b]: number[]): number {
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r ?? 0) + 0.7152 * lin(g ?? 0) + 0.0722 * lin(b ?? 0);
}

describe('colour scale', () => {
  it('hits the viridis stops and gets brighter monotonically', () => {
    expect(viridis(0)).toEqual([0x44, 0x01, 0x54]);
    expect(viridis(1)).toEqual([0xfd, 0xe7, 0x25]);
    expect(viridis(0.5)).toEqual([0x21, 0x90, 0x8d]);
    expect(VIRIDIS).toHaveLength(9);
    let last = -1;
    for (let t = 0; t <= 1.0001; t += 0.02) {
      const l = luminance(viridis(t));
      expect(l).toBeGreaterThan(last);
      last = l;
    }
    expect(viridis(-3)).toEqual(viridis(0));
    expect(viridis(Number.NaN)).toEqual(viridis(0));
  });

  it('ranks values within one snapshot, whatever their decades, ties sharing a rank', () => {
    // At initialisation the norms sit within a factor of 2; at the end they span 10 decades.
    const early = [1.1, 1.3, 1.2, 1.25, 2.0];
    const late = [1e-9, 1e-2, 3e-6, 1e-6, 1];
    expect(Array.from(rankPositions(early))).toEqual([0, 0.75, 0.25, 0.5, 1]);
    expect(Array.from(rankPositions(late))).toEqual([0, 0.75, 0.5, 0.25, 1]);
    expect(Array.from(rankPositions([5, 1, 5, 3]))).toEqual(
      [5 / 6, 0, 5 / 6, 1 / 3].map((v) => Math.fround(v)),
    );
    expect(Array.from(rankPositions([7]))).toEqual([0.5]);
    expect(valueRange(late)).toEqual([1e-9, 3e-6, 1]);
    expect(valueRange([])).toEqual([0, 0, 0]);
  });

  it('sizes and colours nodes by value and dims the other classes', () => {
    const { colours, radii } = valueStyle([0, 1], [0, 1], 1, 28);
    expect(Array.from(radii)).toEqual(
      [RADIUS_RANGE[0], RADIUS_RANGE[1]].map((r) => Math.fround(r)),
    );
    expect(Array.from(colours.subarray(0, 4))).toEqual([...viridis(0), 28]);
    expect(Array.from(colours.subarray(4, 8))).toEqual([...viridis(1), 235]);
  });

  it('steps values for static pictures as valueStyle draws them, and the poster uses the steps', () => {
    const values = [0, 0.5, 1, -1];
    const steps = valueSteps(values, 5);
    expect(Array.from(steps.level)).toEqual([0, 2, 4, 0]);
    const drawn = valueStyle(values, [0, 0, 0, 0], null, 0);
    values.forEach((_, i) => {
      const level = steps.level[i] ?? 0;
      expect(steps.palette[level]).toBe(
        `#${Array.from(drawn.colours.subarray(4 * i, 4 * i + 3), (c) => c.toString(16).padStart(2, '0')).join('')}`,
      );
      expect(steps.sizes[level]).toBeCloseTo(drawn.radii[i] ?? 0, 6);
    });
    const svg = posterSvg(
      [{ xy: [0, 0, 0.5, 0.5, -0.5, -0.5, 0.1, 0.1], classes: [0, 1, 2, 3], shades: steps }],
      'poster',
      20,
    );
    // One path per step present, in the step's colour and size; no class colours.
    expect(svg).toContain(`stroke="${steps.palette[4]}" stroke-width="36"`);
    expect(svg).toContain(`stroke="${steps.palette[0]}" stroke-width="12"`);
    expect(svg.match(/<path /g)).toHaveLength(3);
  });
});
