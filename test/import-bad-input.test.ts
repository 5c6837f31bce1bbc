/**
 * The bad-input corpus of `npm run pipeline -- import DIR` (issue 20): every case is refused
 * before any work with one line naming the file and what was expected, exit 2, and nothing
 * written to --out or the cache. The folders are written here with the project's own .npy
 * writer (io/npy.ts), each a valid folder with one thing wrong.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../pipeline/io/npy.ts';
import { cliArgs, ROOT } from './helpers/cli.ts';
import { inLanes } from './helpers/lanes.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-import-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 40;
const S = 3;
const W = 6;

/** A float32 [S, N, W] activation array with a little structure; `edit` may change it. */
function activations(s = S, n = N, w = W): Float32Array {
  return Float32Array.from({ length: s * n * w }, (_, i) => Math.sin(i * 0.7) + (i % w));
}

type Files = Record<string, Uint8Array | string>;

/** A valid folder's files: two layers, labels, epochs, images, class names, metrics. */
function valid(): Files {
  return {
    'activations-h1.npy': encodeNpy('<f4', [S, N, W], activations()),
    'activations-h2.npy': encodeNpy('<f4', [S, N, 4], activations(S, N, 4)),
    'labels.npy': encodeNpy(
      '<i8',
      [N],
      BigInt64Array.from({ length: N }, (_, i) => BigInt(i % 4)),
    ),
    'epochs.npy': encodeNpy('<f8', [S], Float64Array.from([0, 1, 2])),
    'images.npy': encodeNpy('|u1', [N, 5, 7, 3], new Uint8Array(N * 5 * 7 * 3).fill(9)),
    'class_names.json': JSON.stringify(['a', 'b', 'c', 'd']),
    'metrics.json': JSON.stringify({ test_accuracy: [0.25, 0.5, 0.75] }),
  };
}

let folders = 0;
/** Writes a folder of `files` (a value of null leaves the file out) and returns its path. */
function folder(change: Record<string, Uint8Array | string | null>): string {
  const path = join(dir, `case-${folders++}`);
  mkdirSync(path);
  for (const [name, content] of Object.entries({ ...valid(), ...change }))
    if (content !== null) writeFileSync(join(path, name), content);
  return path;
}

/** A .npy whose header says `header` (data as given). */
function npyWithHeader(header: string, data: Uint8Array, major = 1): Uint8Array {
  const text = `${header}\n`;
  const out = new Uint8Array(10 + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  new DataView(out.buffer).setUint16(8, text.length, true);
  out.set(new TextEncoder().encode(text), 10);
  out.set(data, 10 + text.length);
  return out;
}

const f32 = (values: number[]): Float32Array => {
  const a = activations();
  values.forEach((v, i) => (a[i * 37] = v));
  return a;
};

/** Each case: the arguments after `import`. */
function corpus(): Record<string, string[]> {
  const big = folder({});
  truncateSync(join(big, 'activations-h1.npy'), 1024 ** 3 + 1); // sparse: no disk used
  const notFolder = join(dir, 'plain-file');
  writeFileSync(notFolder, 'x');
  const arrowToo = folder({ 'activations-l1.arrow': 'ARROW1' });
  const oneLayer = { 'activations-h2.npy': null };
  return {
    'no folder given': [],
    'a missing folder': [join(dir, 'nope')],
    'a file, not a folder': [notFolder],
    'no activation files': [folder({ 'activations-h1.npy': null, 'activations-h2.npy': null })],
    'no labels.npy': [folder({ 'labels.npy': null })],
    'activations in float64': [
      folder({
        'activations-h1.npy': encodeNpy('<f8', [S, N, W], Float64Array.from(activations())),
      }),
    ],
    'activations in int32': [
      folder({ 'activations-h1.npy': encodeNpy('<i4', [S, N, W], new Int32Array(S * N * W)) }),
    ],
    'activations with 2 dimensions': [
      folder({ 'activations-h1.npy': encodeNpy('<f4', [N, W * S], activations()) }),
    ],
    'activations with an empty dimension': [
      folder({ 'activations-h1.npy': encodeNpy('<f4', [S, N, 0], new Float32Array(0)) }),
    ],
    'a NaN activation': [
      folder({ 'activations-h1.npy': encodeNpy('<f4', [S, N, W], f32([0, NaN])) }),
    ],
    'an infinite activation': [
      folder({ 'activations-h1.npy': encodeNpy('<f4', [S, N, W], f32([0, 0, Infinity])) }),
    ],
    'layers with different snapshots': [
      folder({ 'activations-h2.npy': encodeNpy('<f4', [S + 1, N, 4], activations(S + 1, N, 4)) }),
    ],
    'layers with different samples (ragged)': [
      folder({ 'activations-h2.npy': encodeNpy('<f4', [S, N - 1, 4], activations(S, N - 1, 4)) }),
    ],
    'a text file named .npy': [folder({ 'activations-h1.npy': 'a,b,c\n1,2,3\n' })],
    'a truncated .npy': [
      folder({ 'activations-h1.npy': encodeNpy('<f4', [S, N, W], activations()).subarray(0, 500) }),
    ],
    'big-endian float32': [
      folder({
        'activations-h1.npy': npyWithHeader(
          `{'descr': '>f4', 'fortran_order': False, 'shape': (${S}, ${N}, ${W}), }`,
          new Uint8Array(S * N * W * 4),
        ),
      }),
    ],
    'Fortran order': [
      folder({
        'activations-h1.npy': npyWithHeader(
          `{'descr': '<f4', 'fortran_order': True, 'shape': (${S}, ${N}, ${W}), }`,
          new Uint8Array(S * N * W * 4),
        ),
      }),
    ],
    'an unknown .npy version': [
      folder({ 'activations-h1.npy': npyWithHeader("{'descr': '<f4'}", new Uint8Array(4), 9) }),
    ],
    'a file above the size limit (1 GiB + 1 byte)': [big],
    'labels in float32': [folder({ 'labels.npy': encodeNpy('<f4', [N], new Float32Array(N)) })],
    'labels with 2 dimensions': [
      folder({ 'labels.npy': encodeNpy('<i8', [N, 1], new BigInt64Array(N)) }),
    ],
    'fewer labels than samples': [
      folder({ 'labels.npy': encodeNpy('<i8', [N - 2], new BigInt64Array(N - 2)) }),
    ],
    'a negative label': [
      folder({
        'labels.npy': encodeNpy(
          '<i4',
          [N],
          Int32Array.from({ length: N }, (_, i) => (i === 7 ? -1 : 0)),
        ),
      }),
    ],
    'a label above 127': [
      folder({
        'labels.npy': encodeNpy(
          '<i4',
          [N],
          Int32Array.from({ length: N }, (_, i) => (i === 3 ? 300 : 0)),
        ),
      }),
    ],
    'too few samples': [
      folder({
        'activations-h1.npy': encodeNpy('<f4', [S, 12, W], activations(S, 12, W)),
        'activations-h2.npy': null,
        'labels.npy': encodeNpy('<i8', [12], new BigInt64Array(12)),
      }),
    ],
    'epochs of the wrong length': [
      folder({ 'epochs.npy': encodeNpy('<f8', [S + 2], new Float64Array(S + 2)) }),
    ],
    'epochs not increasing': [
      folder({ 'epochs.npy': encodeNpy('<f8', [S], Float64Array.from([0, 2, 1])) }),
    ],
    'images in float32': [
      folder({ 'images.npy': encodeNpy('<f4', [N, 4, 4], new Float32Array(N * 16)) }),
    ],
    'fewer images than samples': [
      folder({ 'images.npy': encodeNpy('|u1', [N - 1, 4, 4], new Uint8Array((N - 1) * 16)) }),
    ],
    'images with 4 channels': [
      folder({ 'images.npy': encodeNpy('|u1', [N, 4, 4, 4], new Uint8Array(N * 64)) }),
    ],
    'class_names.json not JSON': [folder({ 'class_names.json': "['a', 'b']" })],
    'class_names.json with too few names': [folder({ 'class_names.json': '["a", "b"]' })],
    'class_names.json not strings': [folder({ 'class_names.json': '[1, 2, 3, 4]' })],
    'metrics.json with an unknown metric': [folder({ 'metrics.json': '{"loss": [1, 2, 3]}' })],
    'metrics.json of the wrong length': [folder({ 'metrics.json': '{"test_loss": [1, 2]}' })],
    'metrics.json with an accuracy above 1': [
      folder({ 'metrics.json': '{"train_accuracy": [0.5, 1.5, 0.9]}' }),
    ],
    'metrics.json with a string value': [
      folder({ 'metrics.json': '{"train_loss": [2.3, "NaN", 0.4]}' }),
    ],
    'npy and arrow layers mixed': [arrowToo],
    'a misspelt file (activation-h1.npy)': [
      folder({ ...oneLayer, 'activation-h3.npy': encodeNpy('<f4', [S, N, W], activations()) }),
    ],
    'a layer name with a space': [
      folder({
        ...oneLayer,
        'activations-my layer.npy': encodeNpy('<f4', [S, N, W], activations()),
      }),
    ],
    'import with --preset': [folder({}), '--preset', 'quick'],
  };
}

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `pipeline import <args> --out <out> --cache <cache>` in a child process. */
function runImport(args: string[], out: string, cache: string): Promise<Outcome> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [...cliArgs(), 'import', ...args, '--out', out, '--cache', cache],
      { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Runs every case, three at a time. */
async function runAll(cases: Record<string, string[]>) {
  const results: Record<string, Outcome & { written: boolean }> = {};
  await inLanes(
    Object.entries(cases),
    async ([name, args]) => {
      const out = join(dir, `out-${name.replace(/\W+/g, '-')}`);
      const cache = join(dir, `cache-${name.replace(/\W+/g, '-')}`);
      const r = await runImport(args, out, cache);
      results[name] = { ...r, written: existsSync(out) || existsSync(cache) };
    },
    3,
  );
  return results;
}

describe('import: the bad-input corpus', () => {
  it('refuses every case before any work: one line naming the file, exit 2, nothing written', async () => {
    const cases = corpus();
    expect(Object.keys(cases).length).toBeGreaterThanOrEqual(25);
    const results = await runAll(cases);
    const messages: Record<string, string> = {};
    for (const [name, r] of Object.entries(results)) {
      expect({ name, status: r.status, written: r.written }).toEqual({
        name,
        status: 2,
        written: false,
      });
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(r.stdout.replace(/^\s*>.*$/gm, '').trim(), name).toBe('');
      messages[name] = r.stderr.trim().split(dir).join('<tmp>');
    }
    expect(messages).toMatchInlineSnapshot(`
      {
        "Fortran order": "import: activations-h1.npy: the array is in Fortran order; save numpy.ascontiguousarray(a) instead",
        "a NaN activation": "import: activations-h1.npy: NaN at [0, 6, 1]; every activation must be finite",
        "a file above the size limit (1 GiB + 1 byte)": "import: activations-h1.npy is 1073741825 bytes, above the 1 GiB limit per file (the views hold every snapshot in memory); trace fewer samples or snapshots",
        "a file, not a folder": "import: <tmp>/plain-file is a file, not a folder",
        "a label above 127": "import: labels.npy: label 300 at [3]; labels are classes 0 … 127",
        "a layer name with a space": "import: activations-my layer.npy: layer name "my layer" must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit",
        "a missing folder": "import: <tmp>/nope: no such folder",
        "a misspelt file (activation-h1.npy)": "import: activation-h3.npy: not a file import reads (known: activations-<layer>.npy, labels.npy, epochs.npy, images.npy, class_names.json, metrics.json); rename or remove it",
        "a negative label": "import: labels.npy: label -1 at [7]; labels are classes 0 … 127",
        "a text file named .npy": "import: activations-h1.npy: not a .npy file (it does not start with \\x93NUMPY; save it with numpy.save)",
        "a truncated .npy": "import: activations-h1.npy: shape (3, 40, 6) of <f4 needs 2880 data bytes, the file has 372",
        "activations in float64": "import: activations-h1.npy: dtype float64, expected float32 (save a.astype(numpy.float32))",
        "activations in int32": "import: activations-h1.npy: dtype int32, expected float32 (save a.astype(numpy.float32))",
        "activations with 2 dimensions": "import: activations-h1.npy: shape [40, 18], expected 3 dimensions [snapshots, samples, width]",
        "activations with an empty dimension": "import: activations-h1.npy: shape [3, 40, 0] has an empty dimension",
        "an infinite activation": "import: activations-h1.npy: Infinity at [0, 12, 2]; every activation must be finite",
        "an unknown .npy version": "import: activations-h1.npy: .npy format version 9.0 (read: 1.0, 2.0, 3.0)",
        "big-endian float32": "import: activations-h1.npy: dtype >f4 is not read (little-endian numbers only: <f4, <f8, <i8, |u1, …)",
        "class_names.json not JSON": "import: class_names.json: not valid JSON (Unexpected token ''', "['a', 'b']" is not valid JSON)",
        "class_names.json not strings": "import: class_names.json: expected a JSON list of class names (strings of 1–64 characters), e.g. ["cat", "dog"]",
        "class_names.json with too few names": "import: class_names.json: 2 names, but labels.npy has classes 0 … 3",
        "epochs not increasing": "import: epochs.npy: 1 at [2]; epochs must be finite, ≥ 0 and strictly increasing",
        "epochs of the wrong length": "import: epochs.npy: shape [5], expected [3] (one epoch per snapshot of activations-h1.npy)",
        "fewer images than samples": "import: images.npy: 39 images, but activations-h1.npy has 40 samples",
        "fewer labels than samples": "import: labels.npy: 38 labels, but activations-h1.npy has 40 samples",
        "images in float32": "import: images.npy: dtype float32, expected uint8 (0 … 255)",
        "images with 4 channels": "import: images.npy: shape [40, 4, 4, 4], expected [samples, height, width] or [samples, height, width, 3]",
        "import with --preset": "import: --preset does not apply to import (it runs one folder)",
        "labels in float32": "import: labels.npy: dtype float32, expected integers (int64, int32, uint8, …)",
        "labels with 2 dimensions": "import: labels.npy: shape [40, 1], expected 1 dimension [samples]",
        "layers with different samples (ragged)": "import: activations-h2.npy: 39 samples, but activations-h1.npy has 40; every layer needs the same samples",
        "layers with different snapshots": "import: activations-h2.npy: 4 snapshots, but activations-h1.npy has 3; every layer needs the same snapshots",
        "metrics.json of the wrong length": "import: metrics.json: "test_loss" must be a list of 3 numbers (one per snapshot)",
        "metrics.json with a string value": "import: metrics.json: "train_loss"[1] is "NaN", expected a finite number",
        "metrics.json with an accuracy above 1": "import: metrics.json: "train_accuracy"[1] is 1.5, expected 0 … 1",
        "metrics.json with an unknown metric": "import: metrics.json: unknown metric "loss" (known: train_loss, train_accuracy, test_loss, test_accuracy)",
        "no activation files": "import: <tmp>/case-2 has no activations-<layer name>.npy (float32 [snapshots, samples, width]) and no activations-l<k>.arrow",
        "no folder given": "import: name the folder: npm run pipeline -- import DIR [--out OUT]",
        "no labels.npy": "import: <tmp>/case-3 has no labels.npy (integer class of every sample, [samples])",
        "npy and arrow layers mixed": "import: <tmp>/case-1 mixes activations-*.npy and activations-l<k>.arrow; give one format",
        "too few samples": "import: activations-h1.npy: 12 samples; the views need at least 21 (15 graph neighbours, and k = 10 < n/2 for the metrics)",
      }
    `);
  }, 240_000);
});
