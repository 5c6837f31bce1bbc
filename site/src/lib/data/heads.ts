/** Head and tail files (site/integrations/heads.ts): names and the tables that have them. */

/** Tables whose first snapshot a figure can draw before the whole file is fetched. */
export const HEAD_TABLES = ['positions', 'projections', 'regions', 'sensitivity', 'edges'] as const;

/**
 * Tables whose last snapshot a figure can draw before the whole file is fetched: what a figure
 * that opens at the end of training draws (Figure 6, neurons × samples).
 */
export const TAIL_TABLES = ['positions', 'edges'] as const;

/** The slices the build writes of a table's file: its head, its tail, both or none. */
export function slicesOf(table: string): ('head' | 'tail')[] {
  return [
    ...((HEAD_TABLES as readonly string[]).includes(table) ? (['head'] as const) : []),
    ...((TAIL_TABLES as readonly string[]).includes(table) ? (['tail'] as const) : []),
  ];
}

/** `….head.arrow` / `….tail.arrow` → the slice and its table's file name; null for any other name. */
export function sliceOfName(name: string): { end: 'head' | 'tail'; whole: string } | null {
  const end = /\.(head|tail)\.arrow$/.exec(name)?.[1] as 'head' | 'tail' | undefined;
  return end ? { end, whole: name.slice(0, -`.${end}.arrow`.length) + '.arrow' } : null;
}

/** `mlp-toy/positions-l1.<hash>.arrow` → `mlp-toy/positions-l1.<hash>.head.arrow`. */
export function headFileName(name: string): string {
  return name.replace(/\.arrow$/, '.head.arrow');
}

/** `mlp-toy/positions-l1.<hash>.arrow` → `mlp-toy/positions-l1.<hash>.tail.arrow`. */
export function tailFileName(name: string): string {
  return name.replace(/\.arrow$/, '.tail.arrow');
}
