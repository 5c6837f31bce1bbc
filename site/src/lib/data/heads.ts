/** Head files (site/integrations/heads.ts): names and the tables that have them. */

/** Tables whose first snapshot a figure can draw before the whole file is fetched. */
export const HEAD_TABLES = ['positions', 'projections', 'regions', 'sensitivity', 'edges'] as const;

/** `mlp-toy/positions-l1.<hash>.arrow` → `mlp-toy/positions-l1.<hash>.head.arrow`. */
export function headFileName(name: string): string {
  return name.replace(/\.arrow$/, '.head.arrow');
}
