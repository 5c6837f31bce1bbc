import { describe, expect, it } from 'vitest';
import { NpyError, encodeNpy, parseNpy } from './npy.ts';

/** Files written by NumPy 1.24 (`numpy.save`; the last with format version 2.0). */
const NUMPY = {
  f4: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEAAAEBAAACAQAAAoEA=',
  i8: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoDAAAAAAAAAAEAAAAAAAAAAgAAAAAAAAA=',
  u1: 'k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAQID',
  f8v2: 'k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMywpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAPA/AAAAAAAAAEA=',
};
const bytes = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));

describe('parseNpy', () => {
  it("reads NumPy's own files: float32, int64, uint8 and format 2.0", () => {
    const f4 = parseNpy(bytes(NUMPY.f4), 'a.npy');
    expect([f4.dtype, f4.shape, Array.from(f4.data, Number)]).toEqual([
      'f4',
      [2, 3],
      [0, 1, 2, 3, 4, 5],
    ]);
    const i8 = parseNpy(bytes(NUMPY.i8), 'b.npy');
    expect([i8.dtype, i8.shape, Array.from(i8.data, Number)]).toEqual(['i8', [3], [3, 1, 2]]);
    const u1 = parseNpy(bytes(NUMPY.u1), 'c.npy');
    expect([u1.dtype, u1.shape, Array.from(u1.data, Number)]).toEqual([
      'u1',
      [1, 2, 2],
      [0, 1, 2, 3],
    ]);
    const f8 = parseNpy(bytes(NUMPY.f8v2), 'd.npy');
    expect([f8.dtype, f8.shape, Array.from(f8.data, Number)]).toEqual(['f8', [3], [0, 1, 2]]);
  });

  it('round-trips its own writer, byte for byte with NumPy for the same array', () => {
    const data = Float32Array.from([0, 1, 2, 3, 4, 5]);
    const written = encodeNpy('<f4', [2, 3], data);
    expect(Buffer.from(written).toString('base64')).toBe(NUMPY.f4);
    expect(Array.from(parseNpy(written, 'x.npy').data, Number)).toEqual(Array.from(data));
  });

  it('reads from a Buffer that starts inside a larger pooled buffer', () => {
    const file = bytes(NUMPY.f4);
    const pool = new Uint8Array(file.length + 3);
    pool.set(file, 3);
    const view = Buffer.from(pool.buffer, 3, file.length);
    expect(Array.from(parseNpy(view, 'a.npy').data, Number)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses what it cannot read, naming the file', () => {
    const f4 = bytes(NUMPY.f4);
    expect(() => parseNpy(new TextEncoder().encode('1,2,3'), 'x.npy')).toThrow(NpyError);
    expect(() => parseNpy(f4.subarray(0, f4.length - 1), 'x.npy')).toThrow(
      'x.npy: shape (2, 3) of <f4 needs 24 data bytes, the file has 23',
    );
    const bigEndian = Uint8Array.from(f4);
    bigEndian[21] = '>'.charCodeAt(0); // the descr's byte-order mark
    expect(() => parseNpy(bigEndian, 'x.npy')).toThrow('x.npy: dtype >f4 is not read');
  });
});
