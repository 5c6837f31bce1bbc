/**
 * The sensitivity figure's chart and colour key: per hidden layer, the share of the summed
 * gradient norm carried by the top 10 % of digits over training (0.1 would be an even
 * spread), and a viridis bar for the node colours on their log axis.
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

/** The colour and size key: viridis over the log10 axis [lo, hi] of the shown layer's gradient norms. */
export function ColourBar({ domain }: { domain: readonly [number, number] }) {
  const stops = VIRIDIS.map(
    (c, i) => `${c} ${((i / (VIRIDIS.length - 1)) * 100).toFixed(1)}%`,
  ).join(', ');
  const tick = (log: number): string => {
    const v = 10 ** log;
    return v >= 0.01 && v < 1000 ? v.toPrecision(2) : v.toExponential(0);
  };
  return (
    <div
      class="sv-colour-bar"
      role="img"
      aria-label={`Colour and size: gradient norm from ${tick(domain[0])} (dark, small) to ${tick(domain[1])} (bright, large), log scale`}
    >
      <span class="sv-legend-title">‖∂L/∂h‖, log scale: colour and size</span>
      <span
        class="sv-colour-bar-ramp"
        style={{ background: `linear-gradient(to right, ${stops})` }}
      />
      <span class="sv-colour-bar-ticks">
        <span>≤ {tick(domain[0])}</span>
        <span>{tick((domain[0] + domain[1]) / 2)}</span>
        <span>≥ {tick(domain[1])}</span>
      </span>
    </div>
  );
}
