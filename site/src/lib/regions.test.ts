import { describe, expect, it } from 'vitest';
import { classColour, hexToRgb } from './colour.ts';
import { REGION_ALPHA, regionAlpha, regionPixels } from './regions.ts';

describe('regionPixels', () => {
  it('paints each cell in its predicted class, opaque as the network is sure', () => {
    // Two classes: a sure class-1 cell, a chance class-0 cell, a 75 % class-0 cell.
    const px = regionPixels([1, 0, 0], [255, 128, 191], 2);
    expect(px).toHaveLength(12);
    expect(Array.from(px.subarray(0, 3))).toEqual(hexToRgb(classColour(1)));
    expect(Array.from(px.subarray(4, 7))).toEqual(hexToRgb(classColour(0)));
    expect(px[3]).toBe(Math.round(255 * REGION_ALPHA[1]));
    expect(px[7]).toBe(Math.round(255 * REGION_ALPHA[0]));
    expect(px[11]).toBeGreaterThan(px[7] ?? 0);
    expect(px[11]).toBeLessThan(px[3] ?? 0);
  });

  it('measures sureness from chance, which depends on the class count', () => {
    // 0.5 is chance for two classes but well above it for ten.
    expect(regionAlpha(128, 2)).toBeCloseTo(REGION_ALPHA[0], 2);
    expect(regionAlpha(128, 10)).toBeGreaterThan(REGION_ALPHA[0] + 0.1);
    expect(regionAlpha(0, 10)).toBe(REGION_ALPHA[0]);
  });
});
