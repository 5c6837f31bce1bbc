import { describe, expect, it } from 'vitest';
import { drawnExtent } from '../../../pipeline/contract.ts';
import { buildVae } from './build/read-data.ts';
import { axesInPriorUnits, codeSpread, layoutAtSpread, widestSpread } from './vae-scale.ts';

describe('VAE shared scale', () => {
  it('sizes a layout by its code spread: a code ten times narrower is drawn ten times smaller', () => {
    const xy = [1, 0, -1, 0, 0, 1, 0, -1].map((v) => v + 0.3);
    const wide = layoutAtSpread(xy, 4, 4);
    const narrow = layoutAtSpread(xy, 0.4, 4);
    expect(drawnExtent(narrow, 4).half / drawnExtent(wide, 4).half).toBeCloseTo(0.1, 5);
    expect(Math.max(...Array.from(layoutAtSpread(xy, 0, 4), Math.abs))).toBeLessThan(1e-6);
    expect(codeSpread([1, 3, 9, 16], 2, 1)).toBe(5);
    expect(widestSpread([1, 3, 9, 16], 2)).toBe(5);
  });

  it('gives the raw two-latent view back in prior units', () => {
    // μ_a has variance 4, μ_b variance 1; latent-axes stored them divided by max |μ| = 3.
    const mu = [3, 1, -3, -1, 1, 1, -1, -1];
    const stored = mu.map((v) => v / 3);
    const varX = (9 + 9 + 1 + 1) / 4;
    const varY = 1;
    const prior = axesInPriorUnits(stored, varX, varY, 1);
    mu.forEach((v, i) => expect(prior[i]).toBeCloseTo(v, 5));
  });

  it('draws the collapsed code (β = 64) at most a quarter as wide as β = 0.25 (committed data)', () => {
    const vae = buildVae('vae-beta');
    if (!vae.ok) throw new Error(vae.error);
    const d = vae.value;
    const widest = widestSpread(d.muVariance, d.k);
    const s = d.S - 1;
    const extent = (b: number) => {
      const xy = d.latents[b]?.subarray(2 * d.n * s, 2 * d.n * (s + 1)) ?? new Float32Array(0);
      return drawnExtent(
        layoutAtSpread(xy, codeSpread(d.muVariance, d.k, b * d.S + s), widest),
        d.n,
      ).half;
    };
    const first = d.betas.indexOf(0.25);
    const last = d.betas.indexOf(64);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(last).toBeGreaterThanOrEqual(0);
    const ratio = extent(last) / extent(first);
    console.log(`vae shared scale: extent β=64 / β=0.25 = ${ratio.toPrecision(3)}`);
    expect(ratio).toBeLessThanOrEqual(0.25);
    // The picture is not empty: the widest code fills a good part of the box.
    expect(extent(first)).toBeGreaterThan(0.3);
  });
});
