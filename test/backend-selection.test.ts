/**
 * Which backend a run uses on a machine where @tensorflow/tfjs-node installed, simulated by a
 * stub at its import path (test/helpers/tfjs-node/): the published preset and every run without
 * --backend stay on wasm, with the same bytes as without the package; `--backend auto` takes
 * the native backend, says why, and never loads it in a worker thread.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../pipeline/contract.ts';
import { ROOT, fingerprint, runCli, startCli } from './helpers/cli.ts';
import { sharedQuickRun } from './helpers/quick-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-backend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const manifestOf = (out: string): Manifest =>
  JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;

/** The stub's loads in a run: one line per load, `main` or `worker <id>`. */
function loads(log: string): string[] {
  try {
    return readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

describe('with @tensorflow/tfjs-node installed (stub)', () => {
  it('a run without --backend stays on wasm, says it is pinned, and writes the wasm bytes', () => {
    const out = join(dir, 'pinned');
    const log = join(dir, 'pinned.loads');
    const r = runCli(
      ['--preset', 'quick', '--only', 'mlp-toy', '--out', out, '--cache', join(dir, 'c1')],
      ROOT,
      'stub',
      log,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/· backend wasm \(pinned: the published data are wasm bytes/);
    expect(loads(log)).toEqual([]);
    const manifest = manifestOf(out);
    expect(manifest.backend).toBe('wasm');
    // The same bytes as the suite's quick run, where --backend wasm was named.
    const shared = sharedQuickRun();
    expect(shared.status, shared.stderr).toBe(0);
    expect(manifest.experiments['mlp-toy']).toEqual(manifestOf(shared.out).experiments['mlp-toy']);
    expect(fingerprint(join(out, 'mlp-toy'))).toEqual(fingerprint(join(shared.out, 'mlp-toy')));
  });

  it('--backend auto picks the native backend, says why, and keeps it out of the worker threads', () => {
    const out = join(dir, 'auto');
    const log = join(dir, 'auto.loads');
    const r = runCli(
      [
        '--preset',
        'quick',
        '--only',
        'mlp-toy',
        '--backend',
        'auto',
        '--workers',
        '2',
        '--out',
        out,
        '--cache',
        join(dir, 'c2'),
      ],
      ROOT,
      'stub',
      log,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '· backend tensorflow (auto, the first that loads of tensorflow, wasm, cpu: @tensorflow/tfjs-node is installed; views and training on the main thread, the native backend is never loaded in worker threads) ·',
    );
    expect(manifestOf(out).backend).toBe('tensorflow');
    expect(manifestOf(out).experiments['mlp-toy']?.backend).toBe('tensorflow');
    // Loaded once, on the main thread; never in a view worker.
    expect(loads(log)).toEqual(['main']);
    expect(runCli(['check', '--out', out]).status).toBe(0);
  });

  it('a run served from the cache loads no backend: --backend tensorflow publishes the cached native results without loading it', () => {
    // The cache c2 holds the auto run's mlp-toy, computed on the native backend (the test above).
    const out = join(dir, 'from-cache');
    const log = join(dir, 'from-cache.loads');
    const args = ['--preset', 'quick', '--only', 'mlp-toy', '--backend', 'tensorflow'];
    const r = runCli([...args, '--out', out, '--cache', join(dir, 'c2')], ROOT, 'stub', log);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('· backend tensorflow (--backend tensorflow; views and training');
    expect(r.stdout).toMatch(/mlp-toy: cached/);
    expect(loads(log)).toEqual([]);
    expect(fingerprint(join(out, 'mlp-toy'))).toEqual(fingerprint(join(dir, 'auto', 'mlp-toy')));
  });

  it('the published preset with --backend auto must name its folder: data/ holds wasm bytes', () => {
    const r = runCli(['--backend', 'auto', '--cache', join(dir, 'c3')], ROOT, 'stub');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      'pipeline: with --backend auto the results are not the published data; choose where they go with --out DIR (data/ holds the default preset, seed 1, backend wasm)',
    );
  });

  it('the published preset selects wasm', async () => {
    const out = join(dir, 'published');
    const log = join(dir, 'published.loads');
    const child = startCli(
      ['--only', 'mlp-toy', '--out', out, '--cache', join(dir, 'c4')],
      ROOT,
      'stub',
      log,
    );
    let stdout = '';
    const header = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = /^structviz pipeline .*$/m.exec(stdout)?.[0];
        if (line) resolve(line);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before its header: ${stdout}`)));
    });
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(header).toMatch(/^structviz pipeline · preset default · seed 1 · backend wasm \(pinned/);
    expect(loads(log)).toEqual([]);
  });
});
