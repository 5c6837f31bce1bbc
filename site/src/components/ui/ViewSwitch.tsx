/** Picks one of a few views of the same points; a group of toggle buttons (keyboard: Tab, Enter/Space). */

/** One choice of a {@link ViewSwitch}. */
export interface ViewOption {
  readonly id: string;
  readonly label: string;
}

interface Props {
  label: string;
  options: readonly ViewOption[];
  value: string;
  onChange: (id: string) => void;
}

export function ViewSwitch({ label, options, value, onChange }: Props) {
  return (
    <div class="sv-layers sv-view-switch" role="group" aria-label={label}>
      <span class="sv-legend-title">{label}</span>
      {options.map((option) => (
        <button
          type="button"
          key={option.id}
          class="sv-chip sv-view"
          data-view={option.id}
          aria-pressed={option.id === value}
          onClick={() => onChange(option.id)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
