/**
 * The numbers the article's sensitivity section states, computed at build time from
 * gradients.arrow, sensitivity-l<L>.arrow, saliency.arrow, images.arrow and the last layer's
 * predictions (never typed into the text). Experiments without a sensitivity probe get 'n/a'.
 */
import type { ExperimentEntry } from '../../../../pipeline/contract.ts';
import { assembleImages, viewPositions, type LayerViews } from '../data/experiment.ts';
import { fileEntry } from '../data/manifest.ts';
import {
  assembleGradients,
  assembleSaliency,
  assembleSensitivity,
  viewGradNorms,
} from '../data/sensitivity.ts';
import { formatEpoch, formatPercent, formatScore } from '../format.ts';
import { readTable } from './read-data.ts';

/** The sensitivity facts, as the article prints them. */
export interface SensitivityFacts {
  /** Last hidden layer: median ‖∂L/∂h‖ at initialisation and at the end. */
  gradMedianInit: string;
  gradMedianFinal: string;
  /** Last hidden layer: 90th percentile at the end. */
  gradQ90Final: string;
  /** Share of the summed norm carried by the top 10 % of digits: last layer at initialisation, at the end, its peak and the peak's epoch; first layer at the end. */
  top10Init: string;
  top10Final: string;
  top10Peak: string;
  top10PeakEpoch: string;
  top10FirstLayerFinal: string;
  /** Last hidden layer: Spearman ρ of the norm with misclassification and with the margin, at initialisation and at the end. */
  rhoWrongInit: string;
  /** Last hidden layer: the highest ρ with misclassification over training and its epoch; the top-10 % share after epoch 1. */
  rhoWrongPeak: string;
  rhoWrongPeakEpoch: string;
  top10Epoch1: string;
  rhoWrongFinal: string;
  rhoMarginInit: string;
  rhoMarginFinal: string;
  /** At the end, last layer: the top 10 % of digits by norm, how many, and the share of them the network gets wrong. */
  topCount: string;
  topWrong: string;
  /** At the end: the digits the network gets wrong, and the share of them among the top 10 % by norm. */
  wrongCount: string;
  wrongInTop: string;
  /** The largest Spearman ρ a norm can have with misclassification at the end, √(3p(1 − p)) for a wrong rate p (reached when every wrong digit outranks every right one). */
  rhoWrongBound: string;
  /** At the end, last layer's layout: mean distance from a digit to its class's centre, in units of the class's RMS radius, for the top 10 % by norm and for the rest. */
  topRadius: string;
  restRadius: string;
  /** Mean share of each digit's saliency mass (Σ|∂L/∂x|) on its ink (pixels > 0), and the share of the image that is ink. */
  saliencyOnInk: string;
  inkShare: string;
  /** Epoch of the saliency images (the last snapshot). */
  saliencyEpoch: string;
  /** At the end, last layer: the share of the traced (held-out) digits whose norm is below TINY_NORM, and that bound. */
  tinyShare: string;
  tinyBound: string;
}

/** A gradient norm this small means the digit's loss is saturated: the network ignores it. */
export const TINY_NORM = 1e-6;

const KEYS: readonly (keyof SensitivityFacts)[] = [
  'tinyShare',
  'tinyBound',
  'gradMedianInit',
  'gradMedianFinal',
  'topRadius',
  'restRadius',
  'gradQ90Final',
  'top10Init',
  'top10Final',
  'top10Peak',
  'top10PeakEpoch',
  'top10FirstLayerFinal',
  'rhoWrongInit',
  'rhoWrongPeak',
  'rhoWrongPeakEpoch',
  'top10Epoch1',
  'rhoWrongFinal',
  'rhoMarginInit',
  'rhoMarginFinal',
  'topCount',
  'topWrong',
  'wrongCount',
  'wrongInTop',
  'rhoWrongBound',
  'saliencyOnInk',
  'inkShare',
  'saliencyEpoch',
];

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A norm as printed: three significant digits, as m × 10⁻ᵏ below 0.001. */
export function formatNorm(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (v === 0 || Math.abs(v) >= 1e-3) return v.toPrecision(3);
  const [mantissa = '', exponent = '0'] = v.toExponential(2).split('e');
  const digits = [...String(Math.abs(Number(exponent)))].map((d) => SUPERSCRIPT[Number(d)]);
  return `${mantissa} × 10${Number(exponent) < 0 ? '⁻' : ''}${digits.join('')}`;
}
const norm = formatNorm;

/** The sensitivity facts of one experiment; `views` are its last layer's layouts (for predictions). */
export function sensitivityFacts(
  entry: ExperimentEntry,
  name: string,
  labels: Int8Array,
  views: LayerViews | undefined,
): SensitivityFacts {
  const na = Object.fromEntries(KEYS.map((k) => [k, 'n/a'])) as unknown as SensitivityFacts;
  const lastLayer = entry.layers[entry.layers.length - 1];
  if (!fileEntry(entry, 'gradients') || !lastLayer) return na;
  const L = entry.layers.length;
  const S = entry.snapshots.length;
  const g = assembleGradients(name, entry, readTable(entry, name, 'gradients'));
  const share = g.column('top10_share', L - 1);
  const argmax = (values: Float32Array): number => {
    let at = 0;
    for (let s = 1; s < values.length; s++) if ((values[s] ?? 0) > (values[at] ?? 0)) at = s;
    return at;
  };
  const peak = argmax(share);
  const rhoWrong = g.column('spearman_wrong', L - 1);
  const rhoPeak = argmax(rhoWrong);
  const epoch1 = entry.snapshots.findIndex((s) => s.epoch >= 1);
  const out: SensitivityFacts = {
    ...na,
    gradMedianInit: norm(g.column('grad_median', L - 1)[0] ?? NaN),
    gradMedianFinal: norm(g.column('grad_median', L - 1)[S - 1] ?? NaN),
    gradQ90Final: norm(g.column('grad_q90', L - 1)[S - 1] ?? NaN),
    top10Init: formatPercent(share[0] ?? NaN),
    top10Final: formatPercent(share[S - 1] ?? NaN),
    top10Peak: formatPercent(share[peak] ?? NaN),
    top10PeakEpoch: formatEpoch(entry.snapshots[peak]?.epoch ?? 0),
    top10FirstLayerFinal: formatPercent(g.column('top10_share', 0)[S - 1] ?? NaN),
    rhoWrongInit: formatScore(rhoWrong[0] ?? NaN),
    rhoWrongPeak: formatScore(rhoWrong[rhoPeak] ?? NaN),
    rhoWrongPeakEpoch: formatEpoch(entry.snapshots[rhoPeak]?.epoch ?? 0),
    top10Epoch1: formatPercent(share[epoch1] ?? NaN),
    rhoWrongFinal: formatScore(g.column('spearman_wrong', L - 1)[S - 1] ?? NaN),
    rhoMarginInit: formatScore(g.column('spearman_margin', L - 1)[0] ?? NaN),
    rhoMarginFinal: formatScore(g.column('spearman_margin', L - 1)[S - 1] ?? NaN),
  };
  if (views) {
    const sens = assembleSensitivity(
      name,
      entry,
      lastLayer.index,
      readTable(entry, name, 'sensitivity', lastLayer.index),
    );
    const norms = viewGradNorms(sens, S - 1);
    out.tinyShare = formatPercent(norms.filter((v) => v < TINY_NORM).length / norms.length);
    out.tinyBound = norm(TINY_NORM);
    const predicted = views.predicted.subarray((S - 1) * views.n, S * views.n);
    const order = Array.from(norms.keys()).sort((a, b) => (norms[b] ?? 0) - (norms[a] ?? 0));
    const top = order.slice(0, Math.ceil(order.length / 10));
    const isWrong = (i: number): boolean => predicted[i] !== labels[views.nodeIds[i] ?? i];
    const wrong = top.filter(isWrong).length;
    const allWrong = order.filter(isWrong).length;
    const p = allWrong / order.length;
    out.topCount = top.length.toLocaleString('en');
    out.topWrong = formatPercent(wrong / top.length);
    out.wrongCount = allWrong.toLocaleString('en');
    out.wrongInTop = formatPercent(allWrong ? wrong / allWrong : NaN);
    out.rhoWrongBound = formatScore(Math.sqrt(3 * p * (1 - p)));
    const radius = classRadii(
      viewPositions(views, S - 1),
      (i) => labels[views.nodeIds[i] ?? i] ?? 0,
    );
    const inTop = new Uint8Array(order.length);
    for (const i of top) inTop[i] = 1;
    const meanOf = (pick: 0 | 1): number => {
      let sum = 0;
      let count = 0;
      for (let i = 0; i < radius.length; i++)
        if (inTop[i] === pick) {
          sum += radius[i] ?? 0;
          count++;
        }
      return count ? sum / count : NaN;
    };
    out.topRadius = formatScore(meanOf(1), 2);
    out.restRadius = formatScore(meanOf(0), 2);
  }
  if (fileEntry(entry, 'saliency') && fileEntry(entry, 'images')) {
    const saliency = assembleSaliency(name, entry, readTable(entry, name, 'saliency'));
    const images = assembleImages(name, entry, readTable(entry, name, 'images')).pixels;
    const stride = 784;
    const rows = saliency.scale.length;
    let onInk = 0;
    let ink = 0;
    for (let r = 0; r < rows; r++) {
      let total = 0;
      let inside = 0;
      for (let p = r * stride; p < (r + 1) * stride; p++) {
        const v = saliency.pixels[p] ?? 0;
        total += v;
        if ((images[p] ?? 0) > 0) {
          inside += v;
          ink++;
        }
      }
      onInk += total > 0 ? inside / total : 0;
    }
    out.saliencyOnInk = formatPercent(onInk / rows);
    out.inkShare = formatPercent(ink / (rows * stride));
    out.saliencyEpoch = formatEpoch(entry.snapshots[saliency.snapshot]?.epoch ?? 0);
  }
  return out;
}

/** Each node's distance to its class's centroid over the class's RMS radius (row-major n×2 positions). */
function classRadii(xy: Float32Array, classOf: (i: number) => number): Float64Array {
  const n = xy.length / 2;
  const sums = new Map<number, { x: number; y: number; ss: number; count: number }>();
  for (let i = 0; i < n; i++) {
    const c = sums.get(classOf(i)) ?? { x: 0, y: 0, ss: 0, count: 0 };
    c.x += xy[2 * i] ?? 0;
    c.y += xy[2 * i + 1] ?? 0;
    c.count++;
    sums.set(classOf(i), c);
  }
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = sums.get(classOf(i))!;
    d[i] = Math.hypot((xy[2 * i] ?? 0) - c.x / c.count, (xy[2 * i + 1] ?? 0) - c.y / c.count);
    c.ss += d[i] ** 2;
  }
  for (let i = 0; i < n; i++) {
    const c = sums.get(classOf(i))!;
    d[i] /= Math.sqrt(c.ss / c.count) || 1;
  }
  return d;
}
