/** The root every figure renders: state hooks for tests, poster, messages, caption, live region. */
import type { ComponentChildren, Ref } from 'preact';
import type { FileEntry } from '../../../../pipeline/contract.ts';
import { isDrawn, type FigureState } from '../../lib/globals.ts';
import { DownloadLinks } from './DownloadLinks.tsx';

import type { FigureKind } from '../../lib/figures.ts';

export type { FigureKind };

/** What the figure lifecycle (useFigure) hands the frame: spread as `{...fig.frame}`. */
export interface FrameHooks {
  state: FigureState;
  /** Error text for the error state. */
  message: string;
  canvasKey: number;
  canvasRef: Ref<HTMLCanvasElement>;
  /** The 2-D canvas under the WebGL one: the figure's first frames while deck.gl loads. */
  previewRef: Ref<HTMLCanvasElement>;
  onRetry: () => void;
}

/** Props every article figure island takes from `Figure.astro`. */
export interface ArticleFigureProps {
  experiment: string;
  /** Layer index as in the manifest; default the last hidden layer. */
  layer?: number;
  downloads?: readonly FileEntry[] | undefined;
  /** The static poster, rendered by Astro at build time. */
  children?: ComponentChildren;
  caption?: ComponentChildren;
}

interface Props extends FrameHooks {
  kind: FigureKind;
  /** The static poster (server-rendered SVG). */
  poster?: ComponentChildren;
  caption?: ComponentChildren;
  /** Polite summary of the current view, for screen readers. */
  live: string;
  /** Label of the drawing for assistive technology. */
  canvasLabel: string;
  /** Extra layers inside the stage (tooltip). */
  overlay?: ComponentChildren;
  /** Controls beside or below the stage. */
  controls?: ComponentChildren;
  downloads?: readonly FileEntry[] | undefined;
  class?: string;
}

function Message({ state, message, onRetry }: Pick<Props, 'state' | 'message' | 'onRetry'>) {
  if (state === 'error') {
    return (
      <div class="sv-message" role="alert">
        <strong>This figure could not load.</strong> {message} A static picture of the result is
        shown instead.{' '}
        <button type="button" class="sv-button sv-retry" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  if (state === 'no-webgl') {
    return (
      <div class="sv-message" role="status">
        <strong>This browser cannot draw the interactive figure</strong> (WebGL2 is unavailable or
        turned off), so a static picture of the final snapshot is shown instead.
      </div>
    );
  }
  if (state === 'context-lost') {
    return (
      <div class="sv-message" role="alert">
        <strong>The graphics context was lost</strong> (the GPU was reset or is needed elsewhere).{' '}
        <button type="button" class="sv-button sv-reload" onClick={onRetry}>
          Reload figure
        </button>
      </div>
    );
  }
  return null;
}

export function FigureFrame(props: Props) {
  const { kind, state } = props;
  return (
    <figure
      class={`sv-figure sv-figure--${kind} ${props.class ?? ''}`}
      data-figure={kind}
      data-state={state}
      aria-busy={state === 'loading'}
    >
      <div class="sv-body">
        <div class="sv-stage">
          <div class="sv-poster-layer" aria-hidden={isDrawn(state) ? 'true' : undefined}>
            {props.poster}
          </div>
          {(state === 'loading' || state === 'preview') && (
            <canvas
              key={`preview-${props.canvasKey}`}
              ref={props.previewRef}
              class="sv-preview"
              aria-hidden="true"
            />
          )}
          {state !== 'no-webgl' && (
            <canvas
              key={props.canvasKey}
              ref={props.canvasRef}
              class="sv-canvas"
              // A Tab stop: arrow keys walk the samples (figures' useNodeCard).
              tabIndex={0}
              role="application"
              aria-roledescription="plot"
              aria-label={props.canvasLabel}
            />
          )}
          {state === 'loading' && (
            <p class="sv-status" aria-hidden="true">
              <span class="sv-spinner" /> Loading data…
            </p>
          )}
          <Message state={state} message={props.message} onRetry={props.onRetry} />
          {isDrawn(state) && props.overlay}
        </div>
        {props.controls && <div class="sv-side">{props.controls}</div>}
      </div>
      {(props.caption || props.downloads) && (
        <figcaption>
          {props.caption}
          {props.downloads && <DownloadLinks files={props.downloads} />}
        </figcaption>
      )}
      <p class="sv-live visually-hidden" role="status" aria-live="polite">
        {props.live}
      </p>
    </figure>
  );
}
