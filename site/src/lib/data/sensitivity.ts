/**
 * The sensitivity probe's tables as the figures draw them: per-layer gradient norms
 * (sensitivity-l<k>.arrow), their per-(layer, snapshot) summaries (gradients.arrow) and the
 * input saliency images (saliency.arrow). Pure functions of bytes, like experiment.ts.
 */
import {
  GRADIENTS,
  SALIENCY,
  SALIENCY_LEVELS,
  SENSITIVITY,
  codeRangeOf,
  decodeGradNorm,
  tableFileName,
  type ColumnSpec,
  type ExperimentEntry,
} from '../../../../pipeline/contract.ts';
import { layerNodes } from './experiment.ts';
import { loadTable, numbers, shapedBytes } from './table.ts';

/** Every snapshot's gradient norms of one layer's view nodes. */
export interface LayerSensitivity {
  layer: number;
  n: number;
  /** ‖∂L_i/∂h_i‖ of every (snapshot, node) row, in file order, decoded from its uint8 log code. */
  gradNorm: Float32Array;
  /** Per snapshot, the log10 range its codes are on (manifest layers[].gradNormLog10). */
  ranges: readonly (readonly [number, number])[];
}

const GRAD_CODE = SENSITIVITY.columns.find((c) => c.name === 'grad_code') as ColumnSpec;

/** Builds one layer's sensitivity from sensitivity-l<layer>.arrow bytes, decoding the gradient-norm codes. */
export function assembleSensitivity(
  name: string,
  entry: ExperimentEntry,
  layer: number,
  bytes: Uint8Array,
): LayerSensitivity {
  const context = { entry, split: layer };
  const table = loadTable(
    bytes,
    SENSITIVITY,
    `${name}/${tableFileName(SENSITIVITY, layer)}`,
    context,
  );
  // loadTable has checked that the manifest gives one range per snapshot.
  const ranges = codeRangeOf(context, GRAD_CODE) ?? [];
  const n = layerNodes(entry, layer);
  const codes = numbers<Uint8Array>(table, 'grad_code');
  const gradNorm = new Float32Array(codes.length);
  ranges.forEach((range, s) => {
    // 256 possible codes per snapshot: decode each once.
    const lookup = Float32Array.from({ length: 256 }, (_, code) => decodeGradNorm(code, range));
    for (let i = s * n; i < (s + 1) * n; i++) gradNorm[i] = lookup[codes[i] ?? 0] ?? 0;
  });
  return { layer, n, gradNorm, ranges };
}

/** The gradient norms of one snapshot (zero-copy). */
export function viewGradNorms(s: LayerSensitivity, snapshot: number): Float32Array {
  return s.gradNorm.subarray(snapshot * s.n, (snapshot + 1) * s.n);
}

/** Per-(layer, snapshot) summaries by gradients.arrow column name. */
export interface GradientSummaries {
  /** Column `name` of the layer at `layerPos`, one value per snapshot. */
  column(name: string, layerPos: number): Float32Array;
}

/** Builds the summaries from gradients.arrow bytes. */
export function assembleGradients(
  name: string,
  entry: ExperimentEntry,
  bytes: Uint8Array,
): GradientSummaries {
  const table = loadTable(bytes, GRADIENTS, `${name}/${GRADIENTS.file}`, { entry });
  const S = entry.snapshots.length;
  return {
    column: (c, layerPos) =>
      numbers<Float32Array>(table, c).subarray(layerPos * S, (layerPos + 1) * S),
  };
}

/** Saliency images of every sample as 0 … 255 alpha bytes (samples × 784), and the snapshot they belong to. */
export interface Saliency {
  snapshot: number;
  pixels: Uint8Array;
  scale: Float32Array;
}

/** Builds the saliency images from saliency.arrow bytes, stretched from SALIENCY_LEVELS to 0 … 255. */
export function assembleSaliency(
  name: string,
  entry: ExperimentEntry,
  bytes: Uint8Array,
): Saliency {
  const table = loadTable(bytes, SALIENCY, `${name}/${SALIENCY.file}`, { entry });
  const levels = shapedBytes(table, 'pixels');
  return {
    snapshot: numbers<Int16Array>(table, 'snapshot')[0] ?? 0,
    pixels: levels.map((v) => Math.round((v / SALIENCY_LEVELS) * 255)),
    scale: numbers<Float32Array>(table, 'scale'),
  };
}
