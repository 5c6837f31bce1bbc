import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIND_NAMES, PRESETS, resolveExperiments } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-config-'));

/** The message resolveExperiments throws for a user config, or '' when it is valid. */
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

describe('experiment configs: a discriminated union on kind', () => {
  it('knows every kind of the presets', () => {
    const kinds = new Set(
      Object.values(PRESETS).flatMap((p) => Object.values(p).map((e) => e.kind)),
    );
    expect([...kinds].every((k) => KIND_NAMES.includes(k))).toBe(true);
  });

  it('rejects a field that belongs to no kind, naming the experiment, field and kind', () => {
    expect(problem({ experiments: { 'mlp-toy': { beta: 4 } } })).toMatchInlineSnapshot(`
      "invalid configuration:
        config.json: experiments.mlp-toy: unknown field "beta" for kind mlp-classes"
    `);
  });

  it('rejects a field of another kind, naming the kind it belongs to', () => {
    expect(problem({ experiments: { 'mlp-toy': { scrambleFraction: 0.3 } } }))
      .toMatchInlineSnapshot(`
      "invalid configuration:
        config.json: experiments.mlp-toy: "scrambleFraction" is a field of kind mlp-scrambled, not of kind mlp-classes"
    `);
  });

  it('rejects an unknown kind with the list of kinds', () => {
    expect(problem({ experiments: { 'my-vae': { kind: 'vae-gamma', dataset: 'mnist' } } }))
      .toMatchInlineSnapshot(`
        "invalid configuration:
          config.json: experiments.my-vae.kind: kind must be one of mlp-classes, mlp-scrambled, mlp-bipartite, vae-beta, imported"
      `);
  });

  it('checks a new experiment against its kind, one line per problem', () => {
    const message = problem({
      experiments: { mine: { kind: 'mlp-classes', dataset: 'moons', epochs: 0 } },
    });
    expect(message.split('\n').slice(0, 3)).toMatchInlineSnapshot(`
      [
        "invalid configuration:",
        "  config.json: experiments.mine.testPerClass: Required",
        "  config.json: experiments.mine.tracePerClass: Required",
      ]
    `);
    expect(message).toContain(
      'config.json: experiments.mine.epochs: Number must be greater than 0',
    );
  });

  it('accepts a valid override', () => {
    expect(problem({ seed: 3, experiments: { 'mlp-toy': { epochs: 2 } } })).toBe('');
  });
});

describe('vae-beta config', () => {
  const linear = { eigenvalues: [1, 2], noise: 1, samples: 10, steps: 10, learningRate: 0.1 };
  const vae = (jacobianSamples: number) => ({
    experiments: {
      'vae-beta': { dataset: 'spiral', betas: [1, 0.5], jacobianSamples, linear },
    },
  });

  it('names every cross-field problem of the β sweep and the linear check', () => {
    expect(problem(vae(5000))).toMatchInlineSnapshot(`
      "invalid configuration:
        config.json: experiments.vae-beta.jacobianSamples: Number must be less than or equal to 2000"
    `);
    expect(problem(vae(1000))).toMatchInlineSnapshot(`
      "invalid configuration:
        config.json: experiments.vae-beta.dataset: spiral is not an image set; vae-beta decodes images (use mnist or fashion-mnist)
        config.json: experiments.vae-beta.betas: betas[1] (0.5) is not larger than the β before it; list the sweep in ascending order
        config.json: experiments.vae-beta.linear: eigenvalues[1] (2) is not smaller than the eigenvalue before it; list them in descending order
        config.json: experiments.vae-beta.jacobianSamples: 1000 is more than the traced samples (40)"
    `);
  });

  it('names a snapshot-epoch list that is out of order or does not end at the last epoch', () => {
    const config = (snapshotEpochs: number[]) => ({
      experiments: { 'vae-beta': { epochs: 8, snapshotEpochs } },
    });
    expect(problem(config([1, 4, 2, 8]))).toMatchInlineSnapshot(`
      "invalid configuration:
        config.json: experiments.vae-beta.snapshotEpochs: snapshotEpochs[2] (2) is not larger than the epoch before it; list them in ascending order"
    `);
    expect(problem(config([1, 2, 4]))).toMatchInlineSnapshot(`
      "invalid configuration:
        config.json: experiments.vae-beta.snapshotEpochs: the last snapshot epoch (4) must be the last epoch (epochs = 8)"
    `);
  });

  it('names the Debian package when fashion-mnist is not installed, before any run', () => {
    const before = process.env.STRUCTVIZ_FASHION_MNIST_DIR;
    process.env.STRUCTVIZ_FASHION_MNIST_DIR = join(dir, 'no-such-folder');
    try {
      expect(
        problem({ experiments: { 'vae-beta': { dataset: 'fashion-mnist' } } }).replaceAll(
          dir,
          '<tmp>',
        ),
      ).toMatchInlineSnapshot(`
        "invalid configuration:
          config.json: experiments.vae-beta.dataset: fashion-mnist: <tmp>/no-such-folder/train-images-idx3-ubyte.gz not found; install Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist) or set STRUCTVIZ_FASHION_MNIST_DIR to a folder holding its four IDX files"
      `);
    } finally {
      if (before === undefined) delete process.env.STRUCTVIZ_FASHION_MNIST_DIR;
      else process.env.STRUCTVIZ_FASHION_MNIST_DIR = before;
    }
    expect(problem({ experiments: { 'vae-beta': { dataset: 'fashion-mnist' } } })).toBe('');
  });
});
