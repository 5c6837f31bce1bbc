/** Picks the hidden layer shown; a group of toggle buttons, each `<index or the user's name> · <width>`. */
import type { LayerInfo } from '../../../../pipeline/contract.ts';
import { layerLabel } from '../../lib/format.ts';

interface Props {
  layers: readonly LayerInfo[];
  /** Position in `layers`. */
  value: number;
  disabled?: boolean;
  onChange: (layerPos: number) => void;
}

export function LayerSwitch({ layers, value, disabled = false, onChange }: Props) {
  return (
    <div class="sv-layers" role="group" aria-label="Hidden layer">
      <span class="sv-legend-title">Layer</span>
      {layers.map((layer, i) => (
        <button
          type="button"
          key={layer.index}
          class="sv-chip sv-layer"
          data-layer={layer.index}
          aria-pressed={i === value}
          disabled={disabled}
          title={`${layer.name}: ${layer.width} units`}
          onClick={() => onChange(i)}
        >
          {layerLabel(layer)}
          <span class="sv-muted"> · {layer.width}</span>
        </button>
      ))}
    </div>
  );
}
