/** Hover/tap card for one hidden unit: its selectivity, dominant class and the samples it fires for most. */
import type { Ref } from 'preact';
import { classColour } from '../../lib/colour.ts';
import { formatScore } from '../../lib/format.ts';
import { Thumb } from './Tooltip.tsx';

interface Props {
  x: number;
  y: number;
  stageWidth: number;
  /** The unit's index in its layer and its layer. */
  unit: number;
  layer: number;
  /** Class-selectivity index 0 … 1; dominant class (−1: dead). */
  selectivity: number;
  dominant: number;
  dead: boolean;
  classes: readonly string[];
  /** Sample node ids of its strongest drawn links, strongest first, with their activations. */
  top: readonly { node: number; activation: number }[];
  images: Uint8Array | null | undefined;
  pinned?: boolean;
  elementRef?: Ref<HTMLDivElement> | undefined;
}

export function UnitCard(props: Props) {
  const { x, y, stageWidth, classes, images, top } = props;
  const right = x > stageWidth * 0.6;
  const style = {
    left: `${x}px`,
    top: `${y}px`,
    transform: `translate(${right ? 'calc(-100% - 14px)' : '14px'}, -50%)`,
  };
  return (
    <div
      {...(props.elementRef ? { ref: props.elementRef } : {})}
      class={`sv-tooltip sv-unit-card${props.pinned ? ' sv-tooltip--pinned' : ''}`}
      style={style}
      role="status"
    >
      <dl>
        <dt>Selectivity</dt>
        <dd class="sv-unit-selectivity">{props.dead ? '–' : formatScore(props.selectivity)}</dd>
        <dt>Fires most for</dt>
        <dd>
          {props.dead ? (
            'nothing (dead unit)'
          ) : (
            <>
              <span
                class="sv-swatch"
                style={{ background: classColour(props.dominant) }}
                aria-hidden="true"
              />
              {classes[props.dominant] ?? props.dominant}
            </>
          )}
        </dd>
      </dl>
      {top.length > 0 && (
        <div class="sv-unit-thumbs" aria-label="The samples it fires for most">
          {images === undefined && <span class="sv-thumb sv-thumb--loading" />}
          {images && top.map((t) => <Thumb key={t.node} images={images} node={t.node} />)}
        </div>
      )}
      <span class="sv-muted sv-node-id">
        unit {props.unit} of layer {props.layer}
      </span>
    </div>
  );
}
