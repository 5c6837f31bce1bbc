/** Head and tail files (site/integrations/heads.ts): names and the tables that have them. */

/** Tables whose first snapshot a figure can draw before the whole file is fetched. */
export const HEAD_TABLES = ['positions', 'projections', 'regions', 'sensitivity', 'edges'] as const;

/**
 * Tables whose last snapshot a figure can draw before the whole file is fetched: what a figure
 * that opens at the end of training draws (Figure 6, neurons × samples).
 */
export const TAIL_TABLES = ['positions', 'edges'] as const;

/** `mlp-toy/positions-l1.<hash>.arrow` → `mlp-toy/positions-l1.<hash>.head.arrow`. */
export function headFileName(name: string): string {
  return name.replace(/\.arrow$/, '.head.arrow');
}

/** `mlp-toy/positions-l1.<hash>.arrow` → `mlp-toy/positions-l1.<hash>.tail.arrow`. */
export function tailFileName(name: string): string {
  return name.replace(/\.arrow$/, '.tail.arrow');
}
