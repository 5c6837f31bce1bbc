/**
 * Island: neurons × samples. The training scrubber of an mlp-bipartite experiment. The
 * article's figure draws the traced digits where Figure 1 draws them and every hidden unit
 * among the digits it fires for (bipartite-place.ts), filled in the colour of the class it
 * fires for most, sized by its selectivity and ringed in ink; dead units in a row underneath.
 * Only the hovered node's links are drawn. Hovering a unit shows its selectivity and the samples
 * it fires for most; hovering a sample rings the units it links to. The strip charts the layer's
 * mean selectivity and dead units over training and the selectivity of its units at the shown
 * snapshot. The explorer shows the pipeline's own bipartite layout (bipartiteViewProps).
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { drawSnapshot, matchNodes, type BipartiteDrawing } from '../../lib/bipartite-place.ts';
import { DIMMED_ALPHA, classColour, hexToRgb } from '../../lib/colour.ts';
import { edgesInView, type Core, type Edges, type LayerViews } from '../../lib/data/experiment.ts';
import {
  loadCore,
  loadEdges,
  loadEdgesTail,
  loadLayer,
  loadLayerTail,
  sliceSnapshot,
} from '../../lib/data/store.ts';
import type { ArticleFigureProps } from '../ui/FigureFrame.tsx';
import { SelectivityHistogram } from '../ui/SelectivityHistogram.tsx';
import { UNIT, bipartiteViewProps, useUnits } from './bipartite-view.tsx';
import { TrainingView, loadTrainingOpening, type TrainingState } from './TrainingView.tsx';

/** The view the figure opens on: the given layer (else the last) at the end of training, edges on. */
const initialOf = (layer: number | undefined): Partial<TrainingState> => ({
  layerPos: layer === undefined ? -1 : layer - 1,
  snapshot: -1,
  edges: true,
});

/** What the figure's view fetches to draw its first frame (lib/build/opening.ts lists it). */
export const opening = ({ experiment, layer }: ArticleFigureProps) =>
  loadTrainingOpening({ experiment, initial: initialOf(layer) });

/** The experiment whose layouts Figure 6 draws its digits with (Figure 1's). */
const DIGITS_FROM = 'mlp-classes';

/** Everything Figure 6 draws one layer with, once loaded. */
interface Sources {
  layer: number;
  core: Core;
  views: LayerViews;
  edges: Edges;
  figure1: LayerViews;
  toFigure1: Int32Array;
  /** The one snapshot the sources hold (tail files: the last), or undefined when they hold every one. */
  slice: number | undefined;
}

/**
 * Loads the shown layer's bipartite views and edges and Figure 1's layouts of that layer: the
 * last snapshot only (tail files) until `full`, then every snapshot.
 */
function useSources(experiment: string, layer: number | null, full: boolean): Sources | null {
  const [sources, setSources] = useState<Sources | null>(null);
  const have = sources && sources.layer === layer && (!full || sources.slice === undefined);
  useEffect(() => {
    if (layer === null || have) return;
    let cancelled = false;
    const layout = full ? loadLayer : loadLayerTail;
    Promise.all([
      loadCore(experiment),
      layout(experiment, layer),
      (full ? loadEdges : loadEdgesTail)(experiment, layer),
      loadCore(DIGITS_FROM),
      layout(DIGITS_FROM, layer),
    ]).then(
      ([core, views, edges, figure1Core, figure1]) =>
        !cancelled &&
        setSources({
          layer,
          core,
          views,
          // By view index, once per layer: every snapshot draws from it.
          edges: edgesInView(edges, views.nodeIds),
          figure1,
          toFigure1: matchNodes(core.sourceKeys, figure1Core.sourceKeys),
          slice: sliceSnapshot(figure1) ?? sliceSnapshot(views),
        }),
      (error: unknown) => console.warn('structviz: bipartite:', error),
    );
    return () => {
      cancelled = true;
    };
  }, [experiment, layer, full, have]);
  return sources;
}

/** Fills and sizes: digits in their class colour, units in their dominant class's, by selectivity. */
function drawingStyle(
  d: BipartiteDrawing,
  labels: ArrayLike<number>,
  nodeIds: Int32Array,
  highlight: number | null,
): { colours: Uint8Array; radii: Float32Array } {
  const n = nodeIds.length;
  const colours = new Uint8Array(4 * n);
  const radii = new Float32Array(n).fill(1);
  const dim = (c: number) => (highlight === null || highlight === c ? 255 : DIMMED_ALPHA);
  for (let i = 0; i < d.samples; i++) {
    const c = labels[nodeIds[i] ?? 0] ?? 0;
    colours.set([...hexToRgb(classColour(c)), dim(c)], 4 * i);
  }
  d.units.forEach((i, u) => {
    const c = d.dominant[u] ?? -1;
    const dead = d.dead[u] === 1 || c < 0;
    colours.set(dead ? [128, 128, 128, 200] : [...hexToRgb(classColour(c)), dim(c)], 4 * i);
    radii[i] = dead ? 1 : 1 + 1.6 * (d.selectivity[u] ?? 0);
  });
  return { colours, radii };
}

export default function BipartiteFigure({
  experiment,
  layer,
  downloads,
  children,
  caption,
}: ArticleFigureProps) {
  const units = useUnits(experiment);
  const [shown, setShown] = useState<{
    layer: number;
    snapshot: number;
    last: number;
    highlight: number | null;
  } | null>(null);
  // The figure opens at the last snapshot, drawn from tail files; any other snapshot loads
  // every snapshot.
  const full = !!shown && shown.snapshot >= 0 && shown.snapshot !== shown.last;
  const sources = useSources(experiment, shown?.layer ?? null, full);
  const drawing = useMemo(() => {
    if (!units || !sources || !shown || sources.layer !== shown.layer) return null;
    const s = shown.snapshot;
    const { core, views, edges, figure1, toFigure1 } = sources;
    if (s < 0 || s >= core.S || (sources.slice !== undefined && s !== sources.slice)) return null;
    const { kinds, labels } = core;
    const d = drawSnapshot(
      { nodeIds: views.nodeIds, kinds, labels, toFigure1, figure1, edges, units },
      s,
    );
    return { layer: sources.layer, snapshot: s, d, views, core };
  }, [units, sources, shown?.layer, shown?.snapshot]);
  const style = useMemo(
    () =>
      drawing &&
      drawingStyle(drawing.d, drawing.core.labels, drawing.views.nodeIds, shown?.highlight ?? null),
    [drawing, shown?.highlight],
  );
  const base = bipartiteViewProps(units);
  // Every unit ringed in ink; for the class highlight each counts as its dominant class.
  const rings = useCallback(
    (core: Core, nodeIds: Int32Array) => {
      const nodes: number[] = [];
      nodeIds.forEach((id, i) => core.kinds[id] === UNIT && nodes.push(i));
      const d = drawing?.d;
      const classes = nodes.map((i) => (d ? (d.dominant[d.units.indexOf(i)] ?? -1) : -1));
      return { nodes, colours: new Uint8Array(4 * nodes.length), classes };
    },
    [drawing?.d],
  );
  return (
    <TrainingView
      kind="bipartite"
      experiment={experiment}
      initial={initialOf(layer)}
      poster={children}
      caption={caption}
      downloads={downloads}
      {...base}
      place={drawing && { layer: drawing.layer, snapshot: drawing.snapshot, xy: drawing.d.xy }}
      fit={false}
      cardEdgesOnly
      trails={false}
      nodeStyle={style}
      rings={rings}
      onViewChange={(view: TrainingState, core: Core) => {
        const index = core.entry.layers[view.layerPos]?.index;
        if (index === undefined) return;
        setShown((v) =>
          v && v.layer === index && v.snapshot === view.snapshot && v.highlight === view.highlight
            ? v
            : {
                layer: index,
                snapshot: view.snapshot,
                last: core.S - 1,
                highlight: view.highlight,
              },
        );
      }}
      strip={(core, snapshot, seek, layerPos) => (
        <>
          {base.strip?.(core, snapshot, seek, layerPos)}
          {units && drawing && <SelectivityHistogram drawing={drawing.d} snapshot={snapshot} />}
        </>
      )}
    />
  );
}
