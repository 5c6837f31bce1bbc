/** Class legend; clicking a class highlights it (clicking again clears). */
import { classColour } from '../../lib/colour.ts';

interface Props {
  classes: readonly string[];
  highlight: number | null;
  disabled?: boolean;
  title?: string;
  onHighlight: (c: number | null) => void;
}

export function Legend({
  classes,
  highlight,
  disabled = false,
  title = 'Class',
  onHighlight,
}: Props) {
  return (
    <div class="sv-legend" role="group" aria-label={`${title}: click to highlight`}>
      <span class="sv-legend-title">{title}</span>
      {classes.map((name, c) => (
        <button
          type="button"
          key={name}
          data-class={c}
          class="sv-chip"
          aria-pressed={highlight === c}
          disabled={disabled}
          onClick={() => onHighlight(highlight === c ? null : c)}
        >
          <span class="sv-swatch" style={{ background: classColour(c) }} aria-hidden="true" />
          {name}
        </button>
      ))}
    </div>
  );
}
