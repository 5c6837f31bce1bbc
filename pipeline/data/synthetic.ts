/**
 * TF Playground-style 2-D toy sets, generated in code from an injected random stream.
 * Clean points lie in [-1, 1]²; `noise` is the standard deviation of Gaussian jitter added
 * to both coordinates afterwards, in the same units. Rows are class-major.
 */
import { createRandom, gaussian, type Random } from '../util/random.ts';

/** A generated 2-D set: n points, row-major (x, y), with class labels. */
export interface PointSet {
  readonly n: number;
  readonly dim: 2;
  readonly inputs: Float32Array;
  readonly labels: Uint8Array;
}

/** Options shared by the generators. */
export interface SyntheticOptions {
  /** Number of points, split as evenly as possible over the classes. @default 600 */
  n?: number;
  /** Standard deviation of the Gaussian jitter on each coordinate. @default 0.05 */
  noise?: number;
  /** Classes (spiral arms, Gaussian blobs); moons, circles and xor have exactly 2. @default 2 (spiral), 3 (gaussians) */
  classes?: number;
  /** Source of randomness. @default createRandom(0) */
  random?: Random;
}

/** Makes one clean point of class `c` out of `classes`, drawing what it needs from `random`. */
type PointMaker = (c: number, classes: number, random: Random) => [number, number];

/** Defaults of the generator options. */
export const DEFAULTS = { n: 600, noise: 0.05 } as const;

const TWO_PI = 2 * Math.PI;

function generate(
  name: string,
  make: PointMaker,
  options: SyntheticOptions,
  classes: number,
): PointSet {
  const n = options.n ?? DEFAULTS.n;
  const noise = options.noise ?? DEFAULTS.noise;
  const random = options.random ?? createRandom(0);
  if (!Number.isInteger(n) || n < classes) {
    throw new Error(
      `synthetic: ${name} needs an integer n ≥ ${classes} (one point per class), got ${n}`,
    );
  }
  if (!(noise >= 0 && Number.isFinite(noise))) {
    throw new Error(`synthetic: ${name} noise must be a finite number ≥ 0, got ${noise}`);
  }
  const inputs = new Float32Array(n * 2);
  const labels = new Uint8Array(n);
  let row = 0;
  for (let c = 0; c < classes; c++) {
    const count = Math.floor(n / classes) + (c < n % classes ? 1 : 0);
    for (let i = 0; i < count; i++, row++) {
      const [x, y] = make(c, classes, random);
      inputs[2 * row] = x + noise * gaussian(random);
      inputs[2 * row + 1] = y + noise * gaussian(random);
      labels[row] = c;
    }
  }
  return { n, dim: 2, inputs, labels };
}

function checkClasses(name: string, classes: number, min: number, max: number): number {
  if (!Number.isInteger(classes) || classes < min || classes > max) {
    const allowed = min === max ? `exactly ${min}` : `an integer in ${min} … ${max}`;
    throw new Error(`synthetic: ${name} classes must be ${allowed}, got ${classes}`);
  }
  return classes;
}

/** Interleaved spiral arms (2 or more), 1.5 turns from the centre out to radius 1. */
export function spiral(options: SyntheticOptions = {}): PointSet {
  const classes = checkClasses('spiral', options.classes ?? 2, 2, 10);
  return generate(
    'spiral',
    (c, k, random) => {
      const r = 0.05 + 0.95 * random();
      const t = 1.5 * TWO_PI * r + (TWO_PI * c) / k;
      return [r * Math.cos(t), r * Math.sin(t)];
    },
    options,
    classes,
  );
}

/** Two interleaving half circles (scikit-learn's make_moons), rescaled to x ∈ [-1, 1]. */
export function moons(options: SyntheticOptions = {}): PointSet {
  const classes = checkClasses('moons', options.classes ?? 2, 2, 2);
  return generate(
    'moons',
    (c, _k, random) => {
      const t = Math.PI * random();
      const [x, y] = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      // Raw range x ∈ [-1, 2], y ∈ [-0.5, 1]: centre it and scale by 1/1.5.
      return [(x - 0.5) / 1.5, (y - 0.25) / 1.5];
    },
    options,
    classes,
  );
}

/** A disc (class 0, radius ≤ 0.5) inside a ring (class 1, radius 0.7 … 1). */
export function circles(options: SyntheticOptions = {}): PointSet {
  const classes = checkClasses('circles', options.classes ?? 2, 2, 2);
  return generate(
    'circles',
    (c, _k, random) => {
      const r = c === 0 ? 0.5 * random() : 0.7 + 0.3 * random();
      const t = TWO_PI * random();
      return [r * Math.cos(t), r * Math.sin(t)];
    },
    options,
    classes,
  );
}

/** Quadrants: class 0 where x·y > 0, class 1 where x·y < 0, kept 0.05 away from the axes. */
export function xor(options: SyntheticOptions = {}): PointSet {
  const classes = checkClasses('xor', options.classes ?? 2, 2, 2);
  return generate(
    'xor',
    (c, _k, random) => {
      const x = 0.05 + 0.95 * random();
      const y = 0.05 + 0.95 * random();
      const flip = random() < 0.5 ? -1 : 1;
      return c === 0 ? [flip * x, flip * y] : [flip * x, -flip * y];
    },
    options,
    classes,
  );
}

/** Isotropic Gaussian blobs (σ = 0.12) centred evenly on the circle of radius 0.6. */
export function gaussians(options: SyntheticOptions = {}): PointSet {
  const classes = checkClasses('gaussians', options.classes ?? 3, 2, 10);
  return generate(
    'gaussians',
    (c, k, random) => {
      const angle = Math.PI / 4 + (TWO_PI * c) / k;
      return [
        0.6 * Math.cos(angle) + 0.12 * gaussian(random),
        0.6 * Math.sin(angle) + 0.12 * gaussian(random),
      ];
    },
    options,
    classes,
  );
}
