import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveExperiments } from '../../config.ts';
import { latentAxes } from './views.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-vae-config-'));

function problem(config: unknown): string {
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify(config));
  try {
    resolveExperiments({ preset: 'quick', configPath: path });
    return '';
  } catch (error) {
    return (error as Error).message.replaceAll(path, 'config.json');
  }
}

describe('vae-beta config', () => {
  it('accepts the quick preset and names every cross-field problem', () => {
    expect(problem({ experiments: {} })).toBe('');
    expect(
      problem({
        experiments: {
          'vae-beta': {
            dataset: 'spiral',
            betas: [1, 0.5],
            jacobianSamples: 5000,
            linear: { eigenvalues: [1, 2], noise: 1, samples: 10, steps: 10, learningRate: 0.1 },
          },
        },
      }),
    ).toMatchInlineSnapshot(`
      "invalid configuration:
        config.json: experiments.vae-beta.jacobianSamples: Number must be less than or equal to 2000"
    `);
    expect(
      problem({
        experiments: {
          'vae-beta': {
            dataset: 'spiral',
            betas: [1, 0.5],
            jacobianSamples: 1000,
            linear: { eigenvalues: [1, 2], noise: 1, samples: 10, steps: 10, learningRate: 0.1 },
          },
        },
      }),
    ).toMatchInlineSnapshot(`
      "invalid configuration:
        config.json: experiments.vae-beta.dataset: spiral is not an image set; vae-beta decodes images (use mnist)
        config.json: experiments.vae-beta.betas: betas[1] (0.5) is not larger than the β before it; list the sweep in ascending order
        config.json: experiments.vae-beta.linear: eigenvalues[1] (2) is not smaller than the eigenvalue before it; list them in descending order
        config.json: experiments.vae-beta.jacobianSamples: 1000 is more than the traced samples (40)"
    `);
  });
});

describe('latentAxes', () => {
  it('picks the two most variable dimensions and fits them into the box', () => {
    // 3 samples × 3 dims; dim 2 varies most, then dim 0.
    const mu = Float32Array.from([1, 0, -4, -2, 0.1, 0, 0, 0, 2]);
    const { positions, dims } = latentAxes(mu, 3, [1.6, 0.002, 6.2]);
    expect(dims).toEqual([2, 0]);
    expect(Array.from(positions)).toEqual([-1, 0.25, 0, -0.5, 0.5, 0]);
  });
});
