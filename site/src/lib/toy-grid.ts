/**
 * Where the toy figure's panels go (the live figure and its poster share it). Panels in order:
 * the input plane, each layer's graph layout, each layer's linear view. Wide: the input plane,
 * then one column per layer with its graph layout above its linear view; the cell under the
 * input plane holds the key. Narrow (a phone): two columns, the input plane and the key, then
 * one row per layer, graph layout left, linear view right.
 */
export function toyGrid(
  layers: number,
  narrow: boolean,
): { columns: number; rows: number; cells: number[]; key: number } {
  const graph = Array.from({ length: layers }, (_, p) => (narrow ? 2 * (p + 1) : p + 1));
  const linear = graph.map((c) => (narrow ? c + 1 : c + layers + 1));
  const columns = narrow ? 2 : layers + 1;
  return {
    columns,
    rows: narrow ? layers + 1 : 2,
    cells: [0, ...graph, ...linear],
    key: narrow ? 1 : columns,
  };
}
