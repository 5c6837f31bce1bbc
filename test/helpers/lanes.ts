/**
 * Runs independent child processes a few at a time. A CLI child that only starts, verifies
 * and refuses (or publishes from the cache) keeps one core busy for about a second, so on
 * 2 cores two lanes halve a corpus; a case's own limits (its `ms`, its exit) are unchanged.
 */

/** Lanes for a corpus of short CLI children: one per core, at least 2. @default 2 */
export const CLI_LANES = 2;

/**
 * Calls `work` on every item, at most `lanes` at once, and resolves with the results in the
 * items' order (not in the order they finished), so reports and snapshots stay stable.
 */
export async function inLanes<T, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
  lanes = CLI_LANES,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  return results;
}
