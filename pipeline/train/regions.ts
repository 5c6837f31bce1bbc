/**
 * Decision regions of a classifier on a 2-D input plane (as TF Playground shades it): the
 * predicted class and its softmax probability at the centre of every cell of a square grid.
 */
import type * as Tf from '@tensorflow/tfjs';
import { tf } from './tfjs.ts';

/** The square the grid covers, input units. */
export interface GridExtent {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The square centred on the points' bounding box whose side is the box's longer side (how the site frames the input panel). */
export function squareExtent(xy: Float32Array): GridExtent {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < xy.length; i += 2) {
    x0 = Math.min(x0, xy[i]);
    x1 = Math.max(x1, xy[i]);
    y0 = Math.min(y0, xy[i + 1]);
    y1 = Math.max(y1, xy[i + 1]);
  }
  const half = Math.max(x1 - x0, y1 - y0, 1e-9) / 2;
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

/** Row-major grid × grid cell centres (x, y), row 0 at the top. */
export function gridCentres(extent: GridExtent, grid: number): Float32Array {
  const out = new Float32Array(grid * grid * 2);
  for (let r = 0; r < grid; r++) {
    for (let c = 0; c < grid; c++) {
      out[2 * (r * grid + c)] = extent.xMin + ((c + 0.5) * (extent.xMax - extent.xMin)) / grid;
      out[2 * (r * grid + c) + 1] = extent.yMax - ((r + 0.5) * (extent.yMax - extent.yMin)) / grid;
    }
  }
  return out;
}

/** Predicted class and its probability × 255 at every cell centre (`centres` from gridCentres). */
export function decisionRegions(
  model: Tf.LayersModel,
  centres: Float32Array,
): { predicted: Uint8Array; confidence: Uint8Array } {
  const cells = centres.length / 2;
  const [classes, probabilities] = tf.tidy((): Tf.Tensor[] => {
    const outputs = model.apply(tf.tensor2d(centres, [cells, 2]), { training: false });
    const logits = (Array.isArray(outputs) ? outputs[outputs.length - 1] : outputs) as Tf.Tensor2D;
    const p = tf.softmax(logits);
    return [tf.argMax(p, 1), tf.max(p, 1)];
  }) as [Tf.Tensor, Tf.Tensor];
  const predicted = Uint8Array.from(classes.dataSync());
  const confidence = Uint8Array.from(probabilities.dataSync() as Float32Array, (p) =>
    Math.round(p * 255),
  );
  tf.dispose([classes, probabilities]);
  return { predicted, confidence };
}
