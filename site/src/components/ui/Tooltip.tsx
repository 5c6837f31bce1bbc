/** Hover/tap card for one node: its thumbnail (when the dataset has images), true and predicted class. */
import type { ComponentChildren, Ref } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { placeCard, setRef } from './place-card.ts';
import { classColour } from '../../lib/colour.ts';
import { inkThumbnails, type Thumbnails } from '../../lib/data/experiment.ts';

interface Props {
  /** Pointer position inside the stage, CSS px. */
  x: number;
  y: number;
  stageWidth: number;
  node: number;
  label: number;
  predicted: number;
  /** The label the network was trained with, when it differs from the true one (scrambled labels). */
  assigned?: number | undefined;
  classes: readonly string[];
  /** The sample images; undefined while loading, null when the dataset has none. */
  images: Thumbnails | null | undefined;
  /** Raw input coordinates for 2-D toy sets. */
  input?: [number, number] | undefined;
  pinned?: boolean;
  /** The figure draws a pinned node's path over training: say so on the pinned card. */
  trail?: boolean;
  /** More about the node, under the thumbnail (the sensitivity figure's saliency and gradient norm). */
  extra?: ComponentChildren;
  /** The root element, for a caller that moves the card with its node. */
  elementRef?: Ref<HTMLDivElement> | undefined;
}

function parseRgb(css: string): [number, number, number] {
  const m = css.match(/\d+(\.\d+)?/g);
  return m && m.length >= 3 ? [Number(m[0]), Number(m[1]), Number(m[2])] : [20, 20, 20];
}

/**
 * Draws image `node` into a canvas of its own size: the built-in 28×28 thumbnails (or raw
 * 28×28 bytes: decoded VAE images, saliency) as ink in the text colour; an imported run's
 * grey or colour images as given. The CSS box is square; the image keeps its aspect ratio in it.
 */
export function Thumb({
  images,
  node,
  label = `Thumbnail of sample ${node}`,
}: {
  images: Thumbnails | Uint8Array;
  node: number;
  label?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const thumbs = images instanceof Uint8Array ? inkThumbnails(images) : images;
  const { height, width, channels, ink, pixels } = thumbs;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const size = height * width;
    const image = ctx.createImageData(width, height);
    const start = node * size * channels;
    if (ink) {
      const [r, g, b] = parseRgb(getComputedStyle(canvas).color);
      for (let i = 0; i < size; i++) image.data.set([r, g, b, pixels[start + i] ?? 0], 4 * i);
    } else {
      for (let i = 0; i < size; i++) {
        const o = start + i * channels;
        const grey = channels === 1;
        image.data[4 * i] = pixels[o] ?? 0;
        image.data[4 * i + 1] = pixels[grey ? o : o + 1] ?? 0;
        image.data[4 * i + 2] = pixels[grey ? o : o + 2] ?? 0;
        image.data[4 * i + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
  }, [pixels, node, height, width, channels, ink]);
  return (
    <canvas
      ref={ref}
      class="sv-thumb"
      width={width}
      height={height}
      data-image-shape={`${height}x${width}x${channels}`}
      role="img"
      aria-label={label}
    />
  );
}

export function Tooltip(props: Props) {
  const { x, y, node, label, predicted, classes, images } = props;
  // Placed beside its node and kept inside the viewport once its size is known.
  const own = useRef<HTMLDivElement | null>(null);
  useLayoutEffect(() => {
    if (own.current) placeCard(own.current, x, y);
  });
  const style = { left: `${x}px`, top: `${y}px` };
  const wrong = label !== predicted;
  return (
    <div
      ref={(el) => {
        own.current = el;
        setRef(props.elementRef, el);
      }}
      class={`sv-tooltip${props.pinned ? ' sv-tooltip--pinned' : ''}`}
      style={style}
      role="status"
    >
      {images === undefined && (
        <span class="sv-thumb sv-thumb--loading" aria-label="Loading thumbnail" />
      )}
      {images && <Thumb images={images} node={node} />}
      {props.extra}
      <dl>
        <dt>True</dt>
        <dd>
          <span class="sv-swatch" style={{ background: classColour(label) }} aria-hidden="true" />
          {classes[label] ?? label}
        </dd>
        {props.assigned !== undefined && props.assigned !== label && (
          <>
            <dt>Trained as</dt>
            <dd class="sv-wrong">
              <span
                class="sv-swatch"
                style={{ background: classColour(props.assigned) }}
                aria-hidden="true"
              />
              {classes[props.assigned] ?? props.assigned} (scrambled label)
            </dd>
          </>
        )}
        {/* An imported run has no predictions (-1): no row rather than a wrong one. */}
        {predicted >= 0 && (
          <>
            <dt>Predicted</dt>
            <dd class={wrong ? 'sv-wrong' : undefined}>
              <span
                class="sv-swatch"
                style={{ background: classColour(predicted) }}
                aria-hidden="true"
              />
              {classes[predicted] ?? predicted}
              {wrong ? ' ✗' : ' ✓'}
            </dd>
          </>
        )}
        {props.input && (
          <>
            <dt>Input</dt>
            <dd>
              ({props.input[0].toFixed(2)}, {props.input[1].toFixed(2)})
            </dd>
          </>
        )}
      </dl>
      {props.pinned && props.trail && (
        <span class="sv-muted sv-trail-note">Faint line: its path over training.</span>
      )}
      <span class="sv-muted sv-node-id">sample #{node}</span>
    </div>
  );
}
