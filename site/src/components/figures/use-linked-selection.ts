/**
 * Links a figure's class highlight and pinned sample to the page's shared selection
 * (lib/selection.ts): what the reader picks here is published, what they pick in another
 * figure of the same experiment is applied here. A figure that starts later adopts the
 * current selection instead of publishing its own empty one.
 */
import { useEffect, useRef } from 'preact/hooks';
import { onSelection, select, selectionOf, type Selection } from '../../lib/selection.ts';

export function useLinkedSelection(
  /** This figure's id (its kind). */
  source: string,
  experiment: string,
  /** False until the figure can show a selection (its data has loaded). */
  ready: boolean,
  highlight: number | null,
  node: number | null,
  apply: (selection: Selection) => void,
): void {
  const applyRef = useRef(apply);
  applyRef.current = apply;
  const adopted = useRef(false);

  useEffect(() => {
    if (!ready) return;
    const off = onSelection((selection, from) => {
      if (from !== source && selection.experiment === experiment) applyRef.current(selection);
    });
    return () => {
      off();
    };
  }, [ready, source, experiment]);

  useEffect(() => {
    if (!ready) return;
    if (!adopted.current) {
      adopted.current = true;
      const existing = selectionOf(experiment);
      if (existing && (existing.highlight !== highlight || existing.node !== node)) {
        applyRef.current(existing);
        return;
      }
    }
    select(source, { experiment, highlight, node });
  }, [ready, highlight, node, experiment]);
}
