/**
 * The explorer's search and filter: find a sample by id (its card opens), show only the samples
 * the network gets wrong at the shown snapshot (the rest are dimmed; with a class highlighted,
 * that class's mistakes), and a gallery of those samples' thumbnails, each a button that opens
 * its card. A run without predictions (an imported one) gets the search only.
 */
import { useState } from 'preact/hooks';
import { wrongNodes } from '../../lib/filter.ts';
import { Thumb } from './Tooltip.tsx';
import type { Thumbnails } from '../../lib/data/experiment.ts';

/** Thumbnails shown at most in the gallery. */
const GALLERY = 24;

interface Props {
  n: number;
  labels: ArrayLike<number>;
  /** Predictions at the shown snapshot (null while the layer loads). */
  predicted: ArrayLike<number> | null;
  /** Whether the run has predictions at all: without them (an imported run) there is no wrong-only filter. */
  predicts: boolean;
  classes: readonly string[];
  highlight: number | null;
  wrong: boolean;
  epoch: string;
  /** Thumbnails (undefined while loading, null when the dataset has none). */
  images: Thumbnails | null | undefined;
  disabled: boolean;
  onWrong: (wrong: boolean) => void;
  onFind: (node: number) => void;
}

export function SampleFilter(props: Props) {
  const [text, setText] = useState('');
  const id = Number(text);
  const valid = text !== '' && Number.isInteger(id) && id >= 0 && id < props.n;
  const wrong = props.predicted ? wrongNodes(props.labels, props.predicted, props.highlight) : [];
  const of =
    props.highlight === null
      ? 'samples'
      : `samples of class ${props.classes[props.highlight] ?? props.highlight}`;
  return (
    <div class="sv-filter">
      <form
        class="sv-find"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) props.onFind(id);
        }}
      >
        <label>
          Find sample #
          <input
            type="number"
            class="sv-find-id"
            min={0}
            max={props.n - 1}
            value={text}
            disabled={props.disabled}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="sv-button sv-find-go" disabled={props.disabled || !valid}>
          Show
        </button>
      </form>
      {props.predicts && (
        <label class="sv-toggle">
          <input
            type="checkbox"
            class="sv-wrong-only"
            checked={props.wrong}
            disabled={props.disabled}
            onChange={(e) => props.onWrong(e.currentTarget.checked)}
          />
          Only samples predicted wrong at this snapshot
        </label>
      )}
      {props.predicts && props.wrong && props.predicted && (
        <>
          <p class="sv-note sv-wrong-count" aria-live="polite">
            {wrong.length.toLocaleString('en')} {of} predicted wrong at epoch {props.epoch}
            {wrong.length > GALLERY ? ` (the first ${GALLERY} below)` : ''}.
          </p>
          {props.images && wrong.length > 0 && (
            <ul class="sv-gallery">
              {wrong.slice(0, GALLERY).map((node) => (
                <li key={node}>
                  <button
                    type="button"
                    class="sv-gallery-item"
                    title={`Sample #${node}: true ${props.classes[props.labels[node] ?? 0] ?? ''}, predicted ${props.classes[props.predicted?.[node] ?? 0] ?? ''}`}
                    aria-label={`Show sample ${node}`}
                    onClick={() => props.onFind(node)}
                  >
                    <Thumb images={props.images as Thumbnails} node={node} />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
