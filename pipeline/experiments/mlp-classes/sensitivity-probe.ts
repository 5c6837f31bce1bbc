/**
 * The sensitivity probe of an mlp-classes run: at every snapshot, on the model as it is,
 * each trace sample's gradient norm ‖∂L_i/∂h_i‖ and gradient × activation per hidden layer,
 * the per-layer summaries, and (image datasets) the input saliency |∂L_i/∂x_i| at the last
 * snapshot. No retraining: it runs in the snapshot hook.
 */
import type * as Tf from '@tensorflow/tfjs';
import {
  ATTRIBUTIONS,
  GRADIENTS,
  SALIENCY,
  SALIENCY_LEVELS,
  SENSITIVITY,
  encodeGradNorm,
  gradNormRange,
  type ColumnSpec,
} from '../../contract.ts';
import { encodeTable } from '../../io/arrow.ts';
import { gradientSummary, type GradientSummary } from '../../metrics/gradient-summary.ts';
import { gradientNorms, type Sensitivity } from '../../train/sensitivity.ts';
import type { EncodedTable } from '../types.ts';

/** Options of {@link sensitivityProbe}. */
export interface SensitivityProbeOptions {
  /** Trace inputs, rows × inputDim, and their labels. */
  xTrace: Float32Array;
  labels: Uint8Array;
  /** Store input saliency images (image datasets). */
  saliency: boolean;
  /** Snapshots the run takes: the last one's ∂L/∂x is the saliency (earlier ones skip ∂L/∂x). */
  snapshots: number;
}

/** Per-image uint8 saliency: |g| / max|g| × SALIENCY_LEVELS, and the max. */
export function quantiseSaliency(
  gradients: Float32Array,
  pixels: number,
): { pixels: Uint8Array; scale: Float32Array } {
  const rows = gradients.length / pixels;
  const out = new Uint8Array(gradients.length);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let p = r * pixels; p < (r + 1) * pixels; p++) max = Math.max(max, Math.abs(gradients[p]));
    scale[r] = max;
    if (max > 0)
      for (let p = r * pixels; p < (r + 1) * pixels; p++)
        out[p] = Math.round((Math.abs(gradients[p]) / max) * SALIENCY_LEVELS);
  }
  return { pixels: out, scale };
}

/** What the probe has measured, and its time. */
export interface SensitivityProbe {
  /** Runs at snapshot `index` on `model`. */
  probe(model: Tf.LayersModel, index: number): void;
  /** The summaries, per snapshot then layer. */
  readonly summaries: GradientSummary[][];
  /** Milliseconds spent in the probe, per snapshot. */
  readonly times: number[];
  /** sensitivity-l<k>, attributions-l<k>, gradients and (image datasets) saliency tables. */
  tables(): EncodedTable[];
  /** Per hidden layer, per snapshot, the log10 range its `grad_code` is coded on (the manifest's layers[].gradNormLog10); set by `tables`. */
  readonly codeRanges: [number, number][][];
}

/**
 * One layer's gradient norms (every snapshot, `n` rows each) as uint8 log codes, each snapshot
 * coded on its own range (returned, one per snapshot).
 */
export function encodeGradNorms(
  norms: Float32Array,
  n: number,
): { codes: Uint8Array; ranges: [number, number][] } {
  if (!(n > 0) || norms.length % n !== 0)
    throw new Error(`sensitivity: ${norms.length} gradient norms are not whole snapshots of ${n}`);
  const codes = new Uint8Array(norms.length);
  const ranges: [number, number][] = [];
  for (let start = 0; start < norms.length; start += n) {
    const slice = norms.subarray(start, start + n);
    const range = gradNormRange(slice);
    ranges.push(range);
    for (let i = 0; i < n; i++) codes[start + i] = encodeGradNorm(slice[i] ?? 0, range);
  }
  return { codes, ranges };
}

/** A probe for one run; call `probe` at every snapshot in order, then `tables`. */
export function sensitivityProbe(o: SensitivityProbeOptions): SensitivityProbe {
  const n = o.labels.length;
  const inputDim = o.xTrace.length / n;
  const results: Sensitivity[] = [];
  const summaries: GradientSummary[][] = [];
  const times: number[] = [];
  const codeRanges: [number, number][][] = [];
  let saliency: Sensitivity['inputGradients'] = null;
  return {
    summaries,
    times,
    codeRanges,
    probe(model, index) {
      if (index !== results.length)
        throw new Error(`sensitivity: snapshot ${index} probed out of order`);
      const start = performance.now();
      const last = index === o.snapshots - 1;
      const result = gradientNorms(model, o.xTrace, o.labels, {
        inputGradients: o.saliency && last,
      });
      if (last) saliency = result.inputGradients;
      results.push({ ...result, inputGradients: null });
      summaries.push(result.norms.map((norms) => gradientSummary(norms, result.margins)));
      times.push(performance.now() - start);
    },
    tables() {
      const S = results.length;
      const L = results[0]?.norms.length ?? 0;
      const tables: EncodedTable[] = [];
      codeRanges.length = 0;
      for (let l = 0; l < L; l++) {
        const rows = S * n;
        const gradNorm = new Float32Array(rows);
        const attribution = new Float32Array(rows);
        results.forEach((r, s) => {
          gradNorm.set(r.norms[l], s * n);
          attribution.set(r.attributions[l], s * n);
        });
        const coded = encodeGradNorms(gradNorm, n);
        codeRanges.push(coded.ranges);
        const keys = {
          layer: new Int8Array(rows).fill(l + 1),
          snapshot: Int16Array.from({ length: rows }, (_, i) => Math.floor(i / n)),
          node: Int32Array.from({ length: rows }, (_, i) => i % n),
        };
        tables.push(
          {
            table: 'sensitivity',
            split: l + 1,
            rows,
            bytes: encodeTable(SENSITIVITY, { ...keys, grad_code: coded.codes }),
          },
          {
            table: 'attributions',
            split: l + 1,
            rows,
            bytes: encodeTable(ATTRIBUTIONS, { ...keys, attribution }),
          },
        );
      }
      const summaryColumn = (pick: (g: GradientSummary) => number): Float32Array =>
        Float32Array.from({ length: L * S }, (_, i) => pick(summaries[i % S][Math.floor(i / S)]));
      const columns: Record<string, Int8Array | Int16Array | Float32Array> = {
        layer: Int8Array.from({ length: L * S }, (_, i) => Math.floor(i / S) + 1),
        snapshot: Int16Array.from({ length: L * S }, (_, i) => i % S),
        grad_q10: summaryColumn((g) => g.quantiles[0]),
        grad_median: summaryColumn((g) => g.quantiles[1]),
        grad_q90: summaryColumn((g) => g.quantiles[2]),
        top10_share: summaryColumn((g) => g.top10Share),
        spearman_wrong: summaryColumn((g) => g.spearmanWrong),
        spearman_margin: summaryColumn((g) => g.spearmanMargin),
      };
      tables.push({ table: 'gradients', rows: L * S, bytes: encodeTable(GRADIENTS, columns) });
      if (saliency) {
        const shape = SALIENCY.columns.find((c: ColumnSpec) => c.name === 'pixels')?.shape;
        const pixels = (shape?.[0] ?? 0) * (shape?.[1] ?? 0);
        if (pixels !== inputDim)
          throw new Error(
            `sensitivity: saliency images are ${pixels} pixels, inputs have ${inputDim}`,
          );
        const q = quantiseSaliency(saliency, inputDim);
        tables.push({
          table: 'saliency',
          rows: n,
          bytes: encodeTable(SALIENCY, {
            snapshot: new Int16Array(n).fill(S - 1),
            node: Int32Array.from({ length: n }, (_, i) => i),
            pixels: q.pixels,
            scale: q.scale,
          }),
        });
      }
      return tables;
    },
  };
}
