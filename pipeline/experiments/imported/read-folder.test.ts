import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../../io/npy.ts';
import { encodeActivations } from '../traced-mlp.ts';
import { readImportFolder } from './read-folder.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-read-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 30;
const S = 3;
const values = (w: number, seed: number): Float32Array =>
  Float32Array.from({ length: S * N * w }, (_, i) => Math.sin(i * seed) * 3);
const labels = encodeNpy(
  '<i4',
  [N],
  Int32Array.from({ length: N }, (_, i) => i % 3),
);

function folder(name: string, files: Record<string, Uint8Array | string>): string {
  const path = join(dir, name);
  mkdirSync(path);
  for (const [file, content] of Object.entries(files)) writeFileSync(join(path, file), content);
  return path;
}

describe('readImportFolder', () => {
  it('reads .npy layers in file-name order with defaults for what is not given', () => {
    const a = values(5, 0.3);
    const b = values(2, 0.7);
    const read = readImportFolder(
      folder('npy', {
        'activations-b-late.npy': encodeNpy('<f4', [S, N, 2], b),
        'activations-a-early.npy': encodeNpy('<f4', [S, N, 5], a),
        'labels.npy': labels,
      }),
    );
    expect(read.layers.map((l) => [l.name, l.width])).toEqual([
      ['a-early', 5],
      ['b-late', 2],
    ]);
    expect(read.layers[0]?.values).toEqual(a);
    expect([read.samples, read.snapshots]).toEqual([N, S]);
    expect(Array.from(read.epochs)).toEqual([0, 1, 2]);
    expect(read.classes).toEqual(['0', '1', '2']);
    expect(read.metrics).toEqual({});
    expect(read.images).toBeUndefined();
  });

  it("reads the project's own activations-l<k>.arrow (the --activations export)", () => {
    const v1 = values(4, 0.5);
    const v2 = values(3, 0.9);
    const read = readImportFolder(
      folder('arrow', {
        'activations-l2.arrow': encodeActivations(v2, 2, N, S).bytes,
        'activations-l1.arrow': encodeActivations(v1, 1, N, S).bytes,
        'labels.npy': labels,
      }),
    );
    expect(read.layers.map((l) => [l.name, l.width])).toEqual([
      ['l1', 4],
      ['l2', 3],
    ]);
    expect(read.layers[0]?.values).toEqual(v1);
    expect(read.layers[1]?.values).toEqual(v2);
  });

  it('keeps images of any size, grey or colour, shrinking a long side above 64 px', () => {
    const files = {
      'activations-h.npy': encodeNpy('<f4', [S, N, 4], values(4, 0.4)),
      'labels.npy': labels,
    };
    const grey = new Uint8Array(N * 100 * 30).fill(7);
    const read = readImportFolder(
      folder('grey', { ...files, 'images.npy': encodeNpy('|u1', [N, 100, 30], grey) }),
    );
    expect(read.images?.shape).toEqual({ height: 64, width: 19, channels: 1 });
    expect(new Set(read.images?.pixels)).toEqual(new Set([7]));
    const colour = Uint8Array.from({ length: N * 5 * 9 * 3 }, (_, i) => i % 256);
    const small = readImportFolder(
      folder('colour', { ...files, 'images.npy': encodeNpy('|u1', [N, 5, 9, 3], colour) }),
    );
    expect(small.images?.shape).toEqual({ height: 5, width: 9, channels: 3 });
    expect(small.images?.pixels).toEqual(colour);
  });

  it('hashes the input bytes: one changed value changes the hash', () => {
    const v = values(4, 0.2);
    const files = { 'activations-h.npy': encodeNpy('<f4', [S, N, 4], v), 'labels.npy': labels };
    const one = readImportFolder(folder('hash-1', files)).inputHash;
    expect(readImportFolder(folder('hash-2', files)).inputHash).toBe(one);
    v[7] = (v[7] ?? 0) + 1e-3;
    const changed = { ...files, 'activations-h.npy': encodeNpy('<f4', [S, N, 4], v) };
    expect(readImportFolder(folder('hash-3', changed)).inputHash).not.toBe(one);
  });
});
