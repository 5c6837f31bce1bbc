/**
 * Experiment 1, mlp-classes: train an MLP classifier and, at every snapshot and hidden layer,
 * run the layer's trace activations through the view stage (traced-mlp.ts: kNN graph →
 * spectral → ForceAtlas2, warm-started and aligned across snapshots → metrics) and measure how
 * classes separate; for 2-D sets, also the decision regions over the input plane.
 */
import { METRICS, NODES, NODE_KINDS, REGIONS, REGION_GRID } from '../../contract.ts';
import { encodeTable } from '../../io/arrow.ts';
import { decisionRegions, gridCentres, squareExtent } from '../../train/regions.ts';
import { snapshotSchedule, stepsPerEpoch } from '../../train/schedule.ts';
import type { Snapshot } from '../../train/train-mlp.ts';
import { gather, prepareTraceData } from '../trace-data.ts';
import {
  datasetEntry,
  encodeViewTables,
  imagesTables,
  layerInfo,
  roundSummary,
  traceMlpViews,
} from '../traced-mlp.ts';
import type { EncodedTable, ExperimentContext, ExperimentResult } from '../types.ts';
import type { MlpClassesConfig } from './config.ts';
import { sensitivityProbe } from './sensitivity-probe.ts';
import { layerViewOptions } from '../knn-view.ts';
import { encodeComparisons } from '../../view/fidelity-comparison.ts';

/** Runs one experiment of this kind (loaded by its record in kind.ts when a run needs it). */
export async function run(context: ExperimentContext<MlpClassesConfig>): Promise<ExperimentResult> {
  const { config, seed } = context;
  const { definition, dataset, split, trace, classes, train } = prepareTraceData(config, seed);
  const { dim } = dataset;
  const n = trace.length;
  const labels = gather(dataset.labels, trace);
  const layers = config.hidden.length;
  const nodeIds = Int32Array.from({ length: n }, (_, i) => i);
  // 2-D toy sets: the decision regions over the input plane at every snapshot.
  const regionGrid = dim === 2 ? gridCentres(squareExtent(train.xTrace), REGION_GRID) : undefined;
  const regions: { predicted: Uint8Array; confidence: Uint8Array }[] = [];
  const planned = snapshotSchedule(
    stepsPerEpoch(split.train.length, config.batchSize),
    config,
  ).length;
  // Gradients of every trace sample's loss at every snapshot (image sets: input saliency too).
  const sensitivity = sensitivityProbe({
    xTrace: train.xTrace,
    labels,
    saliency: !!definition.image,
    snapshots: planned,
  });
  const traced = await traceMlpViews(context, {
    inputDim: dim,
    classes,
    trainRows: split.train.length,
    train,
    nodeIds,
    // Layout fidelity against a cold run, UMAP and PCA at the first snapshot after initialisation and the last.
    chainOptions: (l) => ({
      ...layerViewOptions(config, labels, seed, l),
      ...(config.compareLayouts === false ? {} : { compareAt: [1, planned - 1] }),
      ...(config.compareSteps ? { compareSteps: config.compareSteps } : {}),
    }),
    probe: (s: Snapshot) => {
      sensitivity.probe(s.model, s.index);
      if (regionGrid) regions.push(decisionRegions(s.model, regionGrid));
    },
  });
  const { recorder: r, snapshots } = traced;
  const last = snapshots.length - 1;

  const nodeColumns = {
    node: nodeIds,
    kind: new Int8Array(n).fill(NODE_KINDS.indexOf('sample')),
    label: Int8Array.from(labels),
    split: Array.from({ length: n }, () => 'test'),
    source_index: gather(dataset.sourceIndex, trace),
    ...(dim === 2
      ? {
          input_x: Float32Array.from({ length: n }, (_, i) => train.xTrace[2 * i]),
          input_y: Float32Array.from({ length: n }, (_, i) => train.xTrace[2 * i + 1]),
        }
      : {}),
  };
  const tables: EncodedTable[] = [
    { table: 'nodes', bytes: encodeTable(NODES, nodeColumns), rows: n },
    ...encodeViewTables(traced, n, METRICS),
  ];
  if (traced.comparisons.length) {
    const { fidelity, comparison } = encodeComparisons(traced.comparisons, n);
    tables.push({ table: 'fidelity', ...fidelity }, { table: 'comparison', ...comparison });
  }
  if (regionGrid) {
    const extent = squareExtent(train.xTrace);
    const rows = snapshots.length;
    const concat = (field: 'predicted' | 'confidence'): Uint8Array => {
      const out = new Uint8Array(rows * REGION_GRID * REGION_GRID);
      regions.forEach((r, t) => out.set(r[field], t * REGION_GRID * REGION_GRID));
      return out;
    };
    const bound = (v: number): Float32Array => new Float32Array(rows).fill(v);
    tables.push({
      table: 'regions',
      bytes: encodeTable(REGIONS, {
        snapshot: Int16Array.from({ length: rows }, (_, t) => t),
        predicted: concat('predicted'),
        confidence: concat('confidence'),
        x_min: bound(extent.xMin),
        x_max: bound(extent.xMax),
        y_min: bound(extent.yMin),
        y_max: bound(extent.yMax),
      }),
      rows,
    });
  }
  tables.push(...imagesTables(definition, train.xTrace, nodeIds), ...sensitivity.tables());
  const codeRanges = sensitivity.codeRanges;
  const gradients = (snapshot: number) => sensitivity.summaries[snapshot][layers - 1];
  const round = roundSummary;
  const lastLayer = (column: string, snapshot = last): number =>
    round(r.metric(layers - 1, snapshot, column));
  return {
    tables,
    snapshotCount: snapshots.length,
    entry: {
      kind: 'mlp-classes',
      title: `MLP ${[dim, ...config.hidden, classes].join('-')} on ${definition.title}`,
      dataset: datasetEntry(config.dataset, definition, split, n),
      nodes: { sample: n },
      layers: layerInfo(config.hidden, n).map((l, i) => ({
        ...l,
        gradNormLog10: codeRanges[i] ?? [],
      })),
      snapshots,
      summary: {
        finalTestAccuracy: lastLayer('test_accuracy'),
        finalTrainAccuracy: lastLayer('train_accuracy'),
        lastLayerSilhouetteLayoutInitial: lastLayer('silhouette_layout', 0),
        lastLayerSilhouetteLayoutFinal: lastLayer('silhouette_layout'),
        lastLayerSilhouetteActivationFinal: lastLayer('silhouette_activation'),
        lastLayerNeighborhoodHitFinal: lastLayer('neighborhood_hit'),
        lastLayerTrustworthinessFinal: lastLayer('trustworthiness'),
        lastLayerContinuityFinal: lastLayer('continuity'),
        lastLayerGradTop10ShareInitial: round(gradients(0).top10Share),
        lastLayerGradTop10ShareFinal: round(gradients(last).top10Share),
        lastLayerGradSpearmanWrongInitial: round(gradients(0).spearmanWrong),
        lastLayerGradSpearmanWrongFinal: round(gradients(last).spearmanWrong),
      },
    },
  };
}
