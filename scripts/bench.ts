/**
 * `npm run bench`: times every pipeline stage on real data (MNIST, default-preset sizes:
 * 2,000 trace digits, 784-256-128-64-10) over several repetitions and reports medians and
 * peak RSS, and one vae-beta β run (default config); then runs the whole default preset (fresh cache, into a temporary folder) and
 * reports each experiment's wall time, the run's CPU time / wall time and its peak RSS.
 * Writes bench/report.json and bench/report.md. `--reps N` (default 5), `--workers N`
 * (default: the CLI's), `--skip-pipeline`.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PRESETS } from '../pipeline/config.ts';
import {
  EDGES,
  METRICS,
  NODES,
  POSITIONS,
  metricColumns,
  tableFileName,
} from '../pipeline/contract.ts';
import { gather, prepareTraceData } from '../pipeline/experiments/trace-data.ts';
import { ViewRecorder } from '../pipeline/view/recorder.ts';
import { runPipeline } from '../pipeline/run.ts';
import { DEFAULT_TRAIN_WORKERS, DEFAULT_WORKERS } from '../pipeline/config.ts';
import { runBeta, type BetaTask } from '../pipeline/vae/beta-run.ts';
import { standardNormal } from '../pipeline/vae/gaussian.ts';
import { principalDirections } from '../pipeline/vae/pca-alignment.ts';
import { gramDistances, pairwiseDistances } from '../pipeline/graph/distances.ts';
import { displayEdges } from '../pipeline/graph/display-edges.ts';
import { knn } from '../pipeline/graph/knn.ts';
import { knnGraph } from '../pipeline/graph/knn-graph.ts';
import { edgeCount, type SparseGraph } from '../pipeline/graph/sparse.ts';
import { encodeTable } from '../pipeline/io/arrow.ts';
import { StagedWrites } from '../pipeline/io/atomic.ts';
import { procrustes } from '../pipeline/layout/align.ts';
import { forceAtlas2Layout } from '../pipeline/layout/forceatlas2.ts';
import { createLayoutSequence } from '../pipeline/layout/sequence.ts';
import { spectralLayout } from '../pipeline/layout/spectral.ts';
import { structureMetrics } from '../pipeline/metrics/index.ts';
import { linearProbeAccuracy } from '../pipeline/metrics/linear-probe.ts';
import { createViewChain } from '../pipeline/view/chain.ts';
import { layerViewOptions } from '../pipeline/experiments/knn-view.ts';
import { sensitivityProbe } from '../pipeline/experiments/mlp-classes/sensitivity-probe.ts';
import { formatTable } from '../pipeline/progress.ts';
import { fidelityBench } from './bench-fidelity.ts';
import { selectBackend } from '../pipeline/train/backend.ts';
import { buildMlp } from '../pipeline/train/mlp.ts';
import { trainMlp, type Snapshot } from '../pipeline/train/train-mlp.ts';
import { createRandom } from '../pipeline/util/random.ts';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' },
    out: { type: 'string', default: 'bench' },
    workers: { type: 'string', default: String(DEFAULT_WORKERS) },
    'skip-pipeline': { type: 'boolean', default: false },
    'skip-fidelity': { type: 'boolean', default: false },
  },
});
const REPS = Number(values.reps);
const preset = PRESETS.default?.['mlp-classes'];
if (preset?.kind !== 'mlp-classes')
  throw new Error('bench: the default preset has no mlp-classes experiment');
const config = preset;
if (!(REPS >= 1)) throw new Error('bench: --reps must be ≥ 1');

interface Row {
  stage: string;
  detail: string;
  samples: number[];
}
const rows: Row[] = [];
let peakRss = 0;
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
};
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
function recordStage(stage: string, detail: string, samples: number[]): void {
  rows.push({ stage, detail, samples });
  console.log(
    `${stage.padEnd(22)} median ${median(samples).toFixed(1).padStart(9)} ms  (${detail})`,
  );
}
function time<T>(stage: string, detail: string, reps: number, fn: () => T): T {
  const samples: number[] = [];
  let result: T | undefined;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    result = fn();
    samples.push(performance.now() - t);
    sampleRss();
  }
  recordStage(stage, detail, samples);
  return result as T;
}

// The published data's backend, so the stages and the whole run are timed as they publish.
const backend = await selectBackend('wasm');
console.log(`structviz bench · backend ${backend} · ${REPS} repetitions · node ${process.version}`);

// Real data and training, as the default preset does it.
const seed = 1;
const { train, trace, dataset } = prepareTraceData(config, seed);
const n = trace.length;
const labels = gather(dataset.labels, trace);
const model = buildMlp({ inputDim: 784, classes: 10, hidden: config.hidden, seed });
const snaps: Snapshot[] = [];
const stamps: number[] = [];
const epochs = Math.max(2, Math.min(REPS, 4));
await trainMlp(model, train, {
  epochs,
  batchSize: config.batchSize,
  learningRate: config.learningRate,
  snapshotsInFirstEpoch: 0,
  random: createRandom(seed),
  onSnapshot: (s) => {
    snaps.push(s);
    stamps.push(performance.now());
    sampleRss();
  },
});
recordStage(
  'train epoch',
  `${train.yTrain.length} digits, batch ${config.batchSize}, incl. snapshot eval`,
  stamps.slice(1).map((t, i) => t - stamps[i]),
);

// The sensitivity probe mlp-classes runs in every snapshot hook (main thread, on the critical path).
time(
  'sensitivity probe',
  `${n} trace digits: ‖∂L/∂h‖, gradient × activation, summaries for ${config.hidden.length} layers, ∂L/∂x`,
  REPS,
  () => {
    // A one-snapshot run: its only snapshot is the last, so ∂L/∂x is computed too (the worst case).
    const probe = sensitivityProbe({ xTrace: train.xTrace, labels, saliency: true, snapshots: 1 });
    probe.probe(model, 0);
    return probe;
  },
);

const lastLayer = config.hidden.length - 1;
const [prevSnap, lastSnap] = [snaps[snaps.length - 2], snaps[snaps.length - 1]];
const act = lastSnap.activations[lastLayer];
const width = lastSnap.widths[lastLayer];
const wide = lastSnap.activations[0];
time('distances (exact JS)', `n=${n}, dim=${lastSnap.widths[0]}; the reference`, REPS, () =>
  pairwiseDistances(wide, n, lastSnap.widths[0]),
);
time(
  'distances (Gram, tfjs)',
  `n=${n}, dim=${lastSnap.widths[0]}; what the view stage uses`,
  REPS,
  () => gramDistances(wide, n, lastSnap.widths[0]),
);
time('distances (exact JS)', `n=${n}, dim=${width}`, REPS, () => pairwiseDistances(act, n, width));
const dist = time('distances (Gram, tfjs)', `n=${n}, dim=${width}`, REPS, () =>
  gramDistances(act, n, width),
);
const neighbours = time(
  'knn (certified exact)',
  `k=${config.knnK}, from Gram distances, re-ranked by exact differences`,
  REPS,
  () => knn(dist, n, { k: config.knnK, refine: { data: act, dim: width } }),
);
const graph: SparseGraph = time('knn graph', 'fuzzy kernel + union', REPS, () =>
  knnGraph(neighbours),
);
const prevGraph = knnGraph(
  knn(gramDistances(prevSnap.activations[lastLayer], n, width), n, {
    k: config.knnK,
    refine: { data: prevSnap.activations[lastLayer], dim: width },
  }),
);
const spectral = time('spectral', `${n} nodes, ${edgeCount(graph)} edges`, REPS, () =>
  spectralLayout(graph, { random: createRandom(1) }),
);
time('fa2 iterations', `${config.warmIterations} Barnes-Hut iterations (the warm cap)`, REPS, () =>
  forceAtlas2Layout(graph, spectral.positions, { iterations: config.warmIterations }),
);
// Warm start as the pipeline does it: the previous snapshot's layout seeds this one's.
const warmSamples: number[] = [];
let layout: Float32Array = new Float32Array(0);
for (let r = 0; r < REPS; r++) {
  const seq = createLayoutSequence({
    random: createRandom(1),
    coldIterations: config.coldIterations,
    warmIterations: config.warmIterations,
    refine: {},
  });
  seq.next(prevGraph);
  const t = performance.now();
  layout = seq.next(graph).positions;
  warmSamples.push(performance.now() - t);
  sampleRss();
}
recordStage(
  'layout warm start',
  `fuzzy-edge refinement (60 epochs + re-expansion by neighbourhood change) + Procrustes + box, ${n} nodes`,
  warmSamples,
);
time(
  'layout cold start',
  `spectral + ${config.coldIterations} FA2 iterations + 500 refinement epochs + box`,
  Math.min(REPS, 3),
  () =>
    createLayoutSequence({
      random: createRandom(1),
      coldIterations: config.coldIterations,
      refine: {},
    }).next(graph),
);
time('procrustes', 'align n×2 to previous', REPS, () => procrustes(layout, spectral.positions, n));
const structure = time(
  'metrics',
  'silhouettes, neighbourhood hit, T, C, kNN preservation, distances shared',
  REPS,
  () =>
    structureMetrics(
      { activations: act, dim: width, layout, labels, n },
      { k: config.metricsK, activationDistances: dist },
    ),
);
time(
  'linear probe',
  `logistic regression, ${n / 2} fit / ${n / 2} held out, dim ${lastSnap.widths[0]}`,
  REPS,
  () => linearProbeAccuracy(wide, n, lastSnap.widths[0], labels, { random: createRandom(1) }),
);
// One whole view of the view stage (distances → kNN → graph → warm layout → every metric → edges), as a worker runs it.
const chainSamples: number[] = [];
for (let r = 0; r < REPS; r++) {
  const chain = createViewChain(layerViewOptions(config, labels, seed, 0));
  chain.next({ snapshot: 0, points: prevSnap.activations[0].slice(), dim: prevSnap.widths[0] });
  const t = performance.now();
  chain.next({ snapshot: 1, points: wide.slice(), dim: lastSnap.widths[0] });
  chainSamples.push(performance.now() - t);
  sampleRss();
}
recordStage(
  'view (warm, layer 1)',
  `one whole warm view of ${n} nodes, dim ${lastSnap.widths[0]}, every metric`,
  chainSamples,
);
const shown = time('display edges', `${config.displayEdgesPerNode} per node`, REPS, () =>
  displayEdges(graph, { perNode: config.displayEdgesPerNode }),
);

// Writing: a default-sized experiment (34 snapshots × 3 layers) encoded and staged.
const S = 34;
const L = config.hidden.length;
const dir = mkdtempSync(join(tmpdir(), 'structviz-bench-'));
// The experiment's own encoders (per-layer positions and edges), filled with this layout.
const views = new ViewRecorder(
  Array.from({ length: L }, (_, l) => ({
    index: l + 1,
    nodeIds: Int32Array.from({ length: n }, (_, i) => i),
  })),
  S,
);
const metricRow = Object.fromEntries(
  [...metricColumns(METRICS, 'snapshot'), ...metricColumns(METRICS, 'view')].map((c) => [
    c.name,
    structure.trustworthiness,
  ]),
);
for (let l = 0; l < L; l++) {
  for (let s = 0; s < S; s++) {
    views.addView(l, s, { positions: layout, predicted: new Int8Array(n), edges: shown });
    views.addMetrics(l, s, { ...metricRow, dead_units: 0 });
  }
}
time(
  'encode + write',
  `positions and edges of ${L} layers × ${S} snapshots, nodes, metrics`,
  REPS,
  () => {
    const staged = new StagedWrites();
    const files: [string, Uint8Array][] = [
      ...views
        .encodedPositions(POSITIONS)
        .map((f): [string, Uint8Array] => [tableFileName(POSITIONS, f.split), f.bytes]),
      ...views
        .encodedEdges(EDGES)
        .map((f): [string, Uint8Array] => [tableFileName(EDGES, f.split), f.bytes]),
      [
        NODES.file,
        encodeTable(NODES, {
          node: new Int32Array(n),
          kind: new Int8Array(n),
          label: new Int8Array(n),
          split: Array.from({ length: n }, () => 'test'),
          source_index: new Int32Array(n),
        }),
      ],
      [METRICS.file, encodeTable(METRICS, views.metricColumns(METRICS))],
    ];
    for (const [name, bytes] of files) staged.stage(join(dir, name), bytes);
    staged.commit();
  },
);
rmSync(dir, { recursive: true, force: true });

model.dispose();

// One β run of vae-beta (default config, β = 1): training, a probe per snapshot and the
// Jacobian check, as one training worker runs it. One repetition: it takes tens of seconds.
const vaeConfig = PRESETS.default?.['vae-beta'];
if (vaeConfig?.kind !== 'vae-beta')
  throw new Error('bench: the default preset has no vae-beta experiment');
{
  const vaeData = prepareTraceData(vaeConfig, seed);
  const k = vaeConfig.latent;
  const m = vaeData.trace.length;
  const beta = vaeConfig.betas.includes(1) ? 1 : vaeConfig.betas[0];
  const task: BetaTask = {
    shape: { inputDim: 784, hidden: vaeConfig.hidden, latent: k },
    xTrain: vaeData.train.xTrain,
    inputs: {
      x: vaeData.train.xTrace,
      eps: standardNormal(createRandom(1), m, k),
      prior: standardNormal(createRandom(2), 16, k),
      reconstructed: Int32Array.from({ length: 16 }, (_, i) => i),
      traversalOrigin: 0,
    },
    seeds: { init: 3, shuffle: 4, noise: 5 },
    beta,
    autoencoder: false,
    epochs: vaeConfig.epochs,
    batchSize: vaeConfig.batchSize,
    learningRate: vaeConfig.learningRate,
    snapshotsInFirstEpoch: vaeConfig.snapshotsInFirstEpoch,
    jacobianSamples: vaeConfig.jacobianSamples,
    pcaDirections: principalDirections(
      vaeData.train.xTrain,
      vaeData.train.xTrain.length / 784,
      784,
      k,
    ).directions,
    spreadPrior: standardNormal(createRandom(6), 200, k),
  };
  time(
    'vae-beta: one β run',
    `β = ${beta}, ${vaeData.train.yTrain.length} digits, 784-${vaeConfig.hidden}-${k}, ${vaeConfig.epochs} epochs, probes of ${m} trace digits, Jacobian; the sweep runs ${vaeConfig.betas.length} + 1 of these, ${DEFAULT_TRAIN_WORKERS} at a time`,
    1,
    () => runBeta(task),
  );
}

// Layout fidelity: ours (warm and cold) vs t-SNE, umap-js and PCA, each layer at ¼ epoch and at the end.
const fidelity = values['skip-fidelity'] ? undefined : await fidelityBench(config, seed);
const fidelityText = fidelity
  ? `\n## Layout fidelity (default preset mlp-classes, k = ${config.metricsK}; same run)\n\n\`\`\`\n${formatTable(
      ['layer', 'epoch', 'method', 'T', 'C', 'kNN pres.', 'NH', 'radius r', 'visible', 'seconds'],
      fidelity.rows.map((r) => [
        String(r.layer),
        r.epoch.toFixed(2),
        r.method,
        r.trustworthiness.toFixed(4),
        r.continuity.toFixed(4),
        r.knnPreservation.toFixed(4),
        r.neighborhoodHit.toFixed(4),
        r.localRadiusR.toFixed(3),
        r.visibleShare.toFixed(3),
        r.seconds.toFixed(2),
      ]),
    )}\n\`\`\`\n\nours (warm) seconds: that snapshot's layout step. Median warm layout step over all snapshots, per layer: ${fidelity.warmSeconds
      .map(
        (w, l) => `layer ${l + 1} ${median(w).toFixed(2)} s (max ${Math.max(...w).toFixed(2)} s)`,
      )
      .join(', ')}.\n`
  : '';

/** The whole default preset, as `npm run pipeline` runs it: per-experiment wall time, CPU / wall, peak RSS. */
interface PipelineRun {
  workers: number;
  wallSeconds: number;
  cpuSeconds: number;
  cpuPerWall: number;
  peakRssMB: number;
  experiments: { name: string; seconds: number; snapshots: number; megabytes: number }[];
}
let pipeline: PipelineRun | undefined;
if (!values['skip-pipeline']) {
  const workers = Number(values.workers);
  const runDir = mkdtempSync(join(tmpdir(), 'structviz-bench-run-'));
  console.log(`\nwhole default preset (fresh cache, ${workers} view workers) …`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const summary = await runPipeline(
    {
      preset: 'default',
      seed: 1,
      backend: 'wasm',
      out: join(runDir, 'out'),
      cacheDir: join(runDir, 'cache'),
      force: true,
      workers,
    },
    () => undefined,
  );
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  rmSync(runDir, { recursive: true, force: true });
  pipeline = {
    workers,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    cpuSeconds: Math.round(cpuSeconds * 10) / 10,
    cpuPerWall: Math.round((cpuSeconds / wallSeconds) * 100) / 100,
    // maxRSS is the whole process's peak (kB), worker threads included.
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1e3),
    experiments: summary.rows.map((r) => ({
      name: r.name,
      seconds: Math.round(r.seconds * 10) / 10,
      snapshots: r.snapshots,
      megabytes: Math.round(r.bytes / 1e4) / 100,
    })),
  };
}

const report = {
  date: new Date().toISOString(),
  node: process.version,
  backend,
  cpus: (await import('node:os')).cpus().length,
  reps: REPS,
  peakRssMB: Math.round(peakRss / 1e6),
  stages: rows.map((r) => ({
    stage: r.stage,
    detail: r.detail,
    medianMs: Math.round(median(r.samples) * 10) / 10,
    samplesMs: r.samples.map((s) => Math.round(s * 10) / 10),
  })),
  pipeline,
  fidelity,
};
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
const table = formatTable(
  ['stage', 'median ms', 'runs', 'detail'],
  report.stages.map((s) => [s.stage, s.medianMs.toFixed(1), String(s.samplesMs.length), s.detail]),
);
const runText = pipeline
  ? `\n## Whole default preset\n\n${pipeline.workers} view workers · wall ${pipeline.wallSeconds} s · CPU ${pipeline.cpuSeconds} s · CPU / wall ${pipeline.cpuPerWall} · peak RSS ${pipeline.peakRssMB} MB (the bench process, stages included)\n\n\`\`\`\n${formatTable(
      ['experiment', 'seconds', 'snapshots', 'MB'],
      pipeline.experiments.map((e) => [
        e.name,
        e.seconds.toFixed(1),
        String(e.snapshots),
        e.megabytes.toFixed(2),
      ]),
    )}\n\`\`\`\n\nExperiments run concurrently (each trains in turn on the main thread while earlier ones' views finish in the workers), so their times overlap.\n`
  : '';
const md = `# structviz pipeline bench\n\n${report.date} · node ${report.node} · backend ${backend} · ${report.cpus} CPUs · stage peak RSS ${report.peakRssMB} MB\n\n## Stages (medians)\n\n\`\`\`\n${table}\n\`\`\`\n${fidelityText}${runText}`;
writeFileSync(join(values.out, 'report.md'), md);
console.log(
  `\n${table}${fidelityText}${runText}\nreport written to ${values.out}/report.md and report.json`,
);
