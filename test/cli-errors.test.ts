/**
 * Bad input gets one clear message, a non-zero exit, and data/ is not touched.
 * Every case runs against a copy of a valid data folder and compares its fingerprint.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, runCli } from './helpers/cli.ts';

let dir: string;
let out: string;
let before: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'structviz-cli-'));
  out = join(dir, 'data');
  // A real, small published folder to protect: the quick toy experiment.
  const r = runCli(['--preset', 'quick', '--only', 'mlp-toy', '--out', out, '--cache', join(dir, 'cache')]);
  expect(r.status, r.stderr).toBe(0);
  before = fingerprint(out);
});

function fails(args: string[]): { status: number | null; message: string } {
  const r = runCli([...args, '--out', out, '--cache', join(dir, 'cache')]);
  expect(fingerprint(out)).toEqual(before);
  return { status: r.status, message: r.stderr.trim() };
}

describe('pipeline CLI errors', () => {
  it('unknown flag', () => {
    expect(fails(['--epochs', '3'])).toMatchInlineSnapshot(`
      {
        "message": "pipeline: Unknown option '--epochs'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "--epochs" (see --help)",
        "status": 2,
      }
    `);
  });

  it('unknown experiment', () => {
    expect(fails(['--only', 'mlp-toy,vae-gamma'])).toMatchInlineSnapshot(`
      {
        "message": "pipeline: unknown experiment "vae-gamma" (known: mlp-classes, mlp-toy)",
        "status": 2,
      }
    `);
  });

  it('unknown preset, bad seed, bad backend, unknown command', () => {
    expect(fails(['--preset', 'huge']).status).toBe(2);
    expect(fails(['--preset', 'huge']).message).toBe('pipeline: unknown preset "huge" (known: default, quick)');
    expect(fails(['--seed', '1.5']).message).toBe('pipeline: --seed must be an integer 0 … 4294967295, got "1.5"');
    expect(fails(['--seed=-4']).message).toBe('pipeline: --seed must be an integer 0 … 4294967295, got "-4"');
    expect(fails(['--backend', 'webgpu']).message).toBe('pipeline: --backend must be one of auto, tensorflow, wasm, cpu, got "webgpu"');
    expect(fails(['train']).message).toBe('pipeline: unknown command "train" (commands: run, check; see --help)');
  });

  it('a forced backend that is not installed', () => {
    const r = fails(['--backend', 'tensorflow', '--only', 'mlp-toy', '--preset', 'quick']);
    expect(r.status).toBe(2);
    expect(r.message).toMatch(/^backend: "tensorflow" is not available \(.+\).*--backend wasm/);
  });

  it('bad config file: every problem named by file and field', () => {
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ seed: 'one', experiments: { 'mlp-classes': { epochs: -3, hidden: [64, 0], knnK: 15.5, colour: 'red' } } }));
    expect(fails(['--config', config]).message.replaceAll(config, 'bad.json')).toMatchInlineSnapshot(`
      "invalid configuration:
        bad.json: seed: Expected number, received string
        bad.json: experiments.mlp-classes.hidden.1: Number must be greater than 0
        bad.json: experiments.mlp-classes.epochs: Number must be greater than 0
        bad.json: experiments.mlp-classes.knnK: Expected integer, received float
        bad.json: experiments.mlp-classes: unknown field "colour" for kind mlp-classes"
    `);
    writeFileSync(config, JSON.stringify({ experiments: { 'mlp-classes': { epochs: -3, hidden: [64, 0], knnK: 15.5, colour: 'red' } } }));
    const r = fails(['--config', config]);
    expect(r.status).toBe(2);
    expect(r.message.replaceAll(config, 'bad.json')).toMatchInlineSnapshot(`
      "invalid configuration:
        bad.json: experiments.mlp-classes.hidden.1: Number must be greater than 0
        bad.json: experiments.mlp-classes.epochs: Number must be greater than 0
        bad.json: experiments.mlp-classes.knnK: Expected integer, received float
        bad.json: experiments.mlp-classes: unknown field "colour" for kind mlp-classes"
    `);
  });

  it('config file that is not JSON or does not exist', () => {
    const config = join(dir, 'broken.json');
    writeFileSync(config, '{ "experiments": { ,');
    expect(fails(['--config', config]).message.replaceAll(config, 'broken.json')).toMatch(/^config: broken\.json is not valid JSON: /);
    expect(fails(['--config', join(dir, 'missing.json')]).message).toMatch(/^config: cannot read .*missing\.json: ENOENT$/);
  });
});
