/**
 * Aligning and framing 2-D layouts.
 * `procrustes` finds the similarity y ≈ s·R·x + t (R a rotation, or a reflection when that
 * fits better) in closed form: with centred X, Y, a = Σ x·y and b = Σ x×y give the best
 * angle atan2(b, a) and scale √(a² + b²)/Σ|x|²; the reflection is the same fit on X with its
 * second coordinate negated. `fitToBox` frames a layout in [−box, box]².
 */
import { BOX } from '../contract.ts';

/** y = scale · [m00 m01; m10 m11] · x + [tx, ty]; the matrix is orthogonal. */
export interface SimilarityTransform {
  matrix: [number, number, number, number];
  scale: number;
  translation: [number, number];
  /** Root-mean-square distance between the transformed source and the target. */
  rmsd: number;
}

/** Options for `procrustes`. */
export interface ProcrustesOptions {
  /** Allow a reflection when it fits better than every rotation. @default true */
  allowReflection?: boolean;
  /** Fit a uniform scale (otherwise scale = 1). @default true */
  allowScale?: boolean;
}

const PROCRUSTES_DEFAULTS: Required<ProcrustesOptions> = {
  allowReflection: true,
  allowScale: true,
};

/** The similarity transform that best maps `source` onto `target` (both row-major n×2). */
export function procrustes(
  source: Float32Array,
  target: Float32Array,
  n: number,
  options: ProcrustesOptions = {},
): SimilarityTransform {
  const { allowReflection, allowScale } = { ...PROCRUSTES_DEFAULTS, ...options };
  if (source.length !== 2 * n || target.length !== 2 * n) {
    throw new Error(
      `align: source (${source.length}) and target (${target.length}) must both have length 2n (${2 * n})`,
    );
  }
  if (n < 1) throw new Error(`align: n (${n}) must be ≥ 1`);
  const [sx, sy] = centroid(source, n);
  const [tx, ty] = centroid(target, n);
  let a = 0; // Σ x·y
  let b = 0; // Σ x × y (rotation part)
  let br = 0; // same with x's second coordinate negated (reflection)
  let ar = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const x0 = source[2 * i] - sx;
    const x1 = source[2 * i + 1] - sy;
    const y0 = target[2 * i] - tx;
    const y1 = target[2 * i + 1] - ty;
    a += x0 * y0 + x1 * y1;
    b += x0 * y1 - x1 * y0;
    ar += x0 * y0 - x1 * y1;
    br += x0 * y1 + x1 * y0;
    xx += x0 * x0 + x1 * x1;
    yy += y0 * y0 + y1 * y1;
  }
  // The larger correlation wins; ties keep the rotation.
  const reflect = allowReflection && Math.hypot(ar, br) > Math.hypot(a, b);
  const [p, q] = reflect ? [ar, br] : [a, b];
  const norm = Math.hypot(p, q);
  const cos = norm > 0 ? p / norm : 1;
  const sin = norm > 0 ? q / norm : 0;
  // Rotation [cos −sin; sin cos], times diag(1, −1) for the reflection (+ 0 turns −0 into 0).
  const matrix: [number, number, number, number] = reflect
    ? [cos, sin, sin, -cos + 0]
    : [cos, -sin + 0, sin, cos];
  const scale = allowScale ? (xx > 0 ? norm / xx : 1) : 1;
  const translation: [number, number] = [
    tx - scale * (matrix[0] * sx + matrix[1] * sy),
    ty - scale * (matrix[2] * sx + matrix[3] * sy),
  ];
  const sse = Math.max(0, scale * scale * xx - 2 * scale * norm + yy);
  return { matrix, scale, translation, rmsd: Math.sqrt(sse / n) };
}

/** Applies a similarity transform to row-major n×2 positions (new array). */
export function applyTransform(
  positions: Float32Array,
  n: number,
  transform: SimilarityTransform,
): Float32Array {
  const { matrix: m, scale: s, translation: t } = transform;
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const x = positions[2 * i];
    const y = positions[2 * i + 1];
    out[2 * i] = s * (m[0] * x + m[1] * y) + t[0];
    out[2 * i + 1] = s * (m[2] * x + m[3] * y) + t[1];
  }
  return out;
}

/** Options for `fitToBox`. */
export interface FitToBoxOptions {
  /** Half-width of the target square [−box, box]². @default BOX */
  box?: number;
  /** Quantile of the L∞ radius mapped onto `box`; the points beyond it are pulled in. @default 0.99 */
  quantile?: number;
}

const FIT_DEFAULTS: Required<FitToBoxOptions> = { box: BOX, quantile: 0.99 };

/**
 * Centres on the mean and scales uniformly so the `quantile` of the L∞ radius max(|x|, |y|)
 * lands on `box`; the few points beyond are moved radially onto the box's border, so one
 * outlier cannot shrink everyone else. Every output coordinate is in [−box, box].
 */
export function fitToBox(
  positions: Float32Array,
  n: number,
  options: FitToBoxOptions = {},
): Float32Array {
  const { box, quantile } = { ...FIT_DEFAULTS, ...options };
  if (positions.length !== 2 * n)
    throw new Error(`align: positions length (${positions.length}) must be 2n (${2 * n})`);
  if (!(box > 0)) throw new Error(`align: box (${box}) must be > 0`);
  if (!(quantile > 0 && quantile <= 1))
    throw new Error(`align: quantile (${quantile}) must be in (0, 1]`);
  const out = new Float32Array(2 * n);
  if (n === 0) return out;
  const [cx, cy] = centroid(positions, n);
  const radius = new Float64Array(n);
  for (let i = 0; i < n; i++)
    radius[i] = Math.max(Math.abs(positions[2 * i] - cx), Math.abs(positions[2 * i + 1] - cy));
  const sorted = radius.slice().sort();
  let r = sorted[Math.min(n - 1, Math.ceil(quantile * n) - 1)];
  if (!(r > 0)) r = sorted[n - 1]; // most points coincide: fall back to the farthest
  if (!(r > 0)) return out; // all points coincide: the centre
  const scale = box / r;
  for (let i = 0; i < n; i++) {
    const shrink = radius[i] > r ? r / radius[i] : 1;
    out[2 * i] = clamp((positions[2 * i] - cx) * scale * shrink, box);
    out[2 * i + 1] = clamp((positions[2 * i + 1] - cy) * scale * shrink, box);
  }
  return out;
}

function clamp(v: number, box: number): number {
  return Math.min(box, Math.max(-box, v));
}

function centroid(positions: Float32Array, n: number): [number, number] {
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    x += positions[2 * i];
    y += positions[2 * i + 1];
  }
  return [x / n, y / n];
}
