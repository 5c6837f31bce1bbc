import { describe, expect, it } from 'vitest';
import { THUMB, thumbnail } from './thumbnail.ts';

describe('thumbnail', () => {
  it('keeps a 28×28 grey image as it is', () => {
    const image = Uint8Array.from({ length: THUMB * THUMB }, (_, i) => i % 251);
    expect(thumbnail(image, 1, THUMB, THUMB, 1)).toEqual(image);
  });

  it('averages areas when shrinking and repeats pixels when enlarging', () => {
    // 56×56: each thumbnail pixel is the mean of a 2×2 block (0 and 200 in a checkerboard: 100).
    const big = Uint8Array.from({ length: 56 * 56 }, (_, i) =>
      ((i % 56) + Math.floor(i / 56)) % 2 ? 200 : 0,
    );
    expect(new Set(thumbnail(big, 1, 56, 56, 1))).toEqual(new Set([100]));
    // 2×2 enlarged: each quadrant keeps its pixel.
    const small = thumbnail(Uint8Array.from([10, 20, 30, 40]), 1, 2, 2, 1);
    expect([
      small[0],
      small[THUMB - 1],
      small[THUMB * (THUMB - 1)],
      small[THUMB * THUMB - 1],
    ]).toEqual([10, 20, 30, 40]);
  });

  it('turns colour into luminance (Rec. 601), image by image', () => {
    const red = new Uint8Array(2 * 3 * 5 * 3);
    for (let p = 0; p < 15; p++) red[3 * p] = 255; // image 0: red
    for (let p = 15; p < 30; p++) red.fill(255, 3 * p, 3 * p + 3); // image 1: white
    const out = thumbnail(red, 2, 3, 5, 3);
    expect(new Set(out.subarray(0, THUMB * THUMB))).toEqual(new Set([76]));
    expect(new Set(out.subarray(THUMB * THUMB))).toEqual(new Set([255]));
  });
});
