/** Nodes on a circle, grouped by class: a drawing of a graph that carries no layout yet. */
export function ringLayout(labels: ArrayLike<number>, radius = 0.95): Float32Array {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => labels[a] - labels[b] || a - b,
  );
  const out = new Float32Array(2 * n);
  order.forEach((node, rank) => {
    const angle = Math.PI / 2 - (2 * Math.PI * rank) / n;
    out[2 * node] = radius * Math.cos(angle);
    out[2 * node + 1] = radius * Math.sin(angle);
  });
  return out;
}
