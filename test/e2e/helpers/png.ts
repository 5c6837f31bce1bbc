/**
 * A minimal PNG codec for screenshots (no pngjs here): 8-bit RGB or RGBA, not interlaced,
 * which is what Chromium writes. decodePng always returns RGBA. encodePng exists so the
 * decoder can be tested on images we make ourselves, with every row filter type.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, rows top to bottom. */
  data: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOUR_RGB = 2;
const COLOUR_RGBA = 6;

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Decodes an 8-bit RGB/RGBA, non-interlaced PNG into RGBA pixels. */
export function decodePng(png: Uint8Array): Image {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('png: not a PNG (bad signature)');
  let width = 0;
  let height = 0;
  let colourType = -1;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= buf.length;) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const body = buf.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      colourType = body[9];
      if (
        depth !== 8 ||
        (colourType !== COLOUR_RGB && colourType !== COLOUR_RGBA) ||
        body[12] !== 0
      ) {
        throw new Error(
          `png: unsupported format (bit depth ${depth}, colour type ${colourType}, interlace ${body[12]})`,
        );
      }
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length; // length, type, body, crc
  }
  if (!width || !height || idat.length === 0) throw new Error('png: missing IHDR or IDAT');
  const bpp = colourType === COLOUR_RGBA ? 4 : 3;
  const stride = width * bpp;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length < (stride + 1) * height)
    throw new Error(`png: image data too short (${raw.length} bytes for ${width}×${height})`);
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? pixels[row + x - bpp] : 0;
      const b = y > 0 ? pixels[prev + x] : 0;
      const c = x >= bpp && y > 0 ? pixels[prev + x - bpp] : 0;
      const v = raw[src + x];
      let out: number;
      if (filter === 0) out = v;
      else if (filter === 1) out = v + a;
      else if (filter === 2) out = v + b;
      else if (filter === 3) out = v + ((a + b) >> 1);
      else if (filter === 4) out = v + paeth(a, b, c);
      else throw new Error(`png: unknown filter ${filter} in row ${y}`);
      pixels[row + x] = out & 255;
    }
  }
  if (bpp === 4) return { width, height, data: pixels };
  const data = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
    data[j] = pixels[i];
    data[j + 1] = pixels[i + 1];
    data[j + 2] = pixels[i + 2];
    data[j + 3] = 255;
  }
  return { width, height, data };
}

function chunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/**
 * Encodes RGBA pixels as a PNG. `filterOf(y)` picks row y's filter (0–4; default cycles through
 * all five); `rgb` drops alpha; `idatChunks` splits the data to exercise multi-chunk reading.
 */
export function encodePng(
  image: Image,
  options: { rgb?: boolean; filterOf?: (y: number) => number; idatChunks?: number } = {},
): Buffer {
  const { width, height, data } = image;
  const bpp = options.rgb ? 3 : 4;
  const stride = width * bpp;
  const pixels = new Uint8Array(stride * height);
  for (let i = 0, j = 0; j < pixels.length; i += 4, j += bpp)
    for (let k = 0; k < bpp; k++) pixels[j + k] = data[i + k];
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const filter = options.filterOf ? options.filterOf(y) : y % 5;
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const i = y * stride + x;
      const a = x >= bpp ? pixels[i - bpp] : 0;
      const b = y > 0 ? pixels[i - stride] : 0;
      const c = x >= bpp && y > 0 ? pixels[i - stride - bpp] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter] ?? 0;
      raw[y * (stride + 1) + 1 + x] = (pixels[i] - predictor) & 255;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = options.rgb ? COLOUR_RGB : COLOUR_RGBA;
  const compressed = deflateSync(raw);
  const parts = Math.max(1, options.idatChunks ?? 1);
  const size = Math.ceil(compressed.length / parts);
  const idat: Buffer[] = [];
  for (let at = 0; at < compressed.length; at += size)
    idat.push(chunk('IDAT', compressed.subarray(at, at + size)));
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    ...idat,
    chunk('IEND', new Uint8Array(0)),
  ]);
}
