/**
 * Experiment 4, vae-beta: one VAE per β of a sweep on MNIST (same initialisation, data order
 * and sampler noise for every β), traced at every snapshot: the posterior means of the trace
 * set laid out by the view stage (one chain per β, in the view pool), KL and activity per
 * latent dimension, losses, decoded image strips, the polarisation of the posterior and the
 * orthogonality of the decoder Jacobian's columns, against the same network trained as a plain
 * autoencoder and measured at the same snapshots (autoencoder.arrow).
 * Then the linear-VAE theory check (vae/linear.ts) at the same βs, trained by continuation
 * from the largest β down (trainLinearVaeSweep), as one more job of the training pool.
 *
 * The β runs (and the baseline) are independent: they train in parallel worker threads
 * (vae/beta-pool.ts, `trainWorkers` at a time; inline for 0), their views in the view pool,
 * and the results are assembled in β order. Every run's result depends only on the config
 * and seed, never on the worker count or scheduling.
 */
import {
  AUTOENCODER,
  IMAGES,
  LATENT_AXES,
  LATENT_EDGES,
  LATENT_KL,
  LATENTS,
  NODE_KINDS,
  NODES,
  STRIPS,
  THEORY,
  VAE_METRICS,
  type SnapshotInfo,
} from '../../contract.ts';
import { encodeTable } from '../../io/arrow.ts';
import { snapshotSchedule, stepsPerEpoch } from '../../train/schedule.ts';
import { createRandom, deriveSeed } from '../../util/random.ts';
import { standardNormal } from '../../vae/gaussian.ts';
import {
  principalDirections,
  randomPcaAlignment,
  type PcaAlignment,
} from '../../vae/pca-alignment.ts';
import type { LinearVaeResult } from '../../vae/linear.ts';
import type { BackendName } from '../../train/backend.ts';
import { runTraining } from '../../vae/beta-pool.ts';
import type { BetaTask } from '../../vae/beta-run.ts';
import { classSpread, trainDigitClassifier, type ClassSpread } from '../../vae/class-spread.ts';
import {
  TRAVERSAL_STEPS,
  groupPosteriorVariance,
  polarisedShare,
  type ProbeInputs,
  type SnapshotProbe,
} from '../../vae/probe.ts';
import { createViewFeed } from '../../view/feed.ts';
import type { ViewRecorder } from '../../view/recorder.ts';
import { gather, prepareTraceData } from '../trace-data.ts';
import { datasetEntry, roundSummary } from '../traced-mlp.ts';
import type { EncodedTable, ExperimentContext, ExperimentResult } from '../types.ts';
import type { VaeBetaConfig } from './config.ts';
import { latentAxes, latentViewOptions } from './views.ts';

/** Directions drawn at random for the chance level of the PCA alignment. */
const RANDOM_DIRECTIONS = 2000;

/** Trace samples reconstructed at every snapshot (nodes 0 … 15) and prior samples decoded. */
const STRIP_IMAGES = 16;

const toPixels = (images: Float32Array): Uint8Array =>
  Uint8Array.from(images, (v) => Math.round(v * 255));

/** Runs one experiment of this kind (loaded by its record in kind.ts when a run needs it). */
export async function run(context: ExperimentContext<VaeBetaConfig>): Promise<ExperimentResult> {
  const { config, seed, views, onProgress } = context;
  const { definition, dataset, split, trace, train, classes } = prepareTraceData(config, seed);
  const n = trace.length;
  const k = config.latent;
  const labels = gather(dataset.labels, trace);
  const nodeIds = Int32Array.from({ length: n }, (_, i) => i);
  const betas = config.betas;
  const shape = { inputDim: dataset.dim, hidden: config.hidden, latent: k };
  const plan = snapshotSchedule(stepsPerEpoch(split.train.length, config.batchSize), config);
  const feed = createViewFeed(
    views,
    betas.map((_, b) => ({
      index: b + 1,
      nodeIds,
      options: latentViewOptions(config, labels, seed, b),
    })),
    plan.length,
  );
  const inputs: ProbeInputs = {
    x: train.xTrace,
    eps: standardNormal(createRandom(deriveSeed(seed, 'probe-eps')), n, k),
    prior: standardNormal(createRandom(deriveSeed(seed, 'prior-samples')), STRIP_IMAGES, k),
    reconstructed: Int32Array.from({ length: Math.min(STRIP_IMAGES, n) }, (_, i) => i),
    traversalOrigin: 0,
  };
  // Global PCA of the training images: the directions the decoder's columns are compared with.
  const nTrain = train.xTrain.length / dataset.dim;
  const pca = principalDirections(train.xTrain, nTrain, dataset.dim, k);
  const chance = randomPcaAlignment(
    pca.directions,
    dataset.dim,
    RANDOM_DIRECTIONS,
    createRandom(deriveSeed(seed, 'pca-random')),
  );
  // Every β (and the autoencoder) starts from the same weights, data order and ε.
  const base = {
    pcaDirections: pca.directions,
    shape,
    xTrain: train.xTrain,
    inputs,
    seeds: {
      init: deriveSeed(seed, 'vae-init'),
      shuffle: deriveSeed(seed, 'vae-shuffle'),
      noise: deriveSeed(seed, 'vae-eps'),
    },
    epochs: config.epochs,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    snapshotsInFirstEpoch: config.snapshotsInFirstEpoch,
    ...(config.snapshotEpochs ? { snapshotEpochs: config.snapshotEpochs } : {}),
    jacobianSamples: config.jacobianSamples,
    spreadPrior: standardNormal(
      createRandom(deriveSeed(seed, 'spread-samples')),
      config.spreadSamples,
      k,
    ),
  };
  // The βs in order, then the baseline: the same network as a plain autoencoder.
  const tasks: BetaTask[] = [
    ...betas.map((beta) => ({ ...base, beta, autoencoder: false })),
    { ...base, beta: 0, autoencoder: true },
  ];
  const theory: LinearVaeResult[] = [];
  const spread = { testAccuracy: NaN, perBeta: [] as ClassSpread[] };
  const total = betas.length * (plan.length + 1) + 3;
  let done = 0;
  const progress = (detail: string): void => onProgress(Math.min(1, ++done / total), detail);

  // Each probe goes to its β's view chain as it arrives (any order across βs: every chain
  // and recorder cell is its own).
  const onSnapshot = (b: number, s: SnapshotInfo, probe: SnapshotProbe): void => {
    if (b >= betas.length) return;
    const axes = latentAxes(probe.mu, k, probe.muVariance);
    const groups = groupPosteriorVariance(probe.posteriorVariance, probe.muVariance);
    const values = {
      epoch: s.epoch,
      recon_loss: probe.recon,
      kl: probe.kl,
      elbo: probe.elbo,
      active_units: probe.activeUnits,
      jacobian_orthogonality: probe.orthogonality,
      polarised_share: polarisedShare(probe.posteriorVariance),
      active_posterior_variance: groups.active,
      passive_posterior_variance: groups.passive,
      axis_x_dim: axes.dims[0],
      axis_y_dim: axes.dims[1],
    };
    // The raw latent axes are the split's second view (no PCA view for the latents).
    feed.add(b, s.index, { points: probe.mu.slice(), dim: k, values, projection: axes.positions });
    progress(
      `β ${betas[b]} · epoch ${s.epoch.toFixed(2)} · recon ${probe.recon.toFixed(1)} · KL ${probe.kl.toFixed(2)} · active ${probe.activeUnits}/${k}`,
    );
  };
  const runs = await context.training(async () => {
    // The linear sweep joins the same lanes (first, as the longest job).
    const { runs: results, linear } = await runTraining(tasks, {
      workers: context.trainWorkers,
      backend: context.backend as BackendName,
      onSnapshot,
      onDone: (b) =>
        progress(
          b < betas.length ? `β ${betas[b]} · Jacobian columns compared` : 'autoencoder baseline',
        ),
      linear: { betas, options: { ...config.linear, seed: deriveSeed(seed, 'linear') } },
      onLinearDone: (r) => progress(`linear VAE · ${r.length} βs`),
    });
    theory.push(...linear);
    // What the final models draw: their prior samples under a small digit classifier.
    const classifier = await trainDigitClassifier(train, dataset.dim, classes, {
      ...config.classifier,
      seed: deriveSeed(seed, 'spread-classifier'),
    });
    try {
      spread.testAccuracy = classifier.testAccuracy;
      results
        .slice(0, betas.length)
        .forEach((r) =>
          spread.perBeta.push(classSpread(classifier.classify(r.spreadSamples), classes)),
        );
    } finally {
      classifier.dispose();
    }
    progress('prior samples classified');
    return results;
  });
  await feed.done();
  const ae = runs[betas.length];
  const aeProbe = ae.probes[0];
  const probes = runs.slice(0, betas.length).map((r) => r.probes);
  const orthogonality = runs.slice(0, betas.length).map((r) => r.orthogonality);
  const alignment = runs.slice(0, betas.length).map((r) => r.pca);
  const snapshots = runs[betas.length - 1].snapshots;
  const autoencoder = {
    orthogonality: ae.orthogonality,
    overTraining: ae.orthogonalityOverTraining,
    reconOverTraining: ae.reconOverTraining,
    pca: ae.pca,
    recon: aeProbe.recon,
    active: aeProbe.activeUnits,
  };
  return encode(context, {
    n,
    k,
    nodeIds,
    labels,
    snapshots,
    recorder: feed.recorder,
    probes,
    orthogonality,
    alignment,
    chance,
    autoencoder,
    theory,
    spread,
    xTrace: train.xTrace,
    entryDataset: datasetEntry(config.dataset, definition, split, n),
    title: `VAE ${dataset.dim}-${config.hidden}-${k} on ${definition.title}`,
    sourceIndex: gather(dataset.sourceIndex, trace),
  });
}

interface Finished {
  n: number;
  k: number;
  nodeIds: Int32Array;
  labels: Uint8Array;
  snapshots: SnapshotInfo[];
  recorder: ViewRecorder;
  probes: SnapshotProbe[][];
  orthogonality: number[];
  /** Active Jacobian columns against the top principal directions, per β. */
  alignment: PcaAlignment[];
  /** The same for directions drawn at random. */
  chance: PcaAlignment;
  autoencoder: {
    orthogonality: number;
    /** At every snapshot, as the β runs. */
    overTraining: number[];
    reconOverTraining: number[];
    pca: PcaAlignment;
    recon: number;
    active: number;
  };
  theory: LinearVaeResult[];
  spread: { testAccuracy: number; perBeta: ClassSpread[] };
  xTrace: Float32Array;
  entryDataset: ExperimentResult['entry']['dataset'];
  title: string;
  sourceIndex: Int32Array;
}

/** The kind's tables and manifest entry. */
function encode(context: ExperimentContext<VaeBetaConfig>, f: Finished): ExperimentResult {
  const { config } = context;
  const { n, k, recorder: r, probes, snapshots } = f;
  const betas = config.betas;
  const S = snapshots.length;
  const tables: EncodedTable[] = [
    {
      table: 'nodes',
      bytes: encodeTable(NODES, {
        node: f.nodeIds,
        kind: new Int8Array(n).fill(NODE_KINDS.indexOf('sample')),
        label: Int8Array.from(f.labels),
        split: Array.from({ length: n }, () => 'test'),
        source_index: f.sourceIndex,
      }),
      rows: n,
    },
    {
      table: 'images',
      bytes: encodeTable(IMAGES, { node: f.nodeIds, pixels: toPixels(f.xTrace) }),
      rows: n,
    },
    ...r.encodedPositions(LATENTS).map((p) => ({ table: 'latents' as const, ...p })),
    ...r
      .encodedPositions(LATENT_AXES, 'projection')
      .map((p) => ({ table: 'latentAxes' as const, ...p })),
    ...r.encodedEdges(LATENT_EDGES).map((e) => ({ table: 'latentEdges' as const, ...e })),
    {
      table: 'metrics',
      bytes: encodeTable(VAE_METRICS, r.metricColumns(VAE_METRICS)),
      rows: betas.length * S,
    },
  ];
  // KL per latent dimension: (β, snapshot, dim).
  const klRows = betas.length * S * k;
  const kl = {
    beta: new Int8Array(klRows),
    snapshot: new Int16Array(klRows),
    dim: new Int8Array(klRows),
    kl: new Float32Array(klRows),
    mu_variance: new Float32Array(klRows),
    posterior_variance: new Float32Array(klRows),
  };
  probes.forEach((perSnapshot, b) =>
    perSnapshot.forEach((p, t) => {
      for (let j = 0; j < k; j++) {
        const row = (b * S + t) * k + j;
        kl.beta[row] = b + 1;
        kl.snapshot[row] = t;
        kl.dim[row] = j;
        kl.kl[row] = p.klPerDim[j];
        kl.mu_variance[row] = p.muVariance[j];
        kl.posterior_variance[row] = p.posteriorVariance[j];
      }
    }),
  );
  tables.push({ table: 'latentKl', bytes: encodeTable(LATENT_KL, kl), rows: klRows });
  if (f.autoencoder.overTraining.length !== S)
    throw new Error(
      `vae-beta: the autoencoder was measured at ${f.autoencoder.overTraining.length} snapshots, the β runs at ${S}`,
    );
  tables.push({
    table: 'autoencoder',
    bytes: encodeTable(AUTOENCODER, {
      snapshot: Int16Array.from({ length: S }, (_, t) => t),
      epoch: Float32Array.from(snapshots, (s) => s.epoch),
      recon_loss: Float32Array.from(f.autoencoder.reconOverTraining),
      jacobian_orthogonality: Float32Array.from(f.autoencoder.overTraining),
    }),
    rows: S,
  });
  // Image strips, one file per β.
  const steps = TRAVERSAL_STEPS.length;
  probes.forEach((perSnapshot, b) => {
    const strips = [
      perSnapshot[0].reconstructions,
      perSnapshot[0].priorSamples,
      perSnapshot[0].traversals,
    ];
    const perSnap = strips.reduce((sum, images) => sum + images.length / 784, 0);
    const rows = perSnap * S;
    const columns = {
      beta: new Int8Array(rows).fill(b + 1),
      snapshot: new Int16Array(rows),
      strip: new Int8Array(rows),
      index: new Int16Array(rows),
      pixels: new Uint8Array(rows * 784),
    };
    let row = 0;
    perSnapshot.forEach((p, t) => {
      [p.reconstructions, p.priorSamples, p.traversals].forEach((images, strip) => {
        const count = images.length / 784;
        for (let i = 0; i < count; i++, row++) {
          columns.snapshot[row] = t;
          columns.strip[row] = strip;
          columns.index[row] = i;
        }
        columns.pixels.set(toPixels(images), (row - count) * 784);
      });
    });
    tables.push({ table: 'strips', split: b + 1, bytes: encodeTable(STRIPS, columns), rows });
  });
  // The theory check: (β, direction).
  const d = config.linear.eigenvalues.length;
  const theoryRows = betas.length * d;
  const th = {
    beta: new Int8Array(theoryRows),
    dim: new Int8Array(theoryRows),
    eigenvalue: new Float32Array(theoryRows),
    threshold: new Float32Array(theoryRows),
    predicted_active: new Int8Array(theoryRows),
    measured_active: new Int8Array(theoryRows),
    predicted_kl: new Float32Array(theoryRows),
    measured_kl: new Float32Array(theoryRows),
    predicted_column_norm2: new Float32Array(theoryRows),
    measured_column_norm2: new Float32Array(theoryRows),
    latents: new Int8Array(theoryRows),
  };
  f.theory.forEach((result, b) =>
    result.dimensions.forEach((dim, i) => {
      const row = b * d + i;
      th.beta[row] = b + 1;
      th.dim[row] = i;
      th.eigenvalue[row] = dim.eigenvalue;
      th.threshold[row] = betas[b] * config.linear.noise;
      th.predicted_active[row] = dim.predictedActive ? 1 : 0;
      th.measured_active[row] = dim.measuredActive ? 1 : 0;
      th.predicted_kl[row] = dim.predictedKl;
      th.measured_kl[row] = dim.measuredKl;
      th.predicted_column_norm2[row] = dim.predictedColumnNorm2;
      th.measured_column_norm2[row] = dim.measuredColumnNorm2;
      th.latents[row] = dim.latents;
    }),
  );
  tables.push({ table: 'theory', bytes: encodeTable(THEORY, th), rows: theoryRows });

  const round = roundSummary;
  const summary: Record<string, number> = {
    traversalSteps: steps,
    traversalSpan: TRAVERSAL_STEPS[steps - 1],
    autoencoderJacobianOrthogonality: round(f.autoencoder.orthogonality),
    autoencoderPcaMaxCosine: round(f.autoencoder.pca.maxCosine),
    autoencoderPcaSubspaceShare: round(f.autoencoder.pca.subspaceShare),
    randomPcaMaxCosine: round(f.chance.maxCosine),
    randomPcaSubspaceShare: round(f.chance.subspaceShare),
    pcaDirections: k,
    autoencoderReconLoss: round(f.autoencoder.recon),
    autoencoderActiveUnits: f.autoencoder.active,
    ...theorySummary(f.theory, config.linear.noise),
    spreadSamples: config.spreadSamples,
    classifierTestAccuracy: round(f.spread.testAccuracy),
  };
  betas.forEach((_, b) => {
    const last = probes[b][S - 1];
    summary[`activeUnits_b${b + 1}`] = last.activeUnits;
    summary[`reconLoss_b${b + 1}`] = round(last.recon);
    summary[`kl_b${b + 1}`] = round(last.kl);
    summary[`elbo_b${b + 1}`] = round(last.elbo);
    summary[`jacobianOrthogonality_b${b + 1}`] = round(f.orthogonality[b]);
    const groups = groupPosteriorVariance(last.posteriorVariance, last.muVariance);
    summary[`polarisedShare_b${b + 1}`] = round(polarisedShare(last.posteriorVariance));
    summary[`activePosteriorVariance_b${b + 1}`] = round(groups.active);
    summary[`passivePosteriorVariance_b${b + 1}`] = round(groups.passive);
    summary[`pcaMaxCosine_b${b + 1}`] = round(f.alignment[b].maxCosine);
    summary[`pcaSubspaceShare_b${b + 1}`] = round(f.alignment[b].subspaceShare);
    summary[`priorClasses_b${b + 1}`] = f.spread.perBeta[b]?.distinct ?? 0;
    summary[`priorClassEntropy_b${b + 1}`] = round(f.spread.perBeta[b]?.entropy ?? NaN);
  });
  return {
    tables,
    snapshotCount: S,
    entry: {
      kind: 'vae-beta',
      title: f.title,
      dataset: f.entryDataset,
      nodes: { sample: n },
      layers: [],
      betas: betas.map((beta, b) => ({ index: b + 1, name: `β = ${beta}`, nodes: n, beta })),
      snapshots,
      summary,
    },
  };
}

/** Relative distance from the collapse threshold below which a direction's state is not judged (the issue's ±10 % band). */
export const THRESHOLD_BAND = 0.1;

/**
 * The theory check in numbers: directions judged (outside the band around λ = β·σ²), how
 * many agree in active/collapsed state, and the largest relative KL error among the
 * predicted-active ones.
 */
export function theorySummary(
  results: readonly LinearVaeResult[],
  noise: number,
): Record<string, number> {
  let judged = 0;
  let agree = 0;
  let worst = 0;
  for (const result of results)
    for (const dim of result.dimensions) {
      const ratio = dim.eigenvalue / (result.beta * noise);
      if (Math.abs(ratio - 1) <= THRESHOLD_BAND) continue;
      judged++;
      if (dim.predictedActive === dim.measuredActive) agree++;
      if (dim.predictedActive)
        worst = Math.max(worst, Math.abs(dim.measuredKl - dim.predictedKl) / dim.predictedKl);
    }
  return {
    theoryJudged: judged,
    theoryStateAgreement: agree,
    theoryMaxKlRelativeError: roundSummary(worst),
  };
}
