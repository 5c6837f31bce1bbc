/**
 * The layout comparison of an experiment at build time (fidelity.arrow, comparison.arrow):
 * per layer and compared snapshot, each method's fidelity; per layer, each method's layout of
 * the last snapshot. For the article's "How faithful is this picture?" section.
 */
import {
  COMPARISON,
  FIDELITY,
  LAYOUT_METHODS,
  coordinateOf,
} from '../../../../pipeline/contract.ts';
import { loadTable, numbers } from '../data/table.ts';
import { once, readTable, type Result } from './read-data.ts';

export type LayoutMethod = (typeof LAYOUT_METHODS)[number];

/** One (layer, snapshot, method) row of fidelity.arrow. */
export interface FidelityRow {
  layer: number;
  snapshot: number;
  method: LayoutMethod;
  trustworthiness: number;
  continuity: number;
  knnPreservation: number;
  neighborhoodHit: number;
  /** densMAP's local radius correlation, on the method's own coordinates. */
  localRadiusR: number;
  /** Share of dots visible when the layout, fitted into the box, is drawn in the reference panel. */
  visibleShare: number;
}

export interface Comparison {
  rows: FidelityRow[];
  /** Interleaved x, y in the box of `layer`'s last snapshot by `method`. */
  positions(layer: number, method: LayoutMethod): Float32Array;
  /** Per node of `layer`'s last snapshot: how many of its k activation-space neighbours `method`'s layout kept. */
  preserved(layer: number, method: LayoutMethod): Uint8Array;
}

const cache = new Map<string, Result<Comparison>>();

/** The comparison of one experiment (an error result when it has none). */
export function buildComparison(name: string): Result<Comparison> {
  return once(cache, name, (entry) => {
    const context = { entry };
    const f = loadTable(readTable(entry, name, 'fidelity'), FIDELITY, FIDELITY.file, context);
    const c = loadTable(readTable(entry, name, 'comparison'), COMPARISON, COMPARISON.file, context);
    const column = (name: string) => numbers<Float32Array>(f, name);
    const [layer, snapshot, method] = ['layer', 'snapshot', 'method'].map((k) =>
      numbers<Int16Array>(f, k),
    );
    const rows = Array.from({ length: f.numRows }, (_, r) => ({
      layer: layer[r] ?? 0,
      snapshot: snapshot[r] ?? 0,
      method: LAYOUT_METHODS[method[r] ?? 0] ?? 'ours',
      trustworthiness: column('trustworthiness')[r] ?? NaN,
      continuity: column('continuity')[r] ?? NaN,
      knnPreservation: column('knn_preservation')[r] ?? NaN,
      neighborhoodHit: column('neighborhood_hit')[r] ?? NaN,
      localRadiusR: column('local_radius_r')[r] ?? NaN,
      visibleShare: column('visible_share')[r] ?? NaN,
    }));
    const [cl, cm] = ['layer', 'method'].map((k) => numbers<Int8Array>(c, k));
    const [cx, cy] = ['x', 'y'].map((k) => numbers<Int16Array>(c, k));
    const kept = numbers<Uint8Array>(c, 'preserved');
    const rowsOf = (l: number, m: LayoutMethod): number[] => {
      const want = LAYOUT_METHODS.indexOf(m);
      const out: number[] = [];
      for (let r = 0; r < c.numRows; r++) if (cl[r] === l && cm[r] === want) out.push(r);
      return out;
    };
    return {
      rows,
      positions(l, m) {
        return Float32Array.from(
          rowsOf(l, m).flatMap((r) => [coordinateOf(cx[r] ?? 0), coordinateOf(cy[r] ?? 0)]),
        );
      },
      preserved(l, m) {
        return Uint8Array.from(rowsOf(l, m), (r) => kept[r] ?? 0);
      },
    };
  });
}
