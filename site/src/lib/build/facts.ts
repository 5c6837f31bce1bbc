/**
 * Numbers the article states that metrics.arrow does not hold as such, computed at build time
 * from the Arrow files (never typed into the text): where the trace set comes from, which
 * classes already group at initialisation, how far the layout moves, when separation
 * plateaus and when the test loss turns.
 */
import { NODES, visibleNodes } from '../../../../pipeline/contract.ts';
import { viewPositions, viewPredicted, viewRegions } from '../data/experiment.ts';
import { loadTable } from '../data/table.ts';
import { formatEpoch, formatPercent, formatScore } from '../format.ts';
import { formatNorm, sensitivityFacts, type SensitivityFacts } from './sensitivity-facts.ts';
import { buildCore, buildLayers, buildRegions, once, readTable, type Result } from './read-data.ts';

/** Layout neighbours per node for the per-class neighbourhood hit, as in metrics.arrow. */
const K = 10;
/** "Plateau": the first snapshot whose layout silhouette reaches this share of its maximum. */
const PLATEAU = 0.95;
/** A class "already groups" at initialisation when its neighbourhood hit is this many times chance. */
const GROUPED = 3;
/** "Stranded": fewer than this share of a node's layout neighbours share its class. */
const STRANDED = 0.3;

/** Every fact as the text the article prints. */
export interface Facts extends SensitivityFacts {
  /** Trace samples, and how many of them come from the held-out test split. */
  traceTotal: string;
  traceTest: string;
  /** Neighbourhood hit of ten randomly placed classes of these sizes: Σ p_c². */
  chanceHit: string;
  /** Classes of the last layer whose own neighbourhood hit at initialisation is ≥ GROUPED × chance, with it: "1 (0.80), 0 (0.62) and 6 (0.55)". */
  groupedAtInit: string;
  /** How many classes that is, in words or digits. */
  groupedCount: string;
  /** The threshold: GROUPED. */
  groupedFactor: string;
  /** kNN preservation@10 of the last layer at the end, and as a count of 10 neighbours. */
  knnPreservation: string;
  knnKept: string;
  /** Continuity@10 of the last layer at the end. */
  continuity: string;
  /** Mean displacement per snapshot (percent of the box width) in the first epoch and over the last five snapshots. */
  moveEarly: string;
  moveLate: string;
  /** Share of all movement of the last layer's dots that happens after the plateau. */
  moveAfterPlateau: string;
  /** Epoch at which the last layer's layout silhouette first reaches 95 % of its maximum. */
  plateauEpoch: string;
  plateauShare: string;
  /** Test accuracy at the plateau and at the end. */
  plateauAccuracy: string;
  finalAccuracy: string;
  /** Lowest test loss, its epoch, and the final test loss; final train accuracy. */
  minLoss: string;
  minLossEpoch: string;
  finalLoss: string;
  finalTrainAccuracy: string;
  lastEpoch: string;
  /** At the end: nodes with fewer than 3 of their 10 layout neighbours in their class, and the share of them the network gets wrong, against the share of all trace samples. */
  strandedCount: string;
  strandedWrong: string;
  /** How many of the stranded digits are drawn with a visible centre (contract `visibleNodes`, 700 px panel). */
  strandedVisible: string;
  allWrong: string;
  /** Training loss after the last epoch. */
  finalTrainLoss: string;
  /** The epochs whose test accuracy is within two standard errors of the peak (the test set's sampling noise, √(p(1−p)/n) at the peak), as a range or list, and that band in points. */
  accuracyPlateau: string;
  peakBand: string;
  /** 2-D toy sets ('n/a' otherwise): at initialisation, the share of the plane's grid predicted as its most common class, and the highest confidence anywhere on it. */
  regionMajorityInit: string;
  regionMaxConfidenceInit: string;
}

const cache = new Map<string, Result<Facts>>();

/** Test accuracies within this many standard errors of the peak are the plateau, not one best epoch. */
const PEAK_BAND_SE = 2;

/** PEAK_BAND_SE standard errors of an accuracy `p` measured on `n` test samples. */
export function peakBand(p: number, n: number): number {
  return n > 0 ? PEAK_BAND_SE * Math.sqrt((p * (1 - p)) / n) : 0;
}

/** The epochs whose accuracy is within `band` of the best: "2–8" when contiguous, else a list. */
export function plateauText(
  accuracy: ArrayLike<number>,
  epochs: ArrayLike<number>,
  band: number,
): string {
  const peak = Math.max(...Array.from(accuracy));
  const at = Array.from(accuracy, (a, s) => (a >= peak - band ? s : -1)).filter((s) => s >= 0);
  const names = at.map((s) => formatEpoch(epochs[s] ?? 0));
  const contiguous = at.every((s, i) => i === 0 || s === (at[i - 1] ?? 0) + 1);
  if (names.length > 2 && contiguous) return `${names[0]}–${names[names.length - 1]}`;
  return listText(names);
}

/** The facts of one experiment (last hidden layer where a layer matters). */
export function buildFacts(name: string): Result<Facts> {
  return once(cache, name, (entry) => {
    const core = buildCore(name);
    const layers = buildLayers(name);
    if (!core.ok) throw new Error(core.error);
    if (!layers.ok) throw new Error(layers.error);
    const { n, L, S, labels, metrics } = core.value;
    const classes = entry.dataset.classes;
    const last = (column: string): Float32Array => metrics.view(column, L - 1);
    const displacement = last('displacement');
    const knn = last('knn_preservation');
    const testLoss = metrics.snapshot('test_loss');
    const epochs = metrics.snapshot('epoch');

    const nodes = loadTable(readTable(entry, name, 'nodes'), NODES, `${name}/${NODES.file}`, {
      entry,
    });
    const split = nodes.getChild('split').toArray() as unknown as ArrayLike<string>;
    let test = 0;
    for (let i = 0; i < split.length; i++) if (split[i] === 'test') test++;

    const counts = new Float64Array(classes.length);
    for (let i = 0; i < n; i++) counts[labels[i] ?? 0]++;
    const chance = counts.reduce((s, c) => s + (c / n) ** 2, 0);
    const views = layers.value[L - 1];
    const perClass = views
      ? classHits(viewPositions(views, 0), labels, classes.length).perClass
      : [];
    const end = views ? classHits(viewPositions(views, S - 1), labels, classes.length).perNode : [];
    const predicted = views ? viewPredicted(views, S - 1) : new Int8Array(n);
    const visible = views ? visibleNodes(viewPositions(views, S - 1), n) : new Uint8Array(n);
    let stranded = 0;
    let strandedWrong = 0;
    let strandedVisible = 0;
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      const miss = predicted[i] !== labels[i];
      if (miss) wrong++;
      if ((end[i] ?? 1) < STRANDED) {
        stranded++;
        if (miss) strandedWrong++;
        strandedVisible += visible[i] ?? 0;
      }
    }
    const grouped = perClass
      .map((hit, c) => ({ name: classes[c] ?? String(c), hit }))
      .filter((g) => g.hit >= GROUPED * chance)
      .sort((a, b) => b.hit - a.hit);

    const silhouette = metrics.view('silhouette_layout', L - 1) ?? new Float32Array(S);
    const peak = Math.max(...silhouette);
    const plateau = Math.max(
      0,
      silhouette.findIndex((v) => v >= PLATEAU * peak),
    );
    let minAt = 0;
    for (let s = 1; s < S; s++) if (testLoss[s] < testLoss[minAt]) minAt = s;
    const firstEpochEnd = epochs.findIndex((e) => e >= 1);
    const mean = (from: number, to: number) => {
      let sum = 0;
      for (let s = from; s < to; s++) sum += displacement[s] ?? 0;
      return to > from ? sum / (to - from) : 0;
    };
    let total = 0;
    let after = 0;
    for (let s = 1; s < S; s++) {
      total += displacement[s] ?? 0;
      if (s > plateau) after += displacement[s] ?? 0;
    }
    const regions = buildRegions(name);
    const atInit =
      regions.ok && regions.value
        ? regionStats(
            viewRegions(regions.value, 0).predicted,
            viewRegions(regions.value, 0).confidence,
          )
        : null;
    const accuracy = metrics.snapshot('test_accuracy');
    const band = peakBand(Math.max(...Array.from(accuracy)), entry.dataset.test);
    // Displacement is in box units; the box is 2 wide.
    const boxShare = (v: number) => formatPercent(v / 2, 1);
    return {
      traceTotal: n.toLocaleString('en'),
      traceTest: test.toLocaleString('en'),
      chanceHit: formatScore(chance),
      groupedAtInit: listText(grouped.map((g) => `${g.name} (${formatScore(g.hit)})`)),
      groupedCount: countText(grouped.length),
      groupedFactor: countText(GROUPED),
      knnPreservation: formatScore(knn[S - 1] ?? NaN),
      knnKept: String(Math.round((knn[S - 1] ?? 0) * K)),
      continuity: formatScore(last('continuity')[S - 1] ?? NaN),
      moveEarly: boxShare(mean(1, firstEpochEnd + 1)),
      moveLate: boxShare(mean(Math.max(1, S - 5), S)),
      moveAfterPlateau: formatPercent(total > 0 ? after / total : 0),
      plateauEpoch: formatEpoch(epochs[plateau] ?? 0),
      plateauShare: formatPercent(PLATEAU),
      plateauAccuracy: formatPercent(metrics.snapshot('test_accuracy')[plateau] ?? NaN, 1),
      finalAccuracy: formatPercent(metrics.snapshot('test_accuracy')[S - 1] ?? NaN, 1),
      minLoss: formatScore(testLoss[minAt] ?? NaN),
      minLossEpoch: formatEpoch(epochs[minAt] ?? 0),
      finalLoss: formatScore(testLoss[S - 1] ?? NaN),
      finalTrainAccuracy: formatPercent(metrics.snapshot('train_accuracy')[S - 1] ?? NaN, 1),
      lastEpoch: formatEpoch(epochs[S - 1] ?? 0),
      strandedCount: stranded.toLocaleString('en'),
      strandedWrong: formatPercent(stranded ? strandedWrong / stranded : NaN),
      strandedVisible: strandedVisible.toLocaleString('en'),
      allWrong: formatPercent(wrong / n),
      finalTrainLoss: formatNorm(metrics.snapshot('train_loss')[S - 1] ?? NaN),
      accuracyPlateau: plateauText(metrics.snapshot('test_accuracy'), epochs, band),
      peakBand: `${(band * 100).toFixed(1)} points`,
      regionMajorityInit: atInit ? formatPercent(atInit.majorityShare) : 'n/a',
      regionMaxConfidenceInit: atInit ? formatPercent(atInit.maxConfidence) : 'n/a',
      ...sensitivityFacts(entry, name, labels, views),
    };
  });
}

/**
 * Neighbourhood hit per node (share of its K nearest layout neighbours in its class) and its
 * mean per class.
 */
export function classHits(
  xy: ArrayLike<number>,
  labels: ArrayLike<number>,
  C: number,
): { perNode: Float64Array; perClass: number[] } {
  const n = labels.length;
  const perNode = new Float64Array(n);
  const hits = new Float64Array(C);
  const sizes = new Float64Array(C);
  const bestD = new Float64Array(K);
  const bestJ = new Int32Array(K);
  for (let i = 0; i < n; i++) {
    bestD.fill(Infinity);
    const xi = xy[2 * i] ?? 0;
    const yi = xy[2 * i + 1] ?? 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = ((xy[2 * j] ?? 0) - xi) ** 2 + ((xy[2 * j + 1] ?? 0) - yi) ** 2;
      if (d >= bestD[K - 1]) continue;
      // Insertion into the sorted list of the K nearest so far.
      let k = K - 1;
      for (; k > 0 && bestD[k - 1] > d; k--) {
        bestD[k] = bestD[k - 1]!;
        bestJ[k] = bestJ[k - 1]!;
      }
      bestD[k] = d;
      bestJ[k] = j;
    }
    const c = labels[i] ?? 0;
    let same = 0;
    for (let k = 0; k < K; k++) if (labels[bestJ[k]] === c) same++;
    perNode[i] = same / K;
    hits[c] = (hits[c] ?? 0) + same / K;
    sizes[c] = (sizes[c] ?? 0) + 1;
  }
  return { perNode, perClass: Array.from(hits, (h, c) => (sizes[c] ? h / sizes[c] : 0)) };
}

/**
 * Of one decision-region grid: the share of cells predicted as the most common class, and the
 * highest confidence (probability of the predicted class, 0 … 1) of any cell.
 */
export function regionStats(
  predicted: ArrayLike<number>,
  confidence: ArrayLike<number>,
): { majorityShare: number; maxConfidence: number } {
  const counts = new Map<number, number>();
  let max = 0;
  for (let i = 0; i < predicted.length; i++) {
    const c = predicted[i] ?? 0;
    counts.set(c, (counts.get(c) ?? 0) + 1);
    max = Math.max(max, confidence[i] ?? 0);
  }
  const top = Math.max(0, ...counts.values());
  return {
    majorityShare: predicted.length ? top / predicted.length : NaN,
    maxConfidence: max / 255,
  };
}

/** "0, 1 and 6". */
function listText(items: string[]): string {
  if (items.length <= 1) return items[0] ?? 'none';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Small counts in words, as prose writes them. */
function countText(n: number): string {
  return (
    ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'][n] ??
    String(n)
  );
}
