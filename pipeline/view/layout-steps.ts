/**
 * The stages of one layout, for the "how the graph is built" figure: the spectral layout of
 * a kNN graph, ForceAtlas2 run cold from it, and the published warm-started layout. Earlier
 * stages are aligned onto the published one so the figure's transitions show only real change.
 */
import { quantiseCoordinate, STEPS, type TableSpec } from '../contract.ts';
import type { SparseGraph } from '../graph/sparse.ts';
import { encodeTable } from '../io/arrow.ts';
import { applyTransform, fitToBox, procrustes } from '../layout/align.ts';
import { createLayoutSequence } from '../layout/sequence.ts';
import { spectralLayout } from '../layout/spectral.ts';
import type { Random } from '../util/random.ts';

export interface LayoutStepsOptions {
  /** Randomness for the spectral start block. */
  random: Random;
  /** ForceAtlas2 iterations of the cold run. @default 300 */
  coldIterations?: number;
}

function alignedTo(positions: Float32Array, target: Float32Array, n: number): Float32Array {
  return fitToBox(applyTransform(positions, n, procrustes(positions, target, n)), n);
}

/** [spectral, ForceAtlas2 from spectral, published] positions of one graph, each n×2 in the box. */
export function layoutSteps(
  graph: SparseGraph,
  published: Float32Array,
  options: LayoutStepsOptions,
): Float32Array[] {
  const { n } = graph;
  const spectral = spectralLayout(graph, { random: options.random }).positions;
  const cold = createLayoutSequence({
    random: options.random,
    coldIterations: options.coldIterations ?? 300,
  }).next(graph).positions;
  return [alignedTo(spectral, published, n), alignedTo(cold, published, n), published];
}

/** Encodes every layer's stages as steps.arrow, sorted by (layer, stage, node). */
export function encodeSteps(
  perLayer: readonly Float32Array[][],
  n: number,
  spec: TableSpec = STEPS,
): { bytes: Uint8Array; rows: number } {
  const rows = perLayer.reduce((sum, stages) => sum + stages.length * n, 0);
  const columns = {
    layer: new Int8Array(rows),
    stage: new Int8Array(rows),
    node: new Int32Array(rows),
    x: new Int16Array(rows),
    y: new Int16Array(rows),
  };
  let r = 0;
  perLayer.forEach((stages, l) => {
    stages.forEach((positions, stage) => {
      for (let i = 0; i < n; i++, r++) {
        columns.layer[r] = l + 1;
        columns.stage[r] = stage;
        columns.node[r] = i;
        columns.x[r] = quantiseCoordinate(positions[2 * i]);
        columns.y[r] = quantiseCoordinate(positions[2 * i + 1]);
      }
    });
  });
  return { bytes: encodeTable(spec, columns), rows };
}
