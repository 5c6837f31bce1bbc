/**
 * Figure 6's selectivity distribution at the shown snapshot: how many of the layer's live units
 * have each selectivity (ten bins from 0 to 1), the units at ≥ 0.5 drawn darker, and how many
 * units are dead. Scrubbing shows the distribution shift right as training proceeds.
 */
import type { BipartiteDrawing } from '../../lib/bipartite-place.ts';

const BINS = 10;

/** Counts of live units per selectivity bin, and the dead units. */
export function selectivityBins(d: Pick<BipartiteDrawing, 'selectivity' | 'dead'>): {
  counts: number[];
  dead: number;
} {
  const counts = new Array<number>(BINS).fill(0);
  let dead = 0;
  d.selectivity.forEach((v, u) => {
    if (d.dead[u] === 1) dead++;
    else counts[Math.min(BINS - 1, Math.max(0, Math.floor(v * BINS)))]++;
  });
  return { counts, dead };
}

export function SelectivityHistogram({
  drawing,
  snapshot,
}: {
  drawing: BipartiteDrawing;
  snapshot: number;
}) {
  const { counts, dead } = selectivityBins(drawing);
  const top = Math.max(1, ...counts);
  const [w, h, left] = [220, 60, 4];
  const bw = (w - left) / BINS;
  const live = counts.reduce((a, b) => a + b, 0);
  const selective = counts.slice(BINS / 2).reduce((a, b) => a + b, 0);
  return (
    <div class="sv-selectivity" data-snapshot={snapshot} data-selective={selective}>
      <p class="sv-note">
        Selectivity of the layer's {live} live units at this snapshot ({selective} at ≥ 0.5); {dead}{' '}
        dead:
      </p>
      <svg
        viewBox={`0 0 ${w} ${h + 14}`}
        role="img"
        aria-label={`Selectivity histogram: ${counts.map((c, b) => `${(b / BINS).toFixed(1)}–${((b + 1) / BINS).toFixed(1)}: ${c}`).join(', ')}; ${dead} dead units`}
      >
        {counts.map((c, b) => (
          <rect
            key={b}
            x={left + b * bw + 1}
            y={h - (c / top) * h}
            width={bw - 2}
            height={Math.max(0.5, (c / top) * h)}
            fill="currentColor"
            fill-opacity={b >= BINS / 2 ? 0.85 : 0.35}
          />
        ))}
        <g font-size="9" fill="currentColor">
          <text x={left} y={h + 11}>
            0
          </text>
          <text x={left + (w - left) / 2} y={h + 11} text-anchor="middle">
            0.5
          </text>
          <text x={w} y={h + 11} text-anchor="end">
            1
          </text>
        </g>
      </svg>
    </div>
  );
}
