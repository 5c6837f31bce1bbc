/** The screenshot decoder and pixel counters, on images made here (no browser needed). */
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { decodePng, encodePng, type Image } from './helpers/png.ts';
import {
  colouredSpread,
  countColoured,
  countDifferent,
  countForeground,
  countTinted,
  cropImage,
  dominantColour,
  findColouredPoint,
} from './helpers/pixels.ts';

/** A 37×23 image with noise, gradients and a flat area, so every filter predicts something. */
function testImage(): Image {
  const width = 37;
  const height = 23;
  const data = new Uint8Array(width * height * 4);
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 24) & 255;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 4 * (y * width + x);
      data[i] = x < 10 ? 250 : rand();
      data[i + 1] = (x * 7 + y * 3) & 255;
      data[i + 2] = y * 11;
      data[i + 3] = x < 10 ? 255 : (x * y) & 255;
    }
  }
  return { width, height, data };
}

function opaque(image: Image): Image {
  const data = image.data.slice();
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { ...image, data };
}

describe('decodePng', () => {
  it('round-trips RGBA through every filter type and several IDAT chunks', () => {
    const image = testImage();
    for (const filter of [0, 1, 2, 3, 4]) {
      const decoded = decodePng(encodePng(image, { filterOf: () => filter }));
      expect([decoded.width, decoded.height]).toEqual([37, 23]);
      expect(Buffer.from(decoded.data).equals(Buffer.from(image.data)), `filter ${filter}`).toBe(
        true,
      );
    }
    const mixed = decodePng(encodePng(image, { idatChunks: 5 }));
    expect(Buffer.from(mixed.data).equals(Buffer.from(image.data))).toBe(true);
  });

  it('expands RGB to opaque RGBA', () => {
    const image = testImage();
    const decoded = decodePng(encodePng(image, { rgb: true }));
    expect(Buffer.from(decoded.data).equals(Buffer.from(opaque(image).data))).toBe(true);
  });

  it('rejects what it cannot read, naming the problem', () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/bad signature/);
    const png = encodePng(testImage());
    // IHDR body starts at byte 16; byte 24 is the bit depth.
    const sixteenBit = Buffer.from(png);
    sixteenBit[24] = 16;
    expect(() => decodePng(sixteenBit)).toThrow(/bit depth 16/);
    const badFilter = Buffer.from(png);
    const rows = Buffer.alloc((37 * 4 + 1) * 23);
    rows[(37 * 4 + 1) * 3] = 9; // row 3 claims filter 9
    expect(() => decodePng(replaceIdat(badFilter, deflateSync(rows)))).toThrow(
      /unknown filter 9 in row 3/,
    );
    expect(() => decodePng(replaceIdat(badFilter, deflateSync(rows.subarray(0, 100))))).toThrow(
      /too short/,
    );
  });
});

/** A PNG whose image data is replaced by `data` (one IDAT, CRC not checked by the decoder). */
function replaceIdat(png: Buffer, data: Buffer): Buffer {
  const ihdrEnd = 8 + 12 + 13;
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write('IDAT', 4, 'latin1');
  const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  return Buffer.concat([png.subarray(0, ihdrEnd), head, data, Buffer.alloc(4), iend]);
}

describe('pixel counters', () => {
  const plot = (): Image => {
    const width = 60;
    const height = 40;
    const data = new Uint8Array(width * height * 4).fill(250); // near-white page
    const dot = (cx: number, cy: number, rgb: [number, number, number]) => {
      for (let y = cy - 2; y <= cy + 2; y++)
        for (let x = cx - 2; x <= cx + 2; x++) data.set([...rgb, 255], 4 * (y * width + x));
    };
    dot(30, 20, [63, 144, 218]); // Petroff blue
    dot(45, 20, [255, 169, 14]); // Petroff orange
    data.set([40, 40, 40, 255], 4 * (5 * width + 5)); // one grey text pixel
    return { width, height, data };
  };

  it('counts coloured and foreground pixels and finds a dot', () => {
    const image = plot();
    expect(countColoured(image)).toBe(50);
    expect(countForeground(image)).toBe(51);
    expect(dominantColour(image)).toEqual([248, 248, 248]);
    const p = findColouredPoint(image);
    expect(p && Math.abs(p.x - 30) <= 2 && Math.abs(p.y - 20) <= 2).toBe(true);
  });

  it('counts changed pixels between two images', () => {
    const a = plot();
    const b = plot();
    b.data.set([0, 0, 0, 255], 0);
    expect(countDifferent(a, a)).toBe(0);
    expect(countDifferent(a, b)).toBe(1);
    expect(
      findColouredPoint({ width: 30, height: 30, data: new Uint8Array(3600).fill(255) }),
    ).toBeNull();
  });
  it('measures the spread of the coloured pixels, robust to a stray one', () => {
    const image = plot();
    // The two 5×5 dots: x from 28 to 47, y from 18 to 22; the grey pixel does not count.
    expect(colouredSpread(image, 0)).toEqual({ width: 19, height: 4 });
    image.data.set([63, 144, 218, 255], 4 * (39 * 60 + 0)); // one stray blue pixel, bottom left
    expect(colouredSpread(image, 0)).toEqual({ width: 47, height: 21 });
    expect(colouredSpread(image, 0.02)).toEqual({ width: 19, height: 4 });
    expect(colouredSpread({ width: 2, height: 1, data: new Uint8Array(8).fill(250) })).toBeNull();
  });
});

describe('cropImage and countTinted', () => {
  /** 4×2: white, a light blue wash, full blue, grey (top row); the bottom row all wash. */
  const pixels: [number, number, number][] = [
    [255, 255, 255],
    [205, 220, 252],
    [67, 126, 248],
    [128, 128, 128],
    ...Array.from({ length: 4 }, () => [205, 220, 252] as [number, number, number]),
  ];
  const image: Image = {
    width: 4,
    height: 2,
    data: Uint8Array.from(pixels.flatMap(([r, g, b]) => [r, g, b, 255])),
  };

  it('counts a light wash of colour, not the page, greys or full colour', () => {
    expect(countTinted(image)).toBe(5);
    expect(countColoured(image)).toBe(1);
  });

  it('crops by fractions of the image', () => {
    const right = cropImage(image, [0.5, 0, 1, 0.5]);
    expect([right.width, right.height]).toEqual([2, 1]);
    expect(Array.from(right.data.subarray(0, 3))).toEqual([67, 126, 248]);
    expect(countTinted(cropImage(image, [0, 0.5, 1, 1]))).toBe(4);
  });
});
