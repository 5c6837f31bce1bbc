/**
 * Keyboard walk over the nodes of a drawing: the arrow keys move to the nearest node in the
 * arrow's direction. Positions are interleaved x, y with y pointing up (as the figures draw).
 */

/** Index of the node nearest to (x, y), or -1 when there are none. */
export function nearestNode(xy: ArrayLike<number>, x: number, y: number): number {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; 2 * i + 1 < xy.length; i++) {
    const d = (xy[2 * i] - x) ** 2 + (xy[2 * i + 1] - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/**
 * The node to go to from `from` in direction (dx, dy): among the nodes at least `minStep` ahead
 * along that direction and within 60° of it, the one with the smallest distance ahead plus
 * twice the sideways offset (so a slightly farther node straight ahead beats a near one off to
 * the side). Returns `from` when no node lies that way.
 */
export function nodeInDirection(
  xy: ArrayLike<number>,
  from: number,
  dx: number,
  dy: number,
  minStep = 0,
): number {
  const norm = Math.hypot(dx, dy) || 1;
  const ux = dx / norm;
  const uy = dy / norm;
  const x0 = xy[2 * from] ?? 0;
  const y0 = xy[2 * from + 1] ?? 0;
  const cone = Math.tan(Math.PI / 3);
  let best = from;
  let bestScore = Infinity;
  for (let i = 0; 2 * i + 1 < xy.length; i++) {
    if (i === from) continue;
    const rx = xy[2 * i] - x0;
    const ry = xy[2 * i + 1] - y0;
    const ahead = rx * ux + ry * uy;
    const side = Math.abs(rx * uy - ry * ux);
    // Coincident nodes (ahead = 0) are skipped: pressing on must make progress.
    if (ahead <= Math.max(minStep, 1e-9) || side > ahead * cone) continue;
    const score = ahead + 2 * side;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}
