/**
 * The page's shared selection: a class highlighted or a sample pinned in one figure is
 * highlighted (or ringed) in every other figure of the page that shows the same experiment.
 * A tiny store without a framework: figures publish what the reader chose and subscribe to
 * what the others chose.
 */

export interface Selection {
  /** The experiment the selection belongs to (node ids and classes are per experiment). */
  experiment: string;
  /** Highlighted class, or null. */
  highlight: number | null;
  /** Pinned sample (node id), or null. */
  node: number | null;
}

type Listener = (selection: Selection, source: string) => void;

let current: Selection | null = null;
const listeners = new Set<Listener>();

/** Publishes a selection made in figure `source`; listeners hear it only if it changed. */
export function select(source: string, next: Selection): void {
  if (
    current &&
    current.experiment === next.experiment &&
    current.highlight === next.highlight &&
    current.node === next.node
  )
    return;
  current = { ...next };
  for (const listener of listeners) listener(current, source);
}

/** The latest selection, if it belongs to `experiment`. */
export function selectionOf(experiment: string): Selection | null {
  return current?.experiment === experiment ? current : null;
}

/** Calls `listener` on every published change; returns the unsubscribe. */
export function onSelection(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Forgets the selection and every listener (tests). */
export function resetSelection(): void {
  current = null;
  listeners.clear();
}
