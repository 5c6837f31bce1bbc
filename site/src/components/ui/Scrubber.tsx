/** Training scrubber: a native range over snapshots, play/pause and step buttons. */
import { formatEpoch, snapshotText } from '../../lib/format.ts';

interface Props {
  /** Epoch of every snapshot. */
  epochs: ArrayLike<number>;
  /** Test accuracy of every snapshot (for aria-valuetext). */
  accuracy?: ArrayLike<number>;
  snapshot: number;
  playing: boolean;
  disabled?: boolean;
  label: string;
  onChange: (snapshot: number) => void;
  onPlay: (playing: boolean) => void;
}

export function Scrubber({
  epochs,
  accuracy,
  snapshot,
  playing,
  disabled = false,
  label,
  onChange,
  onPlay,
}: Props) {
  const last = epochs.length - 1;
  const lastEpoch = epochs[last] ?? 0;
  const epoch = epochs[snapshot] ?? 0;
  const valueText = snapshotText(epoch, lastEpoch, accuracy?.[snapshot]);
  const step = (d: number) => onChange(Math.max(0, Math.min(last, snapshot + d)));
  // The slider moves by snapshot, not by epoch: say how the snapshots are spaced.
  let early = 0;
  let perEpoch = true;
  for (let s = 1; s <= last; s++) {
    const e = epochs[s] ?? 0;
    if (e <= 1) early++;
    else if (Math.abs(e - (epochs[s - 1] ?? 0) - 1) > 1e-3) perEpoch = false;
  }
  const spacing =
    early > 1
      ? `: ${early} in the first epoch, then ${perEpoch ? 'one per epoch' : `${last - early} more`}`
      : '';
  return (
    <div class="sv-scrubber-row">
      <button
        type="button"
        class="sv-button sv-play"
        aria-pressed={playing}
        aria-label={playing ? 'Pause training playback' : 'Play training'}
        disabled={disabled}
        onClick={() => onPlay(!playing)}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" width="16" height="16">
          {playing ? <path d="M4 3h3v10H4zM9 3h3v10H9z" /> : <path d="M4 2.5v11l9-5.5z" />}
        </svg>
      </button>
      <button
        type="button"
        class="sv-button sv-step"
        aria-label="Previous snapshot"
        disabled={disabled || snapshot <= 0}
        onClick={() => step(-1)}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" width="16" height="16">
          <path d="M3 3h2v10H3zM13 3v10L6 8z" />
        </svg>
      </button>
      <label class="sv-range">
        <span class="visually-hidden">{label}</span>
        <input
          type="range"
          class="sv-scrubber"
          min={0}
          max={last}
          step={1}
          value={snapshot}
          disabled={disabled}
          aria-valuetext={valueText}
          onInput={(e) => onChange(Number(e.currentTarget.value))}
        />
      </label>
      <button
        type="button"
        class="sv-button sv-step"
        aria-label="Next snapshot"
        disabled={disabled || snapshot >= last}
        onClick={() => step(1)}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" width="16" height="16">
          <path d="M11 3h2v10h-2zM3 3v10l7-5z" />
        </svg>
      </button>
      <output class="sv-epoch" aria-hidden="true">
        {epoch === 0 ? 'init' : `epoch ${formatEpoch(epoch)}`}
        <span class="sv-muted"> / {formatEpoch(lastEpoch)}</span>
      </output>
      <p class="sv-note sv-scrub-note">One step per snapshot{spacing}.</p>
    </div>
  );
}
