/**
 * The imported kind: a user's own network, trained anywhere. Its per-snapshot activations
 * (read-folder.ts) go through the same view feed as the kinds trained here: kNN graph, layout,
 * metrics, display edges, PCA view and the fidelity comparison. Only what the folder gives is
 * written: no predictions (predicted = -1), snapshot metrics only from metrics.json.
 */
import { basename } from 'node:path';
import { IMPORTED_IMAGES, IMPORTED_METRICS, NODE_KINDS, NODES } from '../../contract.ts';
import { encodeTable } from '../../io/arrow.ts';
import { createViewFeed } from '../../view/feed.ts';
import { encodeComparisons } from '../../view/fidelity-comparison.ts';
import { layerViewOptions } from '../knn-view.ts';
import { encodeViewTables, roundSummary } from '../traced-mlp.ts';
import type { EncodedTable, ExperimentContext, ExperimentResult } from '../types.ts';
import { importedFolder, type ImportedConfig } from './config.ts';

/** Runs one experiment of this kind (loaded by its record in kind.ts when a run needs it). */
export async function run(context: ExperimentContext<ImportedConfig>): Promise<ExperimentResult> {
  const { config, seed, views, onProgress } = context;
  const folder = importedFolder(config.source);
  if (folder.inputHash !== config.inputHash)
    throw new Error(`imported: ${config.source} changed after it was validated; import it again`);
  const { samples: n, snapshots: S, labels, layers } = folder;
  const nodeIds = Int32Array.from({ length: n }, (_, i) => i);
  const compareAt = [...new Set([Math.min(1, S - 1), S - 1])];
  const feed = createViewFeed(
    views,
    layers.map((_, l) => ({
      index: l + 1,
      nodeIds,
      options: {
        ...layerViewOptions(config, labels, seed, l),
        ...(config.compareLayouts === false ? {} : { compareAt }),
        ...(config.compareSteps ? { compareSteps: config.compareSteps } : {}),
      },
    })),
    S,
  );
  const values = Array.from({ length: S }, (_, t) => ({
    epoch: folder.epochs[t],
    ...Object.fromEntries(Object.entries(folder.metrics).map(([k, v]) => [k, v[t]])),
  }));
  let done = 0;
  for (let t = 0; t < S; t++)
    layers.forEach((layer, l) => {
      const size = n * layer.width;
      const points = layer.values.slice(t * size, (t + 1) * size);
      feed.add(l, t, { points, dim: layer.width, values: values[t] ?? {} }, () =>
        onProgress(
          ++done / (S * layers.length + 1),
          `snapshot ${t + 1}/${S} · layer ${layer.name}`,
        ),
      );
    });
  await feed.done();
  const steps = await feed.steps();
  onProgress(1, 'layout stages done');
  const snapshots = Array.from({ length: S }, (_, t) => ({
    index: t,
    epoch: folder.epochs[t],
    step: 0,
  }));
  const r = feed.recorder;
  const traced = { snapshots, recorder: r, values, steps, comparisons: feed.comparisons };
  const tables: EncodedTable[] = [
    {
      table: 'nodes',
      bytes: encodeTable(NODES, {
        node: nodeIds,
        kind: new Int8Array(n).fill(NODE_KINDS.indexOf('sample')),
        label: labels,
        split: Array.from({ length: n }, () => 'test'),
        source_index: nodeIds,
      }),
      rows: n,
    },
    ...encodeViewTables(traced, n, IMPORTED_METRICS),
  ];
  const { images } = folder;
  if (images) {
    const { height, width, channels } = images.shape;
    tables.push({
      table: 'images',
      bytes: encodeTable(IMPORTED_IMAGES, {
        node: nodeIds,
        pixels: { stride: height * width * channels, values: images.pixels },
      }),
      rows: n,
    });
  }
  if (feed.comparisons.length) {
    const { fidelity, comparison } = encodeComparisons(feed.comparisons, n);
    tables.push({ table: 'fidelity', ...fidelity }, { table: 'comparison', ...comparison });
  }
  const last = S - 1;
  const perLayer = Object.fromEntries(
    layers.flatMap((_, l) => [
      [`trustworthinessL${l + 1}`, roundSummary(r.metric(l, last, 'trustworthiness'))],
      [`neighborhoodHitL${l + 1}`, roundSummary(r.metric(l, last, 'neighborhood_hit'))],
    ]),
  );
  const name = basename(config.source);
  return {
    tables,
    snapshotCount: S,
    entry: {
      kind: 'imported',
      title: `Imported: ${name} (${layers.length} layer${layers.length === 1 ? '' : 's'}, ${n} samples)`,
      dataset: { name, classes: [...folder.classes], train: 0, test: 0, trace: n },
      nodes: { sample: n },
      layers: layers.map((layer, l) => ({
        index: l + 1,
        name: layer.name,
        width: layer.width,
        nodes: n,
      })),
      ...(images ? { images: images.shape } : {}),
      snapshots,
      summary: { traceSamples: n, ...perLayer },
    },
  };
}
