/**
 * The scrambled-labels chart: per hidden layer, the share of scrambled digits that sit with
 * their true class (solid) and with the label they were given (dashed) over training, and the
 * training accuracies; a dotted line marks where early stopping would stop.
 */
import type { LayerInfo } from '../../../../pipeline/contract.ts';
import type { Metrics } from '../../lib/data/experiment.ts';
import { formatEpoch, formatPercent } from '../../lib/format.ts';
import { SnapshotMark } from './SnapshotMark.tsx';
import { SPARK_H, SPARK_W, snapshotAtPointer, sparkPath, sparkX } from './sparkline.ts';

interface Props {
  metrics: Metrics;
  layers: readonly LayerInfo[];
  /** Snapshot where test accuracy peaks. */
  stop: number;
  snapshot: number;
  disabled?: boolean;
  onSeek: (snapshot: number) => void;
}

export interface Line {
  values: ArrayLike<number>;
  label: string;
  style: string;
}

/** One small over-training plot of shares (0 … 100 %): a line per series, the shown snapshot's values in its head; `stop` draws a dotted mark. */
export function SharePanel(props: {
  title: string;
  lines: Line[];
  stop?: number;
  snapshot: number;
  disabled: boolean;
  onSeek: (s: number) => void;
}) {
  const n = props.lines[0]?.values.length ?? 0;
  const at = (s: number): number => sparkX(s, n);
  const seek = (e: PointerEvent) => {
    if (props.disabled || n < 2) return;
    props.onSeek(snapshotAtPointer(e, n));
  };
  return (
    <div class="sv-metric sv-share">
      <div class="sv-metric-head">
        <span>{props.title}</span>
        <strong>
          {props.lines
            .map(
              (l) =>
                `${l.label} ${(l.values[props.snapshot] ?? -1) < 0 ? '–' : formatPercent(l.values[props.snapshot] ?? 0)}`,
            )
            .join(' · ')}
        </strong>
      </div>
      <div class="sv-metric-plot">
        <span class="sv-metric-tick sv-metric-tick--hi" aria-hidden="true">
          100 %
        </span>
        <span class="sv-metric-tick sv-metric-tick--lo" aria-hidden="true">
          0 %
        </span>
        <svg
          viewBox={`-3 -3 ${SPARK_W + 6} ${SPARK_H + 6}`}
          preserveAspectRatio="none"
          aria-hidden="true"
          onPointerDown={seek}
        >
          <line class="sv-metric-base" x1={0} x2={SPARK_W} y1={SPARK_H} y2={SPARK_H} />
          {props.stop !== undefined && <SnapshotMark class="sv-share-stop" x={at(props.stop)} />}
          {props.lines.map((l) => (
            <path
              key={l.label}
              class={`sv-metric-line ${l.style}`}
              d={sparkPath(l.values, 0, 1, (v) => !(v >= 0))}
              vector-effect="non-scaling-stroke"
            />
          ))}
          <SnapshotMark class="sv-metric-cursor" x={at(props.snapshot)} />
        </svg>
      </div>
    </div>
  );
}

export function ShareChart({ metrics, layers, stop, snapshot, disabled = false, onSeek }: Props) {
  const epochs = metrics.snapshot('epoch');
  const last = epochs[epochs.length - 1] ?? 0;
  return (
    <div class="sv-metrics sv-share-chart" data-metric="scrambled-shares">
      <p class="sv-metric-axis" aria-hidden="true">
        <span>init</span>
        <span>by snapshot · dotted: early stop, epoch {formatEpoch(epochs[stop] ?? 0)}</span>
        <span>epoch {formatEpoch(last)}</span>
      </p>
      <SharePanel
        title="Accuracy"
        stop={stop}
        snapshot={snapshot}
        disabled={disabled}
        onSeek={onSeek}
        lines={[
          { values: metrics.snapshot('test_accuracy'), label: 'test', style: '' },
          {
            values: metrics.snapshot('train_scrambled_accuracy'),
            label: 'scrambled (given label)',
            style: 'sv-share-assigned',
          },
        ]}
      />
      {layers.map((layer, lp) => (
        <SharePanel
          key={layer.index}
          title={`Scrambled digits, layer ${layer.index}`}
          stop={stop}
          snapshot={snapshot}
          disabled={disabled}
          onSeek={onSeek}
          lines={[
            {
              values: metrics.view('scrambled_true_layout', lp),
              label: 'with true class',
              style: '',
            },
            {
              values: metrics.view('scrambled_assigned_layout', lp),
              label: 'with given label',
              style: 'sv-share-assigned',
            },
          ]}
        />
      ))}
      <p class="sv-note">
        Solid: with their true class; dashed: with the label they were given (most of their 10
        layout neighbours).
      </p>
    </div>
  );
}
