/** Hover/tap card for one hidden unit: its selectivity, dominant class and the samples it fires for most. */
import type { Ref } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { placeCard, setRef } from './place-card.ts';
import { classColour } from '../../lib/colour.ts';
import { formatScore } from '../../lib/format.ts';
import { Thumb } from './Tooltip.tsx';
import type { Thumbnails } from '../../lib/data/experiment.ts';

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
  images: Thumbnails | null | undefined;
  pinned?: boolean;
  /** The figure draws a pinned node's path over training: say so on the pinned card. */
  trail?: boolean;
  elementRef?: Ref<HTMLDivElement> | undefined;
}

export function UnitCard(props: Props) {
  const { x, y, classes, images, top } = props;
  // Placed beside its node and kept inside the viewport once its size is known.
  const own = useRef<HTMLDivElement | null>(null);
  useLayoutEffect(() => {
    if (own.current) placeCard(own.current, x, y);
  });
  const style = { left: `${x}px`, top: `${y}px` };
  return (
    <div
      ref={(el) => {
        own.current = el;
        setRef(props.elementRef, el);
      }}
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
