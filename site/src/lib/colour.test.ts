import { describe, expect, it } from 'vitest';
import { CLASS_COLOURS, hexToRgb } from './colour.ts';

const linear = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
const luminance = (hex: string) => {
  const [r, g, b] = hexToRgb(hex).map(linear) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};
const lab = (hex: string): [number, number, number] => {
  const [r, g, b] = hexToRgb(hex).map(linear) as [number, number, number];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
};

describe('class colours', () => {
  it('have at least 3:1 contrast against the light and the dark figure background', () => {
    for (const colour of CLASS_COLOURS) {
      expect(contrast(colour, '#ffffff'), colour).toBeGreaterThanOrEqual(3);
      expect(contrast(colour, '#0d0f12'), colour).toBeGreaterThanOrEqual(3);
    }
  });

  it('are ten colours at least 30 CIELAB units apart', () => {
    expect(new Set(CLASS_COLOURS).size).toBe(10);
    for (let a = 0; a < CLASS_COLOURS.length; a++)
      for (let b = a + 1; b < CLASS_COLOURS.length; b++) {
        const [p, q] = [lab(CLASS_COLOURS[a]), lab(CLASS_COLOURS[b])];
        expect(Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]), `${a} vs ${b}`).toBeGreaterThan(
          30,
        );
      }
  });
});
