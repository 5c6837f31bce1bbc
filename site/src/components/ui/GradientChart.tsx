/**
 * The sensitivity figure's chart and colour key: per hidden layer, the share of the summed
 * gradient norm carried by the top 10 % of digits over training (0.1 would be an even
 * spread), and a viridis bar for the node colours, ranked within the snapshot.
 */
import type { LayerInfo } from '../../../../pipeline/contract.ts';
import { VIRIDIS } from '../../lib/colour-scale.ts';
import type { GradientSummaries } from '../../lib/data/sensitivity.ts';
import { formatEpoch } from '../../lib/format.ts';
import { SharePanel } from './ShareChart.tsx';

interface ChartProps {
  gradients: GradientSummaries;
  epochs: Float32Array;
  layers: readonly LayerInfo[];
  /** Position of the shown layer (its line is drawn first and named in the title). */
  layerPos: number;
  snapshot: number;
  disabled?: boolean;
  onSeek: (snapshot: number) => void;
}

export function GradientChart(props: ChartProps) {
  const last = props.epochs[props.epochs.length - 1] ?? 0;
  return (
    <div class="sv-metrics sv-share-chart" data-metric="gradient-concentration">
      <p class="sv-note">
        Share of the summed ‖∂L/∂h‖ carried by the 10 % of digits with the largest norms:
      </p>
      <p class="sv-metric-axis" aria-hidden="true">
        <span>init</span>
        <span>by snapshot</span>
        <span>epoch {formatEpoch(last)}</span>
      </p>
      {props.layers.map((layer, lp) => (
        <SharePanel
          key={layer.index}
          title={`Layer ${layer.index}${lp === props.layerPos ? ' (shown)' : ''}`}
          snapshot={props.snapshot}
          disabled={props.disabled ?? false}
          onSeek={props.onSeek}
          lines={[
            { values: props.gradients.column('top10_share', lp), label: 'top 10 %', style: '' },
          ]}
        />
      ))}
      <p class="sv-note">An even spread would put the line at 10 %.</p>
    </div>
  );
}

/**
 * The colour and size key: viridis over the rank of a digit's gradient norm within the shown
 * snapshot, labelled with the absolute norms at its ends and middle.
 */
export function ColourBar({ range }: { range: readonly [number, number, number] }) {
  const stops = VIRIDIS.map(
    (c, i) => `${c} ${((i / (VIRIDIS.length - 1)) * 100).toFixed(1)}%`,
  ).join(', ');
  const tick = (v: number): string =>
    v >= 0.01 && v < 1000 ? v.toPrecision(2) : v.toExponential(1);
  const [lo, mid, hi] = range;
  return (
    <div
      class="sv-colour-bar"
      role="img"
      aria-label={`Colour and size: rank of the gradient norm at this snapshot, from the smallest, ${tick(lo)} (dark, small), through the median, ${tick(mid)}, to the largest, ${tick(hi)} (bright, large)`}
    >
      <span class="sv-legend-title">‖∂L/∂h‖ ranked at this snapshot: colour and size</span>
      <span
        class="sv-colour-bar-ramp"
        style={{ background: `linear-gradient(to right, ${stops})` }}
      />
      <span class="sv-colour-bar-ticks">
        <span data-tick="min">min {tick(lo)}</span>
        <span data-tick="median">median {tick(mid)}</span>
        <span data-tick="max">max {tick(hi)}</span>
      </span>
    </div>
  );
}
