import { describe, expect, it } from 'vitest';
import { IMAGE_MAX_SIDE } from '../../contract.ts';
import { fitImages, fittedSize } from './thumbnail.ts';

describe('fitImages', () => {
  it('keeps images that fit as they are, grey or colour, of any shape', () => {
    const grey = Uint8Array.from({ length: 2 * 28 * 28 }, (_, i) => i % 251);
    expect(fitImages(grey, 2, 28, 28, 1)).toEqual({
      pixels: grey,
      shape: { height: 28, width: 28, channels: 1 },
    });
    const colour = Uint8Array.from({ length: 3 * 9 * 13 * 3 }, (_, i) => (i * 7) % 256);
    expect(fitImages(colour, 3, 9, 13, 3)).toEqual({
      pixels: colour,
      shape: { height: 9, width: 13, channels: 3 },
    });
  });

  it('shrinks the longer side to the cap, keeping the aspect ratio', () => {
    expect(fittedSize(64, 64)).toEqual({ height: 64, width: 64 });
    expect(fittedSize(128, 128)).toEqual({ height: 64, width: 64 });
    expect(fittedSize(224, 160)).toEqual({ height: 64, width: 46 });
    expect(fittedSize(30, 300)).toEqual({ height: 6, width: 64 });
    expect(fittedSize(1, 1000)).toEqual({ height: 1, width: 64 });
    expect(IMAGE_MAX_SIDE).toBe(64);
  });

  it('averages areas channel by channel: colour stays colour', () => {
    // 128 × 256 RGB: a 2×2 checkerboard of red and blue; each output pixel covers 2 × 4 of it.
    const h = 128;
    const w = 256;
    const big = new Uint8Array(h * w * 3);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) big[(y * w + x) * 3 + ((x + y) % 2 ? 0 : 2)] = 200;
    const { pixels, shape } = fitImages(big, 1, h, w, 3);
    expect(shape).toEqual({ height: 32, width: 64, channels: 3 });
    // Half red, half blue, no green: (100, 0, 100) everywhere.
    const seen = new Set<string>();
    for (let p = 0; p < 32 * 64; p++)
      seen.add(Array.from(pixels.subarray(3 * p, 3 * p + 3)).join());
    expect([...seen]).toEqual(['100,0,100']);
  });

  it('weighs a source pixel by the share of it an output pixel covers (non-integer ratios), image by image', () => {
    // Two grey 1 × 96 images shrunk to 1 × 64: each output pixel covers 1.5 source pixels.
    const src = new Uint8Array(2 * 96);
    for (let x = 0; x < 96; x++) src[x] = x % 3 === 0 ? 90 : 0; // image 0: 90, 0, 0, 90, 0, 0, …
    src.fill(255, 96); // image 1: white
    const { pixels, shape } = fitImages(src, 2, 1, 96, 1);
    expect(shape).toEqual({ height: 1, width: 64, channels: 1 });
    // Output 0 covers source 0 and half of 1: (90 + 0.5 · 0) / 1.5 = 60; output 1 covers half of 1 and 2: 0.
    expect(Array.from(pixels.subarray(0, 4))).toEqual([60, 0, 60, 0]);
    expect(new Set(pixels.subarray(64))).toEqual(new Set([255]));
  });
});
