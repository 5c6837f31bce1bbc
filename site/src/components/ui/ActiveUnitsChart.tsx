/**
 * Active latent units over training, one line per β of the sweep (0 … k units): the shown
 * β's line drawn solid and on top, the others faint; the shown snapshot marked. A pointer on
 * the plot seeks to that snapshot, like the metric strips.
 */
import { formatEpoch } from '../../lib/format.ts';
import { SnapshotMark } from './SnapshotMark.tsx';
import { SPARK_H, SPARK_W, snapshotAtPointer, sparkPath, sparkX } from './sparkline.ts';

interface Props {
  /** β values, in sweep order. */
  betas: readonly number[];
  /** Active units per (β position, snapshot): `series[b][s]`. */
  series: readonly ArrayLike<number>[];
  /** Latent dimensions (the y scale's top). */
  k: number;
  /** Shown β position and snapshot. */
  beta: number;
  snapshot: number;
  /** Epoch of every snapshot (the x scale's ends). */
  epochs: readonly number[];
  onSeek: (snapshot: number) => void;
}

export function ActiveUnitsChart({ betas, series, k, beta, snapshot, epochs, onSeek }: Props) {
  const n = epochs.length;
  const seek = (e: PointerEvent) => {
    if (n >= 2) onSeek(snapshotAtPointer(e, n));
  };
  // The shown β last, so its line is drawn over the others.
  const order = [...betas.keys()].filter((b) => b !== beta).concat(beta);
  const now = series[beta]?.[snapshot] ?? 0;
  return (
    <div class="sv-metrics sv-vae-active-chart" data-metric="active-units">
      <div class="sv-metric">
        <div class="sv-metric-head">
          <span>Active units over training</span>
          <strong>
            β {betas[beta]}: {now} of {k}
          </strong>
        </div>
        <div class="sv-metric-plot">
          <span class="sv-metric-tick sv-metric-tick--hi" aria-hidden="true">
            {k}
          </span>
          <span class="sv-metric-tick sv-metric-tick--lo" aria-hidden="true">
            0
          </span>
          <svg
            viewBox={`-3 -3 ${SPARK_W + 6} ${SPARK_H + 6}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={`Active latent units over training, one line per β: ${betas
              .map((v, b) => `β ${v} ends with ${series[b]?.[n - 1] ?? 0}`)
              .join(', ')}`}
            onPointerDown={seek}
          >
            <line class="sv-metric-base" x1={0} x2={SPARK_W} y1={SPARK_H} y2={SPARK_H} />
            {order.map((b) => (
              <path
                key={betas[b]}
                class={`sv-metric-line sv-vae-active-line${b === beta ? ' sv-vae-active-line--shown' : ''}`}
                data-beta={b + 1}
                d={sparkPath(series[b] ?? [], 0, k)}
                vector-effect="non-scaling-stroke"
              />
            ))}
            <SnapshotMark class="sv-metric-cursor" x={sparkX(snapshot, n)} />
          </svg>
        </div>
      </div>
      <p class="sv-metric-axis" aria-hidden="true">
        <span>init</span>
        <span>by snapshot</span>
        <span>epoch {formatEpoch(epochs[n - 1] ?? 0)}</span>
      </p>
    </div>
  );
}
