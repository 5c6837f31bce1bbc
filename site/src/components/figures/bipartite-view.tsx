/**
 * What a TrainingView of an mlp-bipartite experiment adds, in the article's Figure 6 and in the
 * explorer: unit cards, a sample's units ringed, the selectivity strip, and units.arrow. Kept
 * apart from Figure 6's own drawing so the explorer's island does not carry it.
 */
import { useEffect, useState } from 'preact/hooks';
import { NODE_KINDS } from '../../../../pipeline/contract.ts';
import { linkedUnits, strongestSamples, unitOf } from '../../lib/bipartite.ts';
import { unitRow, type Core, type Units } from '../../lib/data/experiment.ts';
import { loadUnits } from '../../lib/data/store.ts';
import { MetricStrip } from '../ui/MetricStrip.tsx';
import { UnitCard } from '../ui/UnitCard.tsx';
import type { NodeCardContext, TrainingViewProps } from './TrainingView.tsx';

export const UNIT = NODE_KINDS.indexOf('unit');
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
