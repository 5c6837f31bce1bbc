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
import { useEffect, useMemo, useState } from 'preact/hooks';
import { NODE_KINDS } from '../../../../pipeline/contract.ts';
import { linkedUnits, strongestSamples, unitOf } from '../../lib/bipartite.ts';
import { drawSnapshot, matchNodes, type BipartiteDrawing } from '../../lib/bipartite-place.ts';
import { DIMMED_ALPHA, classColour, hexToRgb } from '../../lib/colour.ts';
import {
  edgesInView,
  unitRow,
  type Core,
  type Edges,
  type LayerViews,
  type Units,
} from '../../lib/data/experiment.ts';
import { loadCore, loadEdges, loadLayer, loadUnits } from '../../lib/data/store.ts';
import type { ArticleFigureProps } from '../ui/FigureFrame.tsx';
import { MetricStrip } from '../ui/MetricStrip.tsx';
import { UnitCard } from '../ui/UnitCard.tsx';
import { SelectivityHistogram } from '../ui/SelectivityHistogram.tsx';
import {
  TrainingView,
  type NodeCardContext,
  type TrainingState,
  type TrainingViewProps,
} from './TrainingView.tsx';

/** The experiment whose layouts Figure 6 draws its digits with (Figure 1's). */
const DIGITS_FROM = 'mlp-classes';

const UNIT = NODE_KINDS.indexOf('unit');
/** Thumbnails on a unit's card. */
const TOP_SAMPLES = 6;

function unitCard(c: NodeCardContext, units: Units | null) {
  const { core, node } = c;
  if (core.kinds[node] !== UNIT || !units) return null;
  const row = unitRow(units, c.snapshot, node);
  const { layer, unit } = unitOf(core.entry, node);
  return (
    <UnitCard
      x={c.x}
      y={c.y}
      stageWidth={c.stageWidth}
      unit={unit}
      layer={layer}
      selectivity={units.selectivity[row] ?? 0}
      dominant={units.dominant[row] ?? -1}
      dead={units.dead[row] === 1}
      classes={core.entry.dataset.classes}
      top={strongestSamples(c.index, c.edges, TOP_SAMPLES)}
      images={c.images}
      pinned={c.pinned}
      elementRef={c.elementRef}
    />
  );
}

/** The layer's mean selectivity and dead units over training, under test accuracy. */
function bipartiteStrip(core: Core, snapshot: number, seek: (s: number) => void, layerPos: number) {
  const layer = core.entry.layers[layerPos];
  if (!layer) return null;
  return (
    <MetricStrip
      epochs={core.metrics.snapshot('epoch')}
      snapshot={snapshot}
      onSeek={seek}
      series={[
        {
          key: 'accuracy',
          label: 'Test accuracy',
          values: core.metrics.snapshot('test_accuracy'),
          percent: true,
        },
        {
          key: 'selectivity',
          label: `Mean selectivity, layer ${layer.index}`,
          values: core.metrics.view('mean_selectivity', layerPos),
          domain: [0, 1],
        },
        {
          key: 'dead-units',
          label: `Dead units of ${layer.width}, layer ${layer.index}`,
          values: core.metrics.view('dead_units', layerPos),
          // Up to the most dead units of any layer at any snapshot: a few of hundreds would be a flat line.
          domain: [
            0,
            Math.max(
              1,
              ...core.entry.layers.map((_, l) => Math.max(...core.metrics.view('dead_units', l))),
            ),
          ],
          count: true,
        },
      ]}
    />
  );
}

/** units.arrow of an mlp-bipartite experiment (null while loading, for other experiments, or on failure). */
export function useUnits(experiment: string | null): Units | null {
  const [units, setUnits] = useState<Units | null>(null);
  useEffect(() => {
    setUnits(null);
    if (!experiment) return;
    let cancelled = false;
    loadUnits(experiment).then(
      (u) => !cancelled && setUnits(u),
      () => !cancelled && setUnits(null),
    );
    return () => {
      cancelled = true;
    };
  }, [experiment]);
  return units;
}

/** What a TrainingView of an mlp-bipartite experiment adds: unit cards, a sample's units ringed, the selectivity strip. */
export function bipartiteViewProps(
  units: Units | null,
): Pick<TrainingViewProps, 'edgesLabel' | 'linked' | 'nodeCard' | 'strip'> {
  return {
    edgesLabel: 'Show edges (a unit fires strongly for a sample)',
    linked: linkedUnits,
    nodeCard: (c) => unitCard(c, units),
    strip: bipartiteStrip,
  };
}

/** Everything Figure 6 draws one layer with, once loaded. */
interface Sources {
  layer: number;
  core: Core;
  views: LayerViews;
  edges: Edges;
  figure1: LayerViews;
  toFigure1: Int32Array;
}

/** Loads the shown layer's bipartite views and edges and Figure 1's layouts of that layer. */
function useSources(experiment: string, layer: number | null): Sources | null {
  const [sources, setSources] = useState<Sources | null>(null);
  useEffect(() => {
    if (layer === null) return;
    let cancelled = false;
    Promise.all([
      loadCore(experiment),
      loadLayer(experiment, layer),
      loadEdges(experiment, layer),
      loadCore(DIGITS_FROM),
      loadLayer(DIGITS_FROM, layer),
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
        }),
      (error: unknown) => console.warn('structviz: bipartite:', error),
    );
    return () => {
      cancelled = true;
    };
  }, [experiment, layer]);
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
    highlight: number | null;
  } | null>(null);
  const sources = useSources(experiment, shown?.layer ?? null);
  const drawing = useMemo(() => {
    if (!units || !sources || !shown || sources.layer !== shown.layer) return null;
    const s = shown.snapshot;
    const { core, views, edges, figure1, toFigure1 } = sources;
    if (s < 0 || s >= core.S) return null;
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
  return (
    <TrainingView
      kind="bipartite"
      experiment={experiment}
      initial={{ layerPos: layer === undefined ? -1 : layer - 1, snapshot: -1, edges: true }}
      poster={children}
      caption={caption}
      downloads={downloads}
      {...base}
      place={drawing && { layer: drawing.layer, snapshot: drawing.snapshot, xy: drawing.d.xy }}
      fit={false}
      cardEdgesOnly
      trails={false}
      nodeStyle={style}
      rings={(core, nodeIds) => {
        const nodes: number[] = [];
        nodeIds.forEach((id, i) => core.kinds[id] === UNIT && nodes.push(i));
        return { nodes, colours: new Uint8Array(4 * nodes.length) };
      }}
      onViewChange={(view: TrainingState, core: Core) => {
        const index = core.entry.layers[view.layerPos]?.index;
        if (index === undefined) return;
        setShown((v) =>
          v && v.layer === index && v.snapshot === view.snapshot && v.highlight === view.highlight
            ? v
            : { layer: index, snapshot: view.snapshot, highlight: view.highlight },
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
