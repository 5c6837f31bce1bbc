/**
 * A drawing of a graph that carries no layout yet: one small circle per class, the circles
 * arranged on a ring. Links inside a class are chords of its circle, so they stay visible
 * instead of hiding under a long arc of dots; links between classes run from circle to circle.
 */
export function ringLayout(labels: ArrayLike<number>, extent = 0.95): Float32Array {
  const n = labels.length;
  const classes = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const C = classes.length;
  // Circle radius r and ring radius R: neighbouring circles keep a 10 % gap, all fits in `extent`.
  const s = C > 1 ? Math.sin(Math.PI / C) : 0;
  const r = C > 1 ? (0.9 * s * extent) / (1 + 0.9 * s) : extent;
  const R = extent - r;
  const members = new Map<number, number[]>(classes.map((c) => [c, []]));
  for (let i = 0; i < n; i++) members.get(labels[i])?.push(i);
  const out = new Float32Array(2 * n);
  classes.forEach((c, k) => {
    const centre = Math.PI / 2 - (2 * Math.PI * k) / C;
    const cx = R * Math.cos(centre);
    const cy = R * Math.sin(centre);
    const nodes = members.get(c) ?? [];
    nodes.forEach((node, rank) => {
      const angle = centre - (2 * Math.PI * rank) / nodes.length;
      out[2 * node] = cx + r * Math.cos(angle);
      out[2 * node + 1] = cy + r * Math.sin(angle);
    });
  });
  return out;
}
