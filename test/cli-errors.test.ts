/**
 * Bad input gets one clear line per problem, exit code 2, before any training (no backend
 * is loaded: the run's `backend` header never appears), and the output folder is not
 * touched. A corpus of flag and config mistakes, each message pinned by an inline snapshot.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, fingerprint, runCli, runCliAsync } from './helpers/cli.ts';
import { inLanes } from './helpers/lanes.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-cli-'));
const out = join(dir, 'data');
const cache = join(dir, 'cache');
let before: Record<string, string>;
let published: Record<string, string>;

/** Writes a config file and returns its path. */
function config(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

beforeAll(() => {
  // A real published folder to protect: a copy of the committed data/.
  cpSync(join(ROOT, 'data'), out, { recursive: true });
  before = fingerprint(out);
  published = fingerprint(join(ROOT, 'data'));
  mkdirSync(join(dir, 'foreign'));
  writeFileSync(join(dir, 'foreign', 'thesis.tex'), 'mine');
  mkdirSync(join(dir, 'project'));
  writeFileSync(join(dir, 'project', 'README.md'), '# my project\n');
  writeFileSync(join(dir, 'a-file'), 'not a folder');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  args: string[];
  /** Leave out the default --out (cases about the output folder itself). */
  ownOut?: boolean;
}

/** The corpus: every case must exit 2 before training. Paths show as <tmp> and <root>. */
const corpus = (): Record<string, Case> => ({
  'unknown flag': { args: ['--epochs', '3'] },
  'flag without its value': { args: ['--seed'] },
  'last flag without its value': { args: ['--out', join(dir, 'data'), '--config'], ownOut: true },
  'value given to a boolean flag': { args: ['--force=yes'] },
  'unknown command': { args: ['train'] },
  'two commands': { args: ['run', 'check'] },
  'repeated flag': { args: ['--seed', '3', '--seed', '4'] },
  'two repeated flags': {
    args: ['--preset', 'quick', '--preset', 'default', '--workers', '1', '--workers', '2'],
  },
  'unknown preset': { args: ['--preset', 'huge'] },
  'unknown experiment': { args: ['--only', 'mlp-toy,vae-gamma'] },
  'two unknown experiments': { args: ['--only', 'vae,sae'] },
  '--only ,': { args: ['--only', ','] },
  '--only empty': { args: ['--only='] },
  'seed not an integer': { args: ['--seed', '1.5'] },
  'seed negative (joined)': { args: ['--seed=-4'] },
  'seed negative (separate)': { args: ['--seed', '-1'] },
  'seed too large': { args: ['--seed', '4294967296'] },
  'seed a word': { args: ['--seed', 'one'] },
  'unknown backend': { args: ['--backend', 'webgpu'] },
  'too many workers': { args: ['--workers', '17'] },
  'negative workers': { args: ['--workers', '-1'] },
  'workers a word': { args: ['--workers', 'two'] },
  'train workers a word': { args: ['--train-workers', 'two'] },
  'flag problems and config problems together': {
    args: [
      '--backend',
      'gpu',
      '--workers',
      '99',
      '--config',
      config('mixed.json', { experiments: { 'mlp-toy': { epochs: 0 } } }),
    ],
  },
  'another seed without --out': { args: ['--seed', '5'], ownOut: true },
  'another backend without --out': { args: ['--backend', 'auto'], ownOut: true },
  'a config file without --out': {
    args: ['--config', config('ok.json', { experiments: { 'mlp-toy': { epochs: 2 } } })],
    ownOut: true,
  },
  '--out under /proc': { args: ['--out', '/proc/structviz/data'], ownOut: true },
  '--out under /sys': { args: ['--out', '/sys/structviz'], ownOut: true },
  '--out is a file': { args: ['--out', join(dir, 'a-file')], ownOut: true },
  '--out below a file': { args: ['--out', join(dir, 'a-file', 'data')], ownOut: true },
  '--out is a folder that is not a pipeline folder': {
    args: ['--out', join(dir, 'foreign')],
    ownOut: true,
  },
  "--out is a folder with someone else's README.md": {
    args: ['--out', join(dir, 'project')],
    ownOut: true,
  },
  'config file missing': { args: ['--config', join(dir, 'missing.json')] },
  'config file not JSON': { args: ['--config', config('broken.json', '{ "experiments": { ,')] },
  'config is an array': { args: ['--config', config('array.json', [])] },
  'config: unknown top-level key': {
    args: ['--config', config('seeds.json', { seeds: 3, experiments: {} })],
  },
  'config: experiments not an object': {
    args: ['--config', config('five.json', { experiments: 5 })],
  },
  'config: seed is a string, and field errors': {
    args: [
      '--config',
      config('bad.json', {
        seed: 'one',
        experiments: { 'mlp-classes': { epochs: -3, hidden: [64, 0], knnK: 15.5, colour: 'red' } },
      }),
    ],
  },
  'config: experiment name with a space': {
    args: ['--config', config('name.json', { experiments: { 'My Net': { epochs: 2 } } })],
  },
  'config: experiment name ..': {
    args: ['--config', config('dots.json', { experiments: { '..': { epochs: 2 } } })],
  },
  'config: unknown kind': {
    args: [
      '--config',
      config('kind.json', { experiments: { 'my-vae': { kind: 'vae-gamma', dataset: 'mnist' } } }),
    ],
  },
  'config: a field of no kind': {
    args: ['--config', config('beta.json', { experiments: { 'mlp-toy': { beta: 4 } } })],
  },
  'config: new experiment missing fields': {
    args: [
      '--config',
      config('new.json', { experiments: { mine: { kind: 'mlp-classes', dataset: 'moons' } } }),
    ],
  },
  'config: wrong types': {
    args: [
      '--config',
      config('types.json', {
        experiments: { 'mlp-toy': { epochs: '10', hidden: 16, learningRate: null } },
      }),
    ],
  },
  'config: out of range': {
    args: [
      '--config',
      config('range.json', {
        experiments: {
          'mlp-toy': {
            epochs: 0,
            hidden: [8, 8, 8, 8, 8, 8, 8],
            learningRate: 2,
            noise: 2,
            batchSize: 0,
          },
        },
      }),
    ],
  },
  'config: unknown dataset': {
    args: [
      '--config',
      config('dataset.json', { experiments: { 'mlp-toy': { dataset: 'mnits' } } }),
    ],
  },
  'config: trace set larger than the test split': {
    args: [
      '--config',
      config('trace.json', { experiments: { 'mlp-toy': { tracePerClass: 300 } } }),
    ],
  },
  'config: too few samples for testPerClass': {
    args: ['--config', config('samples.json', { experiments: { 'mlp-toy': { samples: 100 } } })],
  },
  'config: trainPerClass beyond the smallest MNIST class': {
    args: [
      '--config',
      config('train.json', { experiments: { 'mlp-classes': { trainPerClass: 900 } } }),
    ],
  },
  'config: knnK and metricsK too large for the trace set': {
    args: [
      '--config',
      config('knn.json', { experiments: { 'mlp-classes': { tracePerClass: 1 } } }),
    ],
  },
  'config: metricsK too large alone': {
    args: [
      '--config',
      config('metrics.json', { experiments: { 'mlp-toy': { tracePerClass: 20, metricsK: 20 } } }),
    ],
  },
  'config: problems in two experiments at once': {
    args: [
      '--config',
      config('two.json', {
        experiments: { 'mlp-toy': { dataset: 'nope' }, 'mlp-classes': { knnK: 1 } },
      }),
    ],
  },
});

describe('pipeline CLI: a corpus of bad flags and configs', () => {
  it('answers each with exit 2 and one line per problem, before loading a backend, touching nothing', async () => {
    const cases = corpus();
    expect(Object.keys(cases).length).toBeGreaterThanOrEqual(40);
    const report: Record<string, string> = {};
    // Two at a time (each fails before any work, so they share --out and --cache), then
    // checked in the corpus's order.
    const runs = await inLanes(Object.values(cases), (c) =>
      runCliAsync(c.ownOut ? c.args : [...c.args, '--out', out, '--cache', cache]),
    );
    for (const [i, name] of Object.keys(cases).entries()) {
      const r = runs[i];
      if (!r) throw new Error(`test: case ${name} did not run`);
      expect(r.status, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stdout, name).not.toMatch(/backend/);
      expect(r.stderr, name).not.toMatch(/\n\s+at /); // no stack trace for user errors
      report[name] = r.stderr.trim().replaceAll(dir, '<tmp>').replaceAll(ROOT, '<root>');
    }
    expect(fingerprint(out)).toEqual(before);
    expect(fingerprint(join(ROOT, 'data'))).toEqual(published);
    expect(report).toMatchInlineSnapshot(`
      {
        "--only ,": "pipeline: --only "," names no experiment (known in preset default: mlp-classes, mlp-toy, mlp-scrambled, mlp-bipartite, vae-beta)",
        "--only empty": "pipeline: --only "" names no experiment (known in preset default: mlp-classes, mlp-toy, mlp-scrambled, mlp-bipartite, vae-beta)",
        "--out below a file": "pipeline: --out <tmp>/a-file/data: cannot write there (ENOTDIR: a parent is a file, not a folder)",
        "--out is a file": "pipeline: --out <tmp>/a-file: cannot write there (it is a file, not a folder)",
        "--out is a folder that is not a pipeline folder": "pipeline: --out <tmp>/foreign is not empty and has no manifest.json, so it is not a pipeline output folder (it holds thesis.tex); choose a new or empty folder",
        "--out is a folder with someone else's README.md": "pipeline: --out <tmp>/project is not empty and has no manifest.json, so it is not a pipeline output folder (it holds README.md); choose a new or empty folder",
        "--out under /proc": "pipeline: --out /proc/structviz/data: cannot write there (ENOENT: the parent folder does not accept new folders)",
        "--out under /sys": "pipeline: --out /sys/structviz: cannot write there (EPERM: operation not permitted)",
        "a config file without --out": "pipeline: with --config <tmp>/ok.json the results are not the published data; choose where they go with --out DIR (data/ holds the default preset, seed 1, backend wasm)",
        "another backend without --out": "pipeline: with --backend auto the results are not the published data; choose where they go with --out DIR (data/ holds the default preset, seed 1, backend wasm)",
        "another seed without --out": "pipeline: with --seed 5 the results are not the published data; choose where they go with --out DIR (data/ holds the default preset, seed 1, backend wasm)",
        "config file missing": "config: <tmp>/missing.json: no such file",
        "config file not JSON": "config: <tmp>/broken.json is not valid JSON: Expected property name or '}' in JSON at position 19",
        "config is an array": "invalid configuration:
        <tmp>/array.json: (root): Expected object, received array",
        "config: a field of no kind": "invalid configuration:
        <tmp>/beta.json: experiments.mlp-toy: unknown field "beta" for kind mlp-classes",
        "config: experiment name ..": "invalid configuration:
        <tmp>/dots.json: experiments[".."]: experiment names are lowercase letters, digits and - (they name folders)",
        "config: experiment name with a space": "invalid configuration:
        <tmp>/name.json: experiments["My Net"]: experiment names are lowercase letters, digits and - (they name folders)",
        "config: experiments not an object": "invalid configuration:
        <tmp>/five.json: experiments: Expected object, received number",
        "config: knnK and metricsK too large for the trace set": "invalid configuration:
        <tmp>/knn.json: experiments.mlp-classes.knnK: 15 must be less than the traced samples (10 classes × 1 = 10)
        <tmp>/knn.json: experiments.mlp-classes.metricsK: 10 must be less than half the traced samples (10 / 2): trustworthiness needs k < n/2",
        "config: metricsK too large alone": "invalid configuration:
        <tmp>/metrics.json: experiments.mlp-toy.metricsK: 20 must be less than half the traced samples (40 / 2): trustworthiness needs k < n/2",
        "config: new experiment missing fields": "invalid configuration:
        <tmp>/new.json: experiments.mine.testPerClass: Required
        <tmp>/new.json: experiments.mine.tracePerClass: Required
        <tmp>/new.json: experiments.mine.hidden: Required
        <tmp>/new.json: experiments.mine.epochs: Required
        <tmp>/new.json: experiments.mine.batchSize: Required
        <tmp>/new.json: experiments.mine.learningRate: Required
        <tmp>/new.json: experiments.mine.snapshotsInFirstEpoch: Required
        <tmp>/new.json: experiments.mine.knnK: Required
        <tmp>/new.json: experiments.mine.metricsK: Required
        <tmp>/new.json: experiments.mine.displayEdgesPerNode: Required
        <tmp>/new.json: experiments.mine.coldIterations: Required
        <tmp>/new.json: experiments.mine.warmIterations: Required",
        "config: out of range": "invalid configuration:
        <tmp>/range.json: experiments.mlp-toy.noise: Number must be less than or equal to 1
        <tmp>/range.json: experiments.mlp-toy.hidden: Array must contain at most 6 element(s)
        <tmp>/range.json: experiments.mlp-toy.epochs: Number must be greater than 0
        <tmp>/range.json: experiments.mlp-toy.batchSize: Number must be greater than 0
        <tmp>/range.json: experiments.mlp-toy.learningRate: Number must be less than or equal to 1",
        "config: problems in two experiments at once": "invalid configuration:
        <tmp>/two.json: experiments.mlp-classes.knnK: Number must be greater than or equal to 2
        <tmp>/two.json: experiments.mlp-toy.dataset: unknown dataset "nope" (known: mnist, fashion-mnist, spiral, spiral3, moons, circles, xor, gaussians)",
        "config: seed is a string, and field errors": "invalid configuration:
        <tmp>/bad.json: seed: Expected number, received string
        <tmp>/bad.json: experiments.mlp-classes.hidden.1: Number must be greater than 0
        <tmp>/bad.json: experiments.mlp-classes.epochs: Number must be greater than 0
        <tmp>/bad.json: experiments.mlp-classes.knnK: Expected integer, received float
        <tmp>/bad.json: experiments.mlp-classes: unknown field "colour" for kind mlp-classes",
        "config: too few samples for testPerClass": "invalid configuration:
        <tmp>/samples.json: experiments.mlp-toy.testPerClass: class "arm A" of spiral has 50 samples, fewer than testPerClass + 1 training sample (251); raise samples or lower testPerClass",
        "config: trace set larger than the test split": "invalid configuration:
        <tmp>/trace.json: experiments.mlp-toy.tracePerClass: 300 is more than testPerClass (250): the trace set is drawn from the test split",
        "config: trainPerClass beyond the smallest MNIST class": "invalid configuration:
        <tmp>/train.json: experiments.mlp-classes.trainPerClass: class "5" of mnist has 863 samples, fewer than testPerClass + trainPerClass (1100); lower testPerClass or trainPerClass",
        "config: unknown dataset": "invalid configuration:
        <tmp>/dataset.json: experiments.mlp-toy.dataset: unknown dataset "mnits" (known: mnist, fashion-mnist, spiral, spiral3, moons, circles, xor, gaussians)",
        "config: unknown kind": "invalid configuration:
        <tmp>/kind.json: experiments.my-vae.kind: kind must be one of mlp-classes, mlp-scrambled, mlp-bipartite, vae-beta, imported",
        "config: unknown top-level key": "invalid configuration:
        <tmp>/seeds.json: (root): unknown field "seeds" (a config file holds "seed" and "experiments")",
        "config: wrong types": "invalid configuration:
        <tmp>/types.json: experiments.mlp-toy.hidden: Expected array, received number
        <tmp>/types.json: experiments.mlp-toy.epochs: Expected number, received string
        <tmp>/types.json: experiments.mlp-toy.learningRate: Expected number, received null",
        "flag problems and config problems together": "pipeline: --backend must be one of auto, tensorflow, wasm, cpu, got "gpu"
      pipeline: --workers must be an integer 0 … 16, got "99"
      invalid configuration:
        <tmp>/mixed.json: experiments.mlp-toy.epochs: Number must be greater than 0",
        "flag without its value": "pipeline: --seed needs a value (see --help)",
        "last flag without its value": "pipeline: --config needs a value (see --help)",
        "negative workers": "pipeline: --workers must be an integer 0 … 16, got "-1"",
        "repeated flag": "pipeline: --seed is given more than once; give it once",
        "seed a word": "pipeline: --seed must be an integer 0 … 4294967295, got "one"",
        "seed negative (joined)": "pipeline: --seed must be an integer 0 … 4294967295, got "-4"",
        "seed negative (separate)": "pipeline: --seed must be an integer 0 … 4294967295, got "-1"",
        "seed not an integer": "pipeline: --seed must be an integer 0 … 4294967295, got "1.5"",
        "seed too large": "pipeline: --seed must be an integer 0 … 4294967295, got "4294967296"",
        "too many workers": "pipeline: --workers must be an integer 0 … 16, got "17"",
        "train workers a word": "pipeline: --train-workers must be an integer 0 … 16, got "two"",
        "two commands": "pipeline: unknown command "run check" (commands: run, check, merge, import; see --help)",
        "two repeated flags": "pipeline: --preset is given more than once; give it once
      pipeline: --workers is given more than once; give it once",
        "two unknown experiments": "pipeline: unknown experiment "vae" (known: mlp-classes, mlp-toy, mlp-scrambled, mlp-bipartite, vae-beta)
      pipeline: unknown experiment "sae" (known: mlp-classes, mlp-toy, mlp-scrambled, mlp-bipartite, vae-beta)",
        "unknown backend": "pipeline: --backend must be one of auto, tensorflow, wasm, cpu, got "webgpu"",
        "unknown command": "pipeline: unknown command "train" (commands: run, check, merge, import; see --help)",
        "unknown experiment": "pipeline: unknown experiment "vae-gamma" (known: mlp-classes, mlp-toy, mlp-scrambled, mlp-bipartite, vae-beta)",
        "unknown flag": "pipeline: Unknown option '--epochs'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "--epochs" (see --help)",
        "unknown preset": "pipeline: unknown preset "huge" (known: default, quick)",
        "value given to a boolean flag": "pipeline: Option '--force' does not take an argument (see --help)",
        "workers a word": "pipeline: --workers must be an integer 0 … 16, got "two"",
      }
    `);
  });

  it('--out under /proc fails within seconds (it used to spin forever)', () => {
    const started = performance.now();
    const r = runCli(['--preset', 'quick', '--out', '/proc/x', '--cache', cache]);
    const seconds = (performance.now() - started) / 1000;
    expect(r.status).toBe(2);
    expect(seconds).toBeLessThan(15);
  });

  it('a forced backend that is not installed is a usage error, not a crash', () => {
    // @tensorflow/tfjs-node made absent for this child, also where it did install.
    const r = runCli(
      [
        '--backend',
        'tensorflow',
        '--only',
        'mlp-toy',
        '--preset',
        'quick',
        '--out',
        out,
        '--cache',
        cache,
      ],
      ROOT,
      'absent',
    );
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^backend: "tensorflow" is not available \(.+\).*--backend wasm/,
    );
    expect(fingerprint(out)).toEqual(before);
  });

  it('names the Debian package when a config asks for fashion-mnist and it is not installed, touching nothing', () => {
    const saved = process.env.STRUCTVIZ_FASHION_MNIST_DIR;
    process.env.STRUCTVIZ_FASHION_MNIST_DIR = join(dir, 'no-fashion');
    try {
      const file = config('fashion.json', {
        experiments: { 'vae-beta': { dataset: 'fashion-mnist' } },
      });
      const r = runCli(['--only', 'vae-beta', '--config', file, '--out', out, '--cache', cache]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).not.toMatch(/backend/);
      expect(r.stderr.trim().replaceAll(dir, '<tmp>')).toBe(
        "invalid configuration:\n  <tmp>/fashion.json: experiments.vae-beta.dataset: fashion-mnist: <tmp>/no-fashion/train-images-idx3-ubyte.gz not found; install Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist) or set STRUCTVIZ_FASHION_MNIST_DIR to a folder holding its four IDX files",
      );
      expect(fingerprint(out)).toEqual(before);
    } finally {
      if (saved === undefined) delete process.env.STRUCTVIZ_FASHION_MNIST_DIR;
      else process.env.STRUCTVIZ_FASHION_MNIST_DIR = saved;
    }
  });

  it('--help lists the presets, experiments, kinds and datasets', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /default\s+mlp-classes \(mlp-classes, mnist\), mlp-toy \(mlp-classes, spiral\)/,
    );
    expect(r.stdout).toContain(
      'Datasets: mnist, fashion-mnist, spiral, spiral3, moons, circles, xor, gaussians',
    );
    expect(r.stdout).toContain('Experiment kinds (for --config): mlp-classes');
  });
});
