/**
 * Figure 6's drawing, computed in the browser from data/ as it is: the traced digits where
 * Figure 1 draws them (the same digits in mlp-classes, matched by split, class and source
 * index), and every hidden unit placed among the digits it fires for. The unit's links are the
 * snapshot's display edges (its strongest, and the digits whose strongest units include it);
 * of those, the digits of its dominant class (the class it fires for most on average), or all
 * of them when none is of that class. The unit goes where those digits are densest (the linked
 * digit with the most linked weight around it), a small step off that digit so units on one
 * digit do not cover each other. Dead units, and units without a link, sit in a row under the
 * drawing.
 */
import {
  unitRow,
  viewEdges,
  viewPositions,
  type Edges,
  type LayerViews,
  type Units,
  type ViewEdgeList,
} from './data/experiment.ts';

/** Kernel width of "densest", box units (the box is [-1, 1]²). */
const BANDWIDTH = 0.3;
/** Distance of a unit from the digit it is placed at, box units. */
const OFFSET = 0.015;
/** y of the row of dead units, under the drawing. */
export const DEAD_ROW_Y = -1.04;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** For each node of `from` (by index), its index in `to` with the same source key, or −1. */
export function matchNodes(from: readonly string[], to: readonly string[]): Int32Array {
  const at = new Map<string, number>();
  to.forEach((key, i) => key && at.set(key, i));
  return Int32Array.from(from, (key) => (key ? (at.get(key) ?? -1) : -1));
}

export interface UnitPlacementInput {
  /** Interleaved x, y of every digit of the view (view index < samples), as Figure 1 draws it. */
  digits: Float32Array;
  /** Class of every digit (view index). */
  labels: ArrayLike<number>;
  /** View indices of the units and, per unit, its dominant class (−1 dead) and dead flag. */
  units: readonly number[];
  dominant: ArrayLike<number>;
  dead: ArrayLike<number>;
  /** The snapshot's display edges by view index, weighted by activation. */
  edges: ViewEdgeList;
}

/** Positions of every node of the view (digits as given, units placed as in the header). */
export function placeUnits(p: UnitPlacementInput): Float32Array {
  const samples = p.digits.length / 2;
  const n = samples + p.units.length;
  const xy = new Float32Array(2 * n);
  xy.set(p.digits);
  const links = new Map<number, { digit: number; w: number }[]>();
  const w = p.edges.weight;
  for (let e = 0; e < p.edges.source.length; e++) {
    const [a, b] = [p.edges.source[e] ?? -1, p.edges.target[e] ?? -1];
    const [digit, unit] = a < samples ? [a, b] : [b, a];
    if (digit < 0 || digit >= samples || unit < samples) continue;
    let list = links.get(unit);
    if (!list) links.set(unit, (list = []));
    list.push({ digit, w: w?.[e] ?? 1 });
  }
  const stranded: number[] = [];
  p.units.forEach((unit, k) => {
    const all = links.get(unit) ?? [];
    const own = all.filter((l) => p.labels[l.digit] === p.dominant[k]);
    const linked = own.length > 0 ? own : all;
    if (p.dead[k] === 1 || linked.length === 0) {
      stranded.push(unit);
      return;
    }
    let best = linked[0]?.digit ?? 0;
    let bestScore = -Infinity;
    for (const a of linked) {
      let score = 0;
      for (const b of linked) {
        const dx = (p.digits[2 * a.digit] ?? 0) - (p.digits[2 * b.digit] ?? 0);
        const dy = (p.digits[2 * a.digit + 1] ?? 0) - (p.digits[2 * b.digit + 1] ?? 0);
        score += b.w * Math.exp(-(dx * dx + dy * dy) / (2 * BANDWIDTH * BANDWIDTH));
      }
      if (score > bestScore) [best, bestScore] = [a.digit, score];
    }
    const angle = unit * GOLDEN_ANGLE;
    xy[2 * unit] = (p.digits[2 * best] ?? 0) + OFFSET * Math.cos(angle);
    xy[2 * unit + 1] = (p.digits[2 * best + 1] ?? 0) + OFFSET * Math.sin(angle);
  });
  stranded.forEach((unit, k) => {
    xy[2 * unit] = stranded.length > 1 ? -0.95 + (1.9 * k) / (stranded.length - 1) : 0;
    xy[2 * unit + 1] = DEAD_ROW_Y;
  });
  return xy;
}

/**
 * Share of the units with selectivity ≥ `threshold` drawn where most (more than half) of their
 * `k` nearest drawn digits are of the unit's dominant class: the figure's reading test.
 */
export function unitsAmongTheirClass(
  xy: ArrayLike<number>,
  samples: number,
  labels: ArrayLike<number>,
  units: readonly number[],
  dominant: ArrayLike<number>,
  selectivity: ArrayLike<number>,
  threshold = 0.5,
  k = 10,
): { selective: number; share: number } {
  let selective = 0;
  let among = 0;
  const d = new Float64Array(samples);
  const order = Array.from({ length: samples }, (_, i) => i);
  units.forEach((unit, u) => {
    if ((selectivity[u] ?? 0) < threshold || (dominant[u] ?? -1) < 0) return;
    selective++;
    const [x, y] = [xy[2 * unit] ?? 0, xy[2 * unit + 1] ?? 0];
    for (let i = 0; i < samples; i++)
      d[i] = ((xy[2 * i] ?? 0) - x) ** 2 + ((xy[2 * i + 1] ?? 0) - y) ** 2;
    order.sort((a, b) => (d[a] ?? 0) - (d[b] ?? 0));
    let same = 0;
    for (let j = 0; j < k; j++) if (labels[order[j] ?? 0] === dominant[u]) same++;
    if (same > k / 2) among++;
  });
  return { selective, share: selective ? among / selective : 1 };
}

/** One (layer, snapshot) of Figure 6: every node's position, and the shown units' state. */
export interface BipartiteDrawing {
  xy: Float32Array;
  samples: number;
  /** View indices of the units, and per unit its dominant class, dead flag and selectivity. */
  units: number[];
  dominant: Int8Array;
  dead: Int8Array;
  selectivity: Float32Array;
}

/**
 * Figure 6 at one snapshot: `nodeIds` the bipartite view's node ids (samples first), `toFigure1`
 * each bipartite node's index in Figure 1's nodes, `figure1` Figure 1's positions of the same
 * layer and snapshot, `unitRow` the row of a unit node in units.arrow at this snapshot.
 */
export function drawBipartite(input: {
  nodeIds: Int32Array;
  kinds: ArrayLike<number>;
  labels: ArrayLike<number>;
  toFigure1: Int32Array;
  figure1: ArrayLike<number>;
  edges: ViewEdgeList;
  unitRow: (node: number) => number;
  dominant: ArrayLike<number>;
  dead: ArrayLike<number>;
  selectivity: ArrayLike<number>;
}): BipartiteDrawing {
  const ids = input.nodeIds;
  let samples = 0;
  while (samples < ids.length && input.kinds[ids[samples] ?? 0] === 0) samples++;
  const digits = new Float32Array(2 * samples);
  const labels = new Int8Array(samples);
  for (let i = 0; i < samples; i++) {
    const id = ids[i] ?? 0;
    const at = input.toFigure1[id] ?? -1;
    digits[2 * i] = at >= 0 ? (input.figure1[2 * at] ?? 0) : 0;
    digits[2 * i + 1] = at >= 0 ? (input.figure1[2 * at + 1] ?? 0) : DEAD_ROW_Y;
    labels[i] = input.labels[id] ?? 0;
  }
  const units = Array.from({ length: ids.length - samples }, (_, k) => samples + k);
  const rows = units.map((i) => input.unitRow(ids[i] ?? 0));
  const dominant = Int8Array.from(rows, (r) => input.dominant[r] ?? -1);
  const dead = Int8Array.from(rows, (r) => input.dead[r] ?? 1);
  const selectivity = Float32Array.from(rows, (r) => input.selectivity[r] ?? 0);
  const xy = placeUnits({ digits, labels, units, dominant, dead, edges: input.edges });
  return { xy, samples, units, dominant, dead, selectivity };
}

/**
 * Figure 6 at snapshot `s` from its loaded tables: the bipartite view's node ids, kinds and
 * labels, Figure 1's layouts of the same layer, the view's edges (by view index, every
 * snapshot) and units.arrow. The figure and the build (poster, test) both draw with it.
 */
export function drawSnapshot(
  src: {
    nodeIds: Int32Array;
    kinds: ArrayLike<number>;
    labels: ArrayLike<number>;
    toFigure1: Int32Array;
    figure1: LayerViews;
    edges: Edges;
    units: Units;
  },
  s: number,
): BipartiteDrawing {
  return drawBipartite({
    nodeIds: src.nodeIds,
    kinds: src.kinds,
    labels: src.labels,
    toFigure1: src.toFigure1,
    figure1: viewPositions(src.figure1, s),
    edges: viewEdges(src.edges, s),
    unitRow: (node) => unitRow(src.units, s, node),
    dominant: src.units.dominant,
    dead: src.units.dead,
    selectivity: src.units.selectivity,
  });
}
