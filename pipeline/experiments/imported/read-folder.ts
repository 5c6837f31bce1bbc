/**
 * Reads and validates an import folder (`npm run pipeline -- import DIR`) before any work:
 * per hidden layer `activations-<layer name>.npy` (float32 [snapshots, samples, width]) or the
 * project's own `activations-l<k>.arrow`; `labels.npy` (integer [samples]); optionally
 * `epochs.npy` ([snapshots]), `images.npy` (uint8 [samples, h, w] or [samples, h, w, 3]),
 * `class_names.json` (a list of strings) and `metrics.json` ({ column: [one number per
 * snapshot] }). The first problem found is thrown as one line naming the file and what was
 * expected; nothing is written.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVATIONS, METRICS, metricColumns, type ImageShape } from '../../contract.ts';
import { NpyError, parseNpy, type NpyArray } from '../../io/npy.ts';
import { UnreadableFile, fileTypeName, readBounded } from '../../io/read-bounded.ts';
import { fsReason } from '../../io/safe-path.ts';
import { requireCjs } from '../../util/require-cjs.ts';
import { fitImages } from './thumbnail.ts';

/** Largest input file read (1 GiB: e.g. 40 snapshots × 5,000 samples × 1,024 units × 4 bytes = 0.8 GB). */
export const IMPORT_FILE_LIMIT = 1024 ** 3;
/** Most samples: every view keeps an n × n float32 distance matrix (10,000² × 4 B = 400 MB). */
export const MAX_SAMPLES = 10_000;
/** Fewest samples: the kNN graph's 15 neighbours and the metrics' k = 10 < n/2. */
export const MIN_SAMPLES = 21;
/** Most snapshots (snapshot indices are int16 in the contract). */
export const MAX_SNAPSHOTS = 1_000;
/** Most classes (labels are int8 in the contract). */
export const MAX_CLASSES = 128;
/** Most hidden layers of one import. */
export const MAX_LAYERS = 32;

/** The snapshot-level metrics a metrics.json may give (the contract's snapshot columns, epoch aside). */
export const IMPORTED_METRIC_NAMES: readonly string[] = metricColumns(METRICS, 'snapshot')
  .map((c) => c.name)
  .filter((name) => name !== 'epoch');

/** A problem with the import folder: one line, naming the file. */
export class ImportError extends Error {
  override name = 'ImportError';
}

export interface ImportedLayer {
  /** The name in the file name (`activations-<name>.npy`), or `l<k>` for an Arrow export. */
  readonly name: string;
  readonly width: number;
  /** Snapshot-major: snapshots × samples × width. */
  readonly values: Float32Array;
}

/** A validated import folder. */
export interface ImportedFolder {
  readonly layers: readonly ImportedLayer[];
  readonly samples: number;
  readonly snapshots: number;
  readonly labels: Int8Array;
  readonly classes: readonly string[];
  /** Training progress of each snapshot (epochs.npy, else 0, 1, 2, …). */
  readonly epochs: Float64Array;
  /** images.npy as published (grey or RGB, shrunk to the contract's IMAGE_MAX_SIDE when larger), or undefined. */
  readonly images?: { readonly pixels: Uint8Array; readonly shape: ImageShape };
  /** The given snapshot metrics by contract column name (absent: not given). */
  readonly metrics: Readonly<Record<string, Float64Array>>;
  /** sha256 over every input file's name and bytes (the cache key includes it). */
  readonly inputHash: string;
}

/** apache-arrow's decoder, loaded when an Arrow layer is read (the CLI starts without it). */
function decodeArrow(bytes: Uint8Array): import('apache-arrow').Table {
  return requireCjs<typeof import('apache-arrow')>('apache-arrow').tableFromIPC(bytes);
}

const NPY_LAYER = /^activations-(.+)\.npy$/;
const ARROW_LAYER = /^activations-l(\d+)\.arrow$/;
const LAYER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const KNOWN = new Set([
  'labels.npy',
  'epochs.npy',
  'images.npy',
  'class_names.json',
  'metrics.json',
]);

const fail = (message: string): never => {
  throw new ImportError(`import: ${message}`);
};

function readFile(dir: string, name: string): Buffer {
  try {
    return readBounded(join(dir, name), IMPORT_FILE_LIMIT);
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    const limit = `${IMPORT_FILE_LIMIT / 1024 ** 3} GiB`;
    return /above the/.test(error.message)
      ? fail(
          `${name} is ${lstatSync(join(dir, name)).size} bytes, above the ${limit} limit per file (the views hold every snapshot in memory); trace fewer samples or snapshots`,
        )
      : fail(error.message.replace(`${join(dir, name)}`, name));
  }
}

function readNpy(dir: string, name: string, hash: ReturnType<typeof createHash>): NpyArray {
  const bytes = readFile(dir, name);
  hash.update(`${name}\0${bytes.length}\0`).update(bytes);
  try {
    return parseNpy(bytes, name);
  } catch (error) {
    if (error instanceof NpyError) fail(error.message);
    throw error;
  }
}

/** NumPy's name of a dtype code. */
const dtypeName = (code: string): string =>
  ({ f4: 'float32', f8: 'float64', b1: 'bool' })[code] ??
  `${code[0] === 'u' ? 'uint' : 'int'}${8 * Number(code.slice(1))}`;
const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;
const INTEGER = ['i1', 'u1', 'i2', 'u2', 'i4', 'u4', 'i8', 'u8'];

/** A layer's float32 [snapshots, samples, width] activations, every value finite. */
function npyLayer(name: string, a: NpyArray): ImportedLayer {
  const layer = (NPY_LAYER.exec(name) as RegExpExecArray)[1];
  if (!LAYER_NAME.test(layer))
    fail(
      `${name}: layer name "${layer}" must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  if (a.dtype !== 'f4')
    fail(`${name}: dtype ${dtypeName(a.dtype)}, expected float32 (save a.astype(numpy.float32))`);
  if (a.shape.length !== 3)
    fail(`${name}: shape ${shapeText(a.shape)}, expected 3 dimensions [snapshots, samples, width]`);
  const [, , width] = a.shape as [number, number, number];
  if (a.shape.some((d) => d === 0))
    fail(`${name}: shape ${shapeText(a.shape)} has an empty dimension`);
  finite(name, a.data as Float32Array, a.shape);
  return { name: layer, width, values: a.data as Float32Array };
}

/** The first NaN or ±Inf of values, named by its index. */
function finite(name: string, values: Float32Array, shape: readonly number[]): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) continue;
    const index: number[] = [];
    let rest = i;
    for (let d = shape.length - 1; d >= 0; d--) {
      index.unshift(rest % shape[d]);
      rest = Math.floor(rest / shape[d]);
    }
    fail(`${name}: ${String(v)} at [${index.join(', ')}]; every activation must be finite`);
  }
}

/** A layer from the project's own activations-l<k>.arrow (rows sorted by snapshot, then node). */
function arrowLayer(
  dir: string,
  name: string,
  hash: ReturnType<typeof createHash>,
): ImportedLayer & {
  samples: number;
  snapshots: number;
} {
  const bytes = readFile(dir, name);
  hash.update(`${name}\0${bytes.length}\0`).update(bytes);
  let table;
  try {
    table = decodeArrow(bytes);
  } catch (error) {
    return fail(`${name}: not an Arrow IPC file (${(error as Error).message.split('\n')[0]})`);
  }
  const column = table.getChild('activation');
  const snapshot = table.getChild('snapshot')?.toArray() as Int16Array | undefined;
  const node = table.getChild('node')?.toArray() as Int32Array | undefined;
  const size = (column?.type as { listSize?: number } | undefined)?.listSize;
  if (!column || !snapshot || !node || !size)
    return fail(
      `${name}: expected the columns of ${ACTIVATIONS.file} (snapshot, node, activation: FixedSizeList<float32>)`,
    );
  const rows = table.numRows;
  const samples = node.reduce((m, v) => Math.max(m, v + 1), 0);
  const snapshots = rows / samples;
  for (let r = 0; r < rows; r++)
    if (snapshot[r] !== Math.floor(r / samples) || node[r] !== r % samples)
      fail(
        `${name}: row ${r} is (snapshot ${snapshot[r]}, node ${node[r]}); rows must be sorted by snapshot, then node, every node at every snapshot`,
      );
  const values = new Float32Array(rows * size);
  let at = 0;
  for (const chunk of column.data) {
    const part = chunk.children[0]?.values as Float32Array;
    values.set(part.subarray(chunk.offset * size, (chunk.offset + chunk.length) * size), at);
    at += chunk.length * size;
  }
  finite(name, values, [snapshots, samples, size]);
  return {
    name: `l${(ARROW_LAYER.exec(name) as RegExpExecArray)[1]}`,
    width: size,
    values,
    samples,
    snapshots,
  };
}

/** Reads and validates an import folder; throws ImportError with the first problem. */
export function readImportFolder(dir: string): ImportedFolder {
  let names: string[] = [];
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    fail(`${dir}: no such folder`);
  }
  if (stat && !stat.isDirectory())
    fail(`${dir} is ${stat.isFile() ? 'a file' : fileTypeName(stat)}, not a folder`);
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    fail(`${dir}: cannot list it (${fsReason(error)})`);
  }
  const npyLayers = names.filter((n) => NPY_LAYER.test(n));
  const arrowLayers = names.filter((n) => ARROW_LAYER.test(n));
  if (npyLayers.length === 0 && arrowLayers.length === 0)
    fail(
      `${dir} has no activations-<layer name>.npy (float32 [snapshots, samples, width]) and no activations-l<k>.arrow`,
    );
  if (npyLayers.length && arrowLayers.length)
    fail(`${dir} mixes activations-*.npy and activations-l<k>.arrow; give one format`);
  if (npyLayers.length + arrowLayers.length > MAX_LAYERS)
    fail(
      `${dir} has ${npyLayers.length + arrowLayers.length} activation files, above the limit of ${MAX_LAYERS} layers`,
    );
  const strays = names.filter(
    (n) =>
      !KNOWN.has(n) && !NPY_LAYER.test(n) && !ARROW_LAYER.test(n) && /\.(npy|json|arrow)$/.test(n),
  );
  if (strays.length)
    fail(
      `${strays[0]}: not a file import reads (known: activations-<layer>.npy, ${[...KNOWN].join(', ')}); rename or remove it`,
    );
  if (!names.includes('labels.npy'))
    fail(`${dir} has no labels.npy (integer class of every sample, [samples])`);

  const hash = createHash('sha256');
  const layers: ImportedLayer[] = [];
  let shape: { snapshots: number; samples: number; file: string } | undefined;
  const agree = (file: string, snapshots: number, samples: number): void => {
    if (!shape) {
      shape = { snapshots, samples, file };
      return;
    }
    if (snapshots !== shape.snapshots)
      fail(
        `${file}: ${snapshots} snapshots, but ${shape.file} has ${shape.snapshots}; every layer needs the same snapshots`,
      );
    if (samples !== shape.samples)
      fail(
        `${file}: ${samples} samples, but ${shape.file} has ${shape.samples}; every layer needs the same samples`,
      );
  };
  // Order: .npy layers by file name; Arrow layers by their index.
  const arrowSorted = arrowLayers.sort(
    (a, b) => Number(ARROW_LAYER.exec(a)?.[1]) - Number(ARROW_LAYER.exec(b)?.[1]),
  );
  for (const file of npyLayers) {
    const a = readNpy(dir, file, hash);
    const layer = npyLayer(file, a);
    agree(file, a.shape[0], a.shape[1]);
    layers.push(layer);
  }
  for (const file of arrowSorted) {
    const { samples, snapshots, ...layer } = arrowLayer(dir, file, hash);
    agree(file, snapshots, samples);
    layers.push(layer);
  }
  const { snapshots, samples, file: first } = shape as NonNullable<typeof shape>;
  if (samples > MAX_SAMPLES)
    fail(
      `${first}: ${samples} samples, above the limit of ${MAX_SAMPLES} (each view holds an n × n distance matrix); trace fewer samples`,
    );
  if (samples < MIN_SAMPLES)
    fail(
      `${first}: ${samples} samples; the views need at least ${MIN_SAMPLES} (15 graph neighbours, and k = 10 < n/2 for the metrics)`,
    );
  if (snapshots > MAX_SNAPSHOTS)
    fail(`${first}: ${snapshots} snapshots, above the limit of ${MAX_SNAPSHOTS}`);

  const labelsNpy = readNpy(dir, 'labels.npy', hash);
  if (!INTEGER.includes(labelsNpy.dtype))
    fail(
      `labels.npy: dtype ${dtypeName(labelsNpy.dtype)}, expected integers (int64, int32, uint8, …)`,
    );
  if (labelsNpy.shape.length !== 1)
    fail(`labels.npy: shape ${shapeText(labelsNpy.shape)}, expected 1 dimension [samples]`);
  if (labelsNpy.shape[0] !== samples)
    fail(`labels.npy: ${labelsNpy.shape[0]} labels, but ${first} has ${samples} samples`);
  const labels = new Int8Array(samples);
  for (let i = 0; i < samples; i++) {
    const v = Number(labelsNpy.data[i]);
    if (!(v >= 0 && v < MAX_CLASSES))
      fail(`labels.npy: label ${v} at [${i}]; labels are classes 0 … ${MAX_CLASSES - 1}`);
    labels[i] = v;
  }
  const classCount = labels.reduce((m, v) => Math.max(m, v + 1), 0);

  let epochs = Float64Array.from({ length: snapshots }, (_, t) => t);
  if (names.includes('epochs.npy')) {
    const e = readNpy(dir, 'epochs.npy', hash);
    if (!['f4', 'f8', ...INTEGER].includes(e.dtype))
      fail(`epochs.npy: dtype ${dtypeName(e.dtype)}, expected numbers`);
    if (e.shape.length !== 1 || e.shape[0] !== snapshots)
      fail(
        `epochs.npy: shape ${shapeText(e.shape)}, expected [${snapshots}] (one epoch per snapshot of ${first})`,
      );
    epochs = Float64Array.from(e.data as ArrayLike<number | bigint>, Number);
    const bad = epochs.findIndex(
      (v, t) => !Number.isFinite(v) || v < 0 || (t > 0 && !(v > epochs[t - 1])),
    );
    if (bad >= 0)
      fail(
        `epochs.npy: ${epochs[bad]} at [${bad}]; epochs must be finite, ≥ 0 and strictly increasing`,
      );
  }

  let images: ImportedFolder['images'];
  if (names.includes('images.npy')) {
    const im = readNpy(dir, 'images.npy', hash);
    if (im.dtype !== 'u1')
      fail(`images.npy: dtype ${dtypeName(im.dtype)}, expected uint8 (0 … 255)`);
    const colour = im.shape.length === 4 && im.shape[3] === 3;
    if (!(im.shape.length === 3 || colour))
      fail(
        `images.npy: shape ${shapeText(im.shape)}, expected [samples, height, width] or [samples, height, width, 3]`,
      );
    if (im.shape[0] !== samples)
      fail(`images.npy: ${im.shape[0]} images, but ${first} has ${samples} samples`);
    if (im.shape.some((d) => d === 0))
      fail(`images.npy: shape ${shapeText(im.shape)} has an empty dimension`);
    images = fitImages(im.data as Uint8Array, samples, im.shape[1], im.shape[2], colour ? 3 : 1);
  }

  let classes = Array.from({ length: classCount }, (_, c) => String(c));
  if (names.includes('class_names.json')) {
    const json = readJson(dir, 'class_names.json', hash);
    if (
      !Array.isArray(json) ||
      !json.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 64)
    )
      fail(
        'class_names.json: expected a JSON list of class names (strings of 1–64 characters), e.g. ["cat", "dog"]',
      );
    const list = json as string[];
    if (list.length < classCount)
      fail(
        `class_names.json: ${list.length} names, but labels.npy has classes 0 … ${classCount - 1}`,
      );
    if (list.length > MAX_CLASSES)
      fail(`class_names.json: ${list.length} names, above ${MAX_CLASSES}`);
    classes = list;
  }

  const metrics: Record<string, Float64Array> = {};
  if (names.includes('metrics.json')) {
    const json = readJson(dir, 'metrics.json', hash);
    if (!json || typeof json !== 'object' || Array.isArray(json))
      fail(
        `metrics.json: expected an object of per-snapshot lists, e.g. {"test_accuracy": [0.1, 0.8, …]} (names: ${IMPORTED_METRIC_NAMES.join(', ')})`,
      );
    for (const [key, list] of Object.entries(json as Record<string, unknown>)) {
      if (!IMPORTED_METRIC_NAMES.includes(key))
        fail(`metrics.json: unknown metric "${key}" (known: ${IMPORTED_METRIC_NAMES.join(', ')})`);
      if (!Array.isArray(list) || list.length !== snapshots)
        fail(`metrics.json: "${key}" must be a list of ${snapshots} numbers (one per snapshot)`);
      const values = list as unknown[];
      const bad = values.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
      if (bad >= 0)
        fail(
          `metrics.json: "${key}"[${bad}] is ${JSON.stringify(values[bad])}, expected a finite number`,
        );
      const range = METRICS.columns.find((c) => c.name === key)?.range;
      const out = range
        ? values.findIndex((v) => (v as number) < range[0] || (v as number) > range[1])
        : -1;
      if (range && out >= 0)
        fail(
          `metrics.json: "${key}"[${out}] is ${String(values[out])}, expected ${range[0]} … ${range[1]}`,
        );
      metrics[key] = Float64Array.from(values as number[]);
    }
  }
  return {
    layers,
    samples,
    snapshots,
    labels,
    classes,
    epochs,
    ...(images ? { images } : {}),
    metrics,
    inputHash: hash.digest('hex'),
  };
}

function readJson(dir: string, name: string, hash: ReturnType<typeof createHash>): unknown {
  const bytes = readFile(dir, name);
  hash.update(`${name}\0${bytes.length}\0`).update(bytes);
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    return fail(`${name}: not valid JSON (${(error as Error).message})`);
  }
}
