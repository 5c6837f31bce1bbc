import { afterEach, describe, expect, it } from 'vitest';
import { onSelection, resetSelection, select, selectionOf, type Selection } from './selection.ts';

afterEach(resetSelection);

describe('shared selection', () => {
  it('tells every listener what one figure selected, once per change', () => {
    const heard: [Selection, string][] = [];
    onSelection((s, source) => heard.push([s, source]));
    select('scrubber', { experiment: 'mnist', highlight: 3, node: null });
    // The same selection echoed back by another figure is not news.
    select('graph-steps', { experiment: 'mnist', highlight: 3, node: null });
    select('graph-steps', { experiment: 'mnist', highlight: 3, node: 17 });
    expect(heard.map(([s, source]) => [source, s.highlight, s.node])).toEqual([
      ['scrubber', 3, null],
      ['graph-steps', 3, 17],
    ]);
  });

  it('keeps the latest selection per experiment for a figure that starts later', () => {
    select('toy', { experiment: 'spiral', highlight: 1, node: 4 });
    expect(selectionOf('spiral')).toEqual({ experiment: 'spiral', highlight: 1, node: 4 });
    expect(selectionOf('mnist')).toBeNull();
  });

  it('stops calling a listener after it unsubscribes', () => {
    let calls = 0;
    const off = onSelection(() => calls++);
    select('a', { experiment: 'x', highlight: 0, node: null });
    off();
    select('a', { experiment: 'x', highlight: 1, node: null });
    expect(calls).toBe(1);
  });
});
