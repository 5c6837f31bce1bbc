/**
 * `npm run pipeline -- import DIR` end to end on a folder of Gaussian mixtures (written here
 * with the project's .npy writer): the result passes `check`; its published layouts (the int16
 * positions, decoded) keep trustworthiness@10 ≥ 0.95 against the input activations, measured
 * here, not read from the metrics table; metrics not given are absent; class names, epochs and
 * images come through (colour, non-square, shrunk to the 64 px cap; `check` names a manifest
 * image shape that does not fit them); the cache key follows the input files' bytes.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkData } from '../pipeline/check.ts';
import { coordinateOf, type Manifest } from '../pipeline/contract.ts';
import { pairwiseDistances } from '../pipeline/graph/distances.ts';
import { decodeTable } from '../pipeline/io/arrow.ts';
import { encodeNpy } from '../pipeline/io/npy.ts';
import { trustworthiness } from '../pipeline/metrics/trustworthiness.ts';
import { createRandom } from '../pipeline/util/random.ts';
import { runCli } from './helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-import-'));
const input = join(dir, 'input');
const out = join(dir, 'out');
const cache = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 320;
const S = 4;
const CLASSES = 8;
const WIDTHS = { early: 24, late: 12 };

/** A mixture per snapshot: class centres drifting apart, each class spread along two directions of its own. */
function mixture(width: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const gauss = (): number =>
    Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: CLASSES }, () =>
    Array.from({ length: width }, () => 6 * gauss()),
  );
  const axes = Array.from({ length: CLASSES }, () =>
    [0, 1].map(() => Array.from({ length: width }, () => gauss())),
  );
  const coords = Array.from({ length: N }, () => [gauss(), gauss()]);
  const values = new Float32Array(S * N * width);
  for (let t = 0; t < S; t++)
    for (let i = 0; i < N; i++) {
      const c = i % CLASSES;
      for (let d = 0; d < width; d++) {
        const [a, b] = coords[i];
        values[(t * N + i) * width + d] =
          (0.5 + t / 2) * (centres[c]?.[d] ?? 0) +
          (a ?? 0) * (axes[c]?.[0]?.[d] ?? 0) +
          (b ?? 0) * (axes[c]?.[1]?.[d] ?? 0) +
          0.1 * gauss();
      }
    }
  return values;
}

const activations = { early: mixture(WIDTHS.early, 11), late: mixture(WIDTHS.late, 12) };

function writeInput(early = activations.early): void {
  mkdirSync(input, { recursive: true });
  writeFileSync(
    join(input, 'activations-early.npy'),
    encodeNpy('<f4', [S, N, WIDTHS.early], early),
  );
  writeFileSync(
    join(input, 'activations-late.npy'),
    encodeNpy('<f4', [S, N, WIDTHS.late], activations.late),
  );
  writeFileSync(
    join(input, 'labels.npy'),
    encodeNpy(
      '<i8',
      [N],
      BigInt64Array.from({ length: N }, (_, i) => BigInt(i % CLASSES)),
    ),
  );
  writeFileSync(
    join(input, 'epochs.npy'),
    encodeNpy('<f8', [S], Float64Array.from([0, 0.5, 1, 3])),
  );
  writeFileSync(
    join(input, 'class_names.json'),
    JSON.stringify(Array.from({ length: CLASSES }, (_, c) => `class ${c}`)),
  );
  writeFileSync(join(input, 'metrics.json'), JSON.stringify({ test_loss: [2.1, 1.2, 0.6, 0.3] }));
  writeFileSync(join(input, 'images.npy'), encodeNpy('|u1', [N, ...IMAGE], images));
}

/** Colour images of a non-square size above the 64 px cap: 72 × 120 × 3, published 38 × 64 × 3. */
const IMAGE = [72, 120, 3] as const;
/** Each sample's image: its class's colour (red, green or blue by class % 3), left half bright, right half half as bright. */
const images = new Uint8Array(N * IMAGE[0] * IMAGE[1] * 3);
for (let i = 0; i < N; i++)
  for (let y = 0; y < IMAGE[0]; y++)
    for (let x = 0; x < IMAGE[1]; x++)
      images[((i * IMAGE[0] + y) * IMAGE[1] + x) * 3 + (i % 3)] = x < IMAGE[1] / 2 ? 240 : 120;

const manifest = (): Manifest =>
  JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
const fileOf = (table: string, split?: number): string => {
  const f = manifest().experiments['imported']?.files.find(
    (x) => x.table === table && (split === undefined || x.split === split),
  );
  if (!f) throw new Error(`no ${table} file`);
  return join(out, f.name);
};

let first: ReturnType<typeof runCli>;
beforeAll(() => {
  writeInput();
  first = runCli(['import', input, '--out', out, '--cache', cache]);
}, 600_000);

describe('import DIR', () => {
  it('writes a folder that passes check', () => {
    expect(first.status, first.stderr).toBe(0);
    const check = runCli(['check', '--out', out]);
    expect(check.stdout, check.stderr).toContain('is valid');
  });

  it('keeps trustworthiness@10 ≥ 0.95 in every published layout, measured against the input', () => {
    const entry = manifest().experiments['imported'];
    expect(entry?.layers.map((l) => [l.name, l.width])).toEqual([
      ['early', WIDTHS.early],
      ['late', WIDTHS.late],
    ]);
    const scores: number[] = [];
    for (const [l, values] of [activations.early, activations.late].entries()) {
      const width = values.length / (S * N);
      const positions = decodeTable(readFileSync(fileOf('positions', l + 1)));
      const x = positions.getChild('x')?.toArray() as Int16Array;
      const y = positions.getChild('y')?.toArray() as Int16Array;
      expect(x.length).toBe(S * N);
      for (let t = 0; t < S; t++) {
        const layout = new Float32Array(2 * N);
        for (let i = 0; i < N; i++) {
          layout[2 * i] = coordinateOf(x[t * N + i]);
          layout[2 * i + 1] = coordinateOf(y[t * N + i]);
        }
        const high = pairwiseDistances(
          values.subarray(t * N * width, (t + 1) * N * width),
          N,
          width,
        );
        const low = pairwiseDistances(layout, N, 2);
        scores.push(trustworthiness(high, low, N, { k: 10 }));
      }
    }
    expect(Math.min(...scores), scores.map((s) => s.toFixed(4)).join(' ')).toBeGreaterThanOrEqual(
      0.95,
    );
  });

  it('writes the metrics given and leaves out those not given; names, epochs and images come through', () => {
    const entry = manifest().experiments['imported'];
    expect(entry?.dataset.classes).toEqual(Array.from({ length: CLASSES }, (_, c) => `class ${c}`));
    expect(entry?.snapshots.map((s) => s.epoch)).toEqual([0, 0.5, 1, 3]);
    const metrics = decodeTable(readFileSync(fileOf('metrics')));
    const names = metrics.schema.fields.map((f) => f.name);
    expect(names).toContain('test_loss');
    expect(names).toContain('trustworthiness');
    for (const absent of ['train_loss', 'train_accuracy', 'test_accuracy'])
      expect(names).not.toContain(absent);
    const loss = metrics.getChild('test_loss')?.toArray() as Float32Array;
    expect(Array.from(loss.subarray(0, S), (v) => Math.round(v * 10) / 10)).toEqual([
      2.1, 1.2, 0.6, 0.3,
    ]);
    expect(entry?.files.some((f) => f.table === 'fidelity')).toBe(true);
  });

  it('publishes colour images in colour, shrunk to 64 px on the long side, their shape in the manifest', () => {
    const entry = manifest().experiments['imported'];
    expect(entry?.images).toEqual({ height: 38, width: 64, channels: 3 });
    const table = decodeTable(readFileSync(fileOf('images')));
    expect(table.numRows).toBe(N);
    const stride = 38 * 64 * 3;
    const pixels = table.getChild('pixels');
    expect((pixels?.type as { listSize?: number }).listSize).toBe(stride);
    // Sample 4 (class 4 % 3 = 1: green): the left column bright green, the right dimmer; no red or blue.
    const row = pixels?.get(4) as { toArray(): Uint8Array };
    const image = row.toArray();
    const at = (y: number, x: number) =>
      Array.from(image.subarray((y * 64 + x) * 3, (y * 64 + x) * 3 + 3));
    expect(at(0, 0)).toEqual([0, 240, 0]);
    expect(at(37, 63)).toEqual([0, 120, 0]);
  });

  it('check names an image shape the manifest gets wrong (channels, width, none)', () => {
    const copy = join(dir, 'out-shapes');
    const problems = (
      edit: (images: Record<string, unknown>, entry: Record<string, unknown>) => void,
    ) => {
      rmSync(copy, { recursive: true, force: true });
      cpSync(out, copy, { recursive: true });
      const m = manifest() as unknown as {
        experiments: Record<string, Record<string, unknown> & { images: Record<string, unknown> }>;
      };
      const entry = m.experiments['imported'];
      if (!entry) throw new Error('no imported entry');
      edit(entry.images, entry);
      writeFileSync(join(copy, 'manifest.json'), JSON.stringify(m));
      return checkData(copy)
        .map((p) => p.replace(/images\.[0-9a-f]{16}\.arrow/, 'images.<hash>.arrow'))
        .join(' | ');
    };
    expect({
      'as published': problems(() => undefined),
      'channels 2': problems((i) => (i['channels'] = 2)),
      'channels 4': problems((i) => (i['channels'] = 4)),
      'grey, not colour': problems((i) => (i['channels'] = 1)),
      'width 63': problems((i) => (i['width'] = 63)),
      'width 65': problems((i) => (i['width'] = 65)),
      'height 0': problems((i) => (i['height'] = 0)),
      'no images field': problems((_, e) => delete e['images']),
    }).toMatchInlineSnapshot(`
      {
        "as published": "",
        "channels 2": "manifest.json: experiments.imported.images: channels 2 must be 1 (grey) or 3 (RGB)",
        "channels 4": "manifest.json: experiments.imported.images: channels 4 must be 1 (grey) or 3 (RGB)",
        "grey, not colour": "imported/images.<hash>.arrow: column "pixels" holds 7296 values per row, but the manifest's images are 38×64×1 = 2432",
        "height 0": "manifest.json: experiments.imported.images: height 0 and width 64 must be whole numbers 1 … 64",
        "no images field": "imported/images.<hash>.arrow: column "pixels" takes its shape from the manifest's images (height, width, channels), which this experiment does not give",
        "width 63": "imported/images.<hash>.arrow: column "pixels" holds 7296 values per row, but the manifest's images are 38×63×3 = 7182",
        "width 65": "manifest.json: experiments.imported.images: height 38 and width 65 must be whole numbers 1 … 64",
      }
    `);
  });

  it('serves an unchanged folder from the cache and recomputes a re-exported one', () => {
    const again = runCli(['import', input, '--out', join(dir, 'out-2'), '--cache', cache]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/imported\s+cached/);
    const changed = Float32Array.from(activations.early);
    changed[5] = (changed[5] ?? 0) + 1;
    writeInput(changed);
    const third = runCli(['import', input, '--out', out, '--cache', cache]);
    expect(third.status, third.stderr).toBe(0);
    expect(third.stdout).toMatch(/imported\s+computed/);
    writeInput();
  }, 600_000);
});
