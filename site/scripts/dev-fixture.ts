/**
 * Development fixture: writes a contract-conforming data directory (manifest + Arrow files)
 * with synthetic clustered points that drift apart over snapshots, so the site can be built
 * and looked at before the pipeline has produced data/. Never writes into data/.
 *
 *   npx tsx site/scripts/dev-fixture.ts [outDir]        (default: $TMPDIR/structviz-fixture)
 *   STRUCTVIZ_DATA_DIR=<outDir> npm run dev
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  Field,
  FixedSizeList,
  Table,
  Uint8,
  Utf8,
  makeData,
  makeVector,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import {
  SCHEMA_VERSION,
  TABLES,
  tableFileName,
  type ExperimentEntry,
  type FileEntry,
  type Manifest,
  type TableName,
} from '../../pipeline/contract.ts';

const out = resolve(process.argv[2] ?? join(tmpdir(), 'structviz-fixture'));

/** Mulberry32: small seeded generator, so the fixture is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(7);
const gauss = (): number =>
  Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const clamp = (v: number): number => Math.max(-1, Math.min(1, v));

type Columns = Record<string, Vector>;
const num = (a: Int8Array | Int16Array | Int32Array | Float32Array): Vector => makeVector(a);

function encode(columns: Columns): Uint8Array {
  return tableToIPC(new Table(columns), 'file');
}

function pixelsVector(pixels: Uint8Array): Vector {
  const type = new FixedSizeList(784, new Field('item', new Uint8(), false));
  const child = makeData({ type: new Uint8(), length: pixels.length, data: pixels });
  return makeVector(makeData({ type, length: pixels.length / 784, nullCount: 0, child }));
}

/** Seven-segment digit glyphs, blurred a little, as stand-in MNIST thumbnails. */
const SEGMENTS = [
  'abcdef',
  'bc',
  'abged',
  'abgcd',
  'fgbc',
  'afgcd',
  'afgedc',
  'abc',
  'abcdefg',
  'abcdfg',
];
function drawDigit(digit: number, target: Uint8Array, offset: number): void {
  const seg = SEGMENTS[digit] ?? '';
  const jitterX = Math.round(gauss() * 1.5);
  const jitterY = Math.round(gauss() * 1.5);
  const lines: Record<string, [number, number, number, number]> = {
    a: [9, 5, 19, 5],
    b: [19, 5, 19, 14],
    c: [19, 14, 19, 23],
    d: [9, 23, 19, 23],
    e: [9, 14, 9, 23],
    f: [9, 5, 9, 14],
    g: [9, 14, 19, 14],
  };
  for (const s of seg) {
    const [x0, y0, x1, y1] = lines[s];
    for (let t = 0; t <= 20; t++) {
      const x = Math.round(x0 + ((x1 - x0) * t) / 20) + jitterX;
      const y = Math.round(y0 + ((y1 - y0) * t) / 20) + jitterY;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const px = x + dx;
          const py = y + dy;
          if (px < 0 || py < 0 || px > 27 || py > 27) continue;
          const v = dx === 0 && dy === 0 ? 255 : 150;
          const i = offset + py * 28 + px;
          target[i] = Math.max(target[i] ?? 0, v);
        }
      }
    }
  }
}

interface Spec {
  name: string;
  title: string;
  dataset: string;
  classes: string[];
  perClass: number;
  hidden: number[];
  epochs: number[];
  toy: boolean;
}

function progress(epoch: number, last: number): number {
  return 1 - Math.exp((-4 * epoch) / last);
}

function knnEdges(xy: Float32Array, n: number, k: number): [number, number, number][] {
  const edges = new Map<number, [number, number, number]>();
  const bestD = new Float64Array(k);
  const bestJ = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    bestD.fill(Infinity);
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = xy[2 * i] - xy[2 * j];
      const dy = xy[2 * i + 1] - xy[2 * j + 1];
      const d = dx * dx + dy * dy;
      if (d >= bestD[k - 1]) continue;
      let p = k - 1;
      while (p > 0 && bestD[p - 1] > d) {
        bestD[p] = bestD[p - 1];
        bestJ[p] = bestJ[p - 1];
        p--;
      }
      bestD[p] = d;
      bestJ[p] = j;
    }
    for (let q = 0; q < k; q++) {
      const j = bestJ[q];
      const s = Math.min(i, j);
      const t = Math.max(i, j);
      edges.set(s * n + t, [s, t, Math.exp(-bestD[q] * 50)]);
    }
  }
  return [...edges.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

interface OutFile {
  table: TableName;
  layer?: number;
  bytes: Uint8Array;
  rows: number;
}

function makeExperiment(spec: Spec): { entry: ExperimentEntry; files: OutFile[] } {
  const C = spec.classes.length;
  const n = C * spec.perClass;
  const L = spec.hidden.length;
  const S = spec.epochs.length;
  const last = spec.epochs[S - 1] ?? 1;
  const label = new Int8Array(n);
  const split: string[] = [];
  const sourceIndex = new Int32Array(n);
  const inputX = new Float32Array(n);
  const inputY = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    label[i] = i % C;
    split.push(i % 5 === 0 ? 'test' : 'train');
    sourceIndex[i] = Math.floor(i / C);
    // Two-armed spiral for the toy set.
    const r = 0.1 + 0.9 * random();
    const a = 3 * Math.PI * r + (label[i] === 1 ? Math.PI : 0);
    inputX[i] = r * Math.cos(a) + gauss() * 0.04;
    inputY[i] = r * Math.sin(a) + gauss() * 0.04;
  }
  const files: OutFile[] = [];
  const nodeCols: Columns = {
    node: num(Int32Array.from({ length: n }, (_, i) => i)),
    label: num(label),
    split: vectorFromArray(split, new Utf8()),
    source_index: num(sourceIndex),
  };
  if (spec.toy) Object.assign(nodeCols, { input_x: num(inputX), input_y: num(inputY) });
  files.push({ table: 'nodes', bytes: encode(nodeCols), rows: n });
  if (!spec.toy) {
    const pixels = new Uint8Array(n * 784);
    for (let i = 0; i < n; i++) drawDigit(label[i], pixels, i * 784);
    files.push({
      table: 'images',
      bytes: encode({
        node: num(Int32Array.from({ length: n }, (_, i) => i)),
        pixels: pixelsVector(pixels),
      }),
      rows: n,
    });
  }
  // Per node: a fixed random start and a fixed offset inside its class cluster.
  const start = Float32Array.from({ length: 2 * n }, () => gauss() * 0.35);
  const offset = Float32Array.from({ length: 2 * n }, () => gauss());
  const rows = L * S * n;
  const pos = {
    layer: new Int8Array(rows),
    snapshot: new Int16Array(rows),
    node: new Int32Array(rows),
    x: new Float32Array(rows),
    y: new Float32Array(rows),
    predicted: new Int8Array(rows),
  };
  const edgeRows: [number, number, number, number, number][] = [];
  const metricRows = L * S;
  const m: Record<string, Float32Array | Int8Array | Int16Array> = {
    layer: new Int8Array(metricRows),
    snapshot: new Int16Array(metricRows),
    epoch: new Float32Array(metricRows),
    train_loss: new Float32Array(metricRows),
    train_accuracy: new Float32Array(metricRows),
    test_loss: new Float32Array(metricRows),
    test_accuracy: new Float32Array(metricRows),
    silhouette_activation: new Float32Array(metricRows),
    silhouette_layout: new Float32Array(metricRows),
    neighborhood_hit: new Float32Array(metricRows),
    trustworthiness: new Float32Array(metricRows),
    continuity: new Float32Array(metricRows),
    knn_preservation: new Float32Array(metricRows),
    displacement: new Float32Array(metricRows),
    dead_units: new Int16Array(metricRows),
  };
  const centre = (c: number, l: number): [number, number] => {
    const a = (2 * Math.PI * c) / C + l * 0.4;
    return [0.68 * Math.cos(a), 0.68 * Math.sin(a)];
  };
  for (let l = 0; l < L; l++) {
    let prev: Float32Array | undefined;
    for (let s = 0; s < S; s++) {
      const p = Math.min(1, progress(spec.epochs[s] ?? 0, last) * (0.7 + 0.15 * l));
      const xy = new Float32Array(2 * n);
      let correct = 0;
      for (let i = 0; i < n; i++) {
        const [cx, cy] = centre(label[i], l);
        const spread = 0.12 + 0.25 * (1 - p);
        xy[2 * i] = clamp((1 - p) * start[2 * i] + p * cx + spread * offset[2 * i] * 0.5);
        xy[2 * i + 1] = clamp(
          (1 - p) * start[2 * i + 1] + p * cy + spread * offset[2 * i + 1] * 0.5,
        );
        const row = (l * S + s) * n + i;
        pos.layer[row] = l + 1;
        pos.snapshot[row] = s;
        pos.node[row] = i;
        pos.x[row] = xy[2 * i];
        pos.y[row] = xy[2 * i + 1];
        const hit = random() < 0.1 + 0.88 * p;
        pos.predicted[row] = hit ? label[i] : Math.floor(random() * C);
        if (pos.predicted[row] === label[i]) correct++;
      }
      if (!spec.toy || s % 1 === 0) {
        for (const [a, b, w] of knnEdges(xy, n, spec.toy ? 3 : 2))
          edgeRows.push([l + 1, s, a, b, w]);
      }
      const r = l * S + s;
      const acc = correct / n;
      m.layer[r] = l + 1;
      m.snapshot[r] = s;
      m.epoch[r] = spec.epochs[s] ?? 0;
      m.train_accuracy[r] = Math.min(1, acc + 0.01);
      m.test_accuracy[r] = acc;
      m.train_loss[r] = 2.3 * (1 - p) + 0.05;
      m.test_loss[r] = 2.3 * (1 - p) + 0.09;
      m.silhouette_activation[r] = -0.05 + 0.5 * p;
      m.silhouette_layout[r] = -0.02 + 0.7 * p;
      m.neighborhood_hit[r] = 1 / C + (0.97 - 1 / C) * p;
      m.trustworthiness[r] = 0.8 + 0.15 * p;
      m.continuity[r] = 0.82 + 0.12 * p;
      m.knn_preservation[r] = 0.2 + 0.3 * p;
      let d = 0;
      if (prev)
        for (let i = 0; i < n; i++)
          d += Math.hypot(xy[2 * i] - prev[2 * i], xy[2 * i + 1] - prev[2 * i + 1]);
      m.displacement[r] = prev ? d / n : 0;
      m.dead_units[r] = Math.round(3 * p);
      prev = xy;
    }
  }
  files.push({
    table: 'positions',
    rows,
    bytes: encode({
      layer: num(pos.layer),
      snapshot: num(pos.snapshot),
      node: num(pos.node),
      x: num(pos.x),
      y: num(pos.y),
      predicted: num(pos.predicted),
    }),
  });
  const encodeEdges = (list: typeof edgeRows): Uint8Array => {
    const E = list.length;
    const edges = {
      layer: new Int8Array(E),
      snapshot: new Int16Array(E),
      source: new Int32Array(E),
      target: new Int32Array(E),
      weight: new Float32Array(E),
    };
    list.forEach(([l, s, a, b, w], i) => {
      edges.layer[i] = l;
      edges.snapshot[i] = s;
      edges.source[i] = a;
      edges.target[i] = b;
      edges.weight[i] = Math.max(1e-3, Math.min(1, w));
    });
    return encode({
      layer: num(edges.layer),
      snapshot: num(edges.snapshot),
      source: num(edges.source),
      target: num(edges.target),
      weight: num(edges.weight),
    });
  };
  // Contract v2: one edges file per layer, plus the last snapshot's edges of every layer.
  for (let l = 1; l <= L; l++) {
    const list = edgeRows.filter((e) => e[0] === l);
    files.push({ table: 'edges', layer: l, bytes: encodeEdges(list), rows: list.length });
  }
  const lastEdges = edgeRows.filter((e) => e[1] === S - 1);
  files.push({ table: 'stepEdges', bytes: encodeEdges(lastEdges), rows: lastEdges.length });
  // Stages of the last snapshot: 0 "spectral" (squashed), 1 "cold ForceAtlas2" (jittered), 2 published.
  const stepRows = L * 3 * n;
  const st = {
    layer: new Int8Array(stepRows),
    stage: new Int8Array(stepRows),
    node: new Int32Array(stepRows),
    x: new Float32Array(stepRows),
    y: new Float32Array(stepRows),
  };
  for (let l = 0; l < L; l++) {
    for (let stage = 0; stage < 3; stage++) {
      for (let i = 0; i < n; i++) {
        const r = (l * 3 + stage) * n + i;
        const p = (l * S + S - 1) * n + i;
        const x = pos.x[p] ?? 0;
        const y = pos.y[p] ?? 0;
        st.layer[r] = l + 1;
        st.stage[r] = stage;
        st.node[r] = i;
        st.x[r] =
          stage === 0 ? clamp(x * x * Math.sign(x)) : stage === 1 ? clamp(x + gauss() * 0.03) : x;
        st.y[r] = stage === 0 ? clamp(y * 0.4) : stage === 1 ? clamp(y + gauss() * 0.03) : y;
      }
    }
  }
  files.push({
    table: 'steps',
    rows: stepRows,
    bytes: encode({
      layer: num(st.layer),
      stage: num(st.stage),
      node: num(st.node),
      x: num(st.x),
      y: num(st.y),
    }),
  });
  files.push({
    table: 'metrics',
    rows: metricRows,
    bytes: encode(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, num(v)]))),
  });

  const fileEntries: FileEntry[] = files.map((f) => ({
    name: `${spec.name}/${fileName(f)}`,
    table: f.table,
    ...(f.layer === undefined ? {} : { layer: f.layer }),
    bytes: f.bytes.length,
    sha256: createHash('sha256').update(f.bytes).digest('hex'),
    rows: f.rows,
  }));
  let step = 0;
  const entry: ExperimentEntry = {
    kind: 'mlp-classes',
    title: spec.title,
    dataset: { name: spec.dataset, classes: spec.classes, train: n * 4, test: n, trace: n },
    config: { dataset: spec.dataset, hidden: spec.hidden, fixture: true },
    configHash: 'fixture',
    backend: 'fixture',
    seed: 7,
    layers: spec.hidden.map((width, i) => ({ index: i + 1, name: `hidden ${i + 1}`, width })),
    snapshots: spec.epochs.map((epoch, index) => ({
      index,
      epoch,
      step: (step = Math.round(epoch * 125)),
    })),
    files: fileEntries,
    summary: { testAccuracy: m.test_accuracy[S * L - 1] ?? 0, steps: step },
  };
  return { entry, files };
}

const mnistEpochs = [0, 0.25, 0.5, 0.75, ...Array.from({ length: 30 }, (_, i) => i + 1)];
const specs: Spec[] = [
  {
    name: 'mlp-classes',
    title: 'MLP on MNIST digits',
    dataset: 'mnist',
    classes: Array.from({ length: 10 }, (_, i) => String(i)),
    perClass: 200,
    hidden: [128, 64, 32],
    epochs: mnistEpochs,
    toy: false,
  },
  {
    name: 'mlp-toy',
    title: 'MLP on a two-armed spiral',
    dataset: 'spiral',
    classes: ['arm A', 'arm B'],
    perClass: 250,
    hidden: [16, 16, 8],
    epochs: [0, 0.5, 1, ...Array.from({ length: 19 }, (_, i) => (i + 1) * 3)],
    toy: true,
  },
];

function fileName(f: OutFile): string {
  return tableFileName(TABLES[f.table], f.layer);
}

const experiments: Record<string, ExperimentEntry> = {};
for (const spec of specs) {
  const { entry, files } = makeExperiment(spec);
  mkdirSync(join(out, spec.name), { recursive: true });
  for (const f of files) writeFileSync(join(out, spec.name, fileName(f)), f.bytes);
  experiments[spec.name] = entry;
  console.log(
    `${spec.name}: ${entry.files.map((f) => `${f.name} ${(f.bytes / 1e6).toFixed(2)} MB`).join(', ')}`,
  );
}
const manifest: Manifest = {
  schemaVersion: SCHEMA_VERSION,
  generatorVersion: 'dev-fixture',
  backend: 'fixture',
  seed: 7,
  preset: 'fixture',
  experiments,
};
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${out}`);
