/**
 * Figure 7's hover card: the digit, its code on the two most active latent dimensions (posterior
 * means in prior units) and, for the digits whose reconstruction the data holds, the decoded μ.
 */
import type { Ref } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { classColour } from '../../lib/colour.ts';
import { placeCard, setRef } from './place-card.ts';
import { Thumb } from './Tooltip.tsx';
import type { Thumbnails } from '../../lib/data/experiment.ts';

interface Props {
  x: number;
  y: number;
  node: number;
  label: number;
  classes: readonly string[];
  images: Thumbnails | null | undefined;
  /** The code on the two most active dimensions, prior units, or null while it loads. */
  code: { dims: [number, number]; values: [number, number] } | null;
  /** The decoded μ (28×28 bytes) when the data holds this digit's reconstruction. */
  reconstruction: Uint8Array | null;
  pinned: boolean;
  elementRef?: Ref<HTMLDivElement> | undefined;
}

export function VaeCard(props: Props) {
  const own = useRef<HTMLDivElement | null>(null);
  useLayoutEffect(() => {
    if (own.current) placeCard(own.current, props.x, props.y);
  });
  const { code } = props;
  return (
    <div
      ref={(el) => {
        own.current = el;
        setRef(props.elementRef, el);
      }}
      class={`sv-tooltip sv-vae-card${props.pinned ? ' sv-tooltip--pinned' : ''}`}
      style={{ left: `${props.x}px`, top: `${props.y}px` }}
      role="status"
    >
      {props.images === undefined && <span class="sv-thumb sv-thumb--loading" />}
      {props.images && <Thumb images={props.images} node={props.node} label="The digit" />}
      {props.reconstruction && (
        <Thumb images={props.reconstruction} node={0} label="Its reconstruction (decoded μ)" />
      )}
      <dl>
        <dt>Class</dt>
        <dd>
          <span
            class="sv-swatch"
            style={{ background: classColour(props.label) }}
            aria-hidden="true"
          />
          {props.classes[props.label] ?? props.label}
        </dd>
        <dt>Code</dt>
        <dd class="sv-vae-code">
          {code
            ? `μ${code.dims[0]} ${code.values[0].toFixed(2)}, μ${code.dims[1]} ${code.values[1].toFixed(2)}`
            : '…'}
        </dd>
        <dt>Decoded</dt>
        <dd>{props.reconstruction ? 'beside the digit' : 'not stored for this digit'}</dd>
      </dl>
      <span class="sv-muted sv-node-id">digit #{props.node}</span>
    </div>
  );
}
