/** What the neuron × sample figure reads off one view: a sample's units, a unit's strongest samples, a unit's place. */
import type { ExperimentEntry } from '../../../pipeline/contract.ts';
import type { ViewEdgeList } from './data/experiment.ts';

/** The units (view indices) a sample links to in one snapshot's edges; samples come first, so a sample is always the source. */
export function linkedUnits(index: number, edges: ViewEdgeList | null): number[] {
  if (!edges) return [];
  const out: number[] = [];
  edges.source.forEach((s, e) => s === index && out.push(edges.target[e] ?? -1));
  return out;
}

/** A unit's strongest drawn links: sample node ids (= view indices) by activation, strongest first, at most `count`. */
export function strongestSamples(
  index: number,
  edges: ViewEdgeList | null,
  count: number,
): { node: number; activation: number }[] {
  if (!edges?.weight) return [];
  const w = edges.weight;
  const out: { node: number; activation: number }[] = [];
  edges.target.forEach((t, e) => {
    if (t === index) out.push({ node: edges.source[e] ?? 0, activation: w[e] ?? 0 });
  });
  return out.sort((a, b) => b.activation - a.activation || a.node - b.node).slice(0, count);
}

/** A unit node's layer (manifest index) and index in it: units follow the samples, layer by layer; −1 for a sample. */
export function unitOf(
  entry: Pick<ExperimentEntry, 'nodes' | 'layers'>,
  node: number,
): { layer: number; unit: number } {
  let first = entry.nodes.sample ?? 0;
  if (node < first) return { layer: -1, unit: -1 };
  for (const l of entry.layers) {
    if (node < first + l.width) return { layer: l.index, unit: node - first };
    first += l.width;
  }
  return { layer: -1, unit: -1 };
}
