/**
 * The pipeline end to end in child processes, quick preset: valid output, byte-identical
 * artifacts for the same seed, reuse, tamper detection, and interruption safety.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../pipeline/contract.ts';
import { fingerprint, runCli, runCliAsync, startCli, type CliResult } from './helpers/cli.ts';
import { copyQuickRun } from './helpers/quick-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-run-'));
const outA = join(dir, 'a');
/** Limit for a test whose run shares the cores with another. */
const HEAVY_MS = 600_000;
let first: CliResult;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  // The suite-wide quick run (`--preset quick --backend wasm --out A --cache cache-a`), copied here.
  first = copyQuickRun(outA, join(dir, 'cache-a'));
});

describe('npm run pipeline -- --preset quick', () => {
  it('writes data that passes check, with a summary table', () => {
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /experiment\s+status\s+snapshots\s+seconds\s+files\s+MB\s+backend/,
    );
    expect(first.stdout).toMatch(/mlp-classes\s+computed\s+\d+/);
    const check = runCli(['check', '--out', outA]);
    expect(check.stdout).toContain('is valid');
    expect(check.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(outA, 'manifest.json'), 'utf8')) as {
      backend: string;
      experiments: Record<string, { files: unknown[] }>;
    };
    expect(manifest.backend).toBe('wasm');
    expect(Object.keys(manifest.experiments).sort()).toEqual([
      'mlp-bipartite',
      'mlp-classes',
      'mlp-scrambled',
      'mlp-toy',
      'vae-beta',
    ]);
  });

  it('trains the same network for mlp-bipartite as for mlp-classes (same fields, same seed)', () => {
    const manifest = JSON.parse(readFileSync(join(outA, 'manifest.json'), 'utf8')) as Manifest;
    const { 'mlp-classes': classes, 'mlp-bipartite': bipartite } = manifest.experiments;
    expect(bipartite?.snapshots).toEqual(classes?.snapshots);
    expect(bipartite?.summary['finalTestAccuracy']).toBe(classes?.summary['finalTestAccuracy']);
  });

  it('reuses experiments whose config hash matches, without recomputing', () => {
    const before = fingerprint(outA);
    const again = runCli(['--preset', 'quick', '--out', outA, '--cache', join(dir, 'cache-a')]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/mlp-classes\s+reused/);
    expect(again.stdout).toMatch(/mlp-toy\s+reused/);
    expect(fingerprint(outA)).toEqual(before);
  });

  it('check names a corrupt file and exits non-zero', () => {
    const bad = join(dir, 'tampered');
    cpSync(outA, bad, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(bad, 'manifest.json'), 'utf8')) as Manifest;
    const name =
      manifest.experiments['mlp-toy']?.files.find((f) => f.table === 'positions' && f.split === 1)
        ?.name ?? '?';
    const file = join(bad, name);
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(file, bytes);
    const check = runCli(['check', '--out', bad]);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`${name}: sha256 differs from the manifest`);
  });

  // The two runs below compute from empty caches and share nothing but the folder A they compare
  // with, so they run side by side: a quick run keeps both cores busy only part of the time, the
  // one-thread run never. Each is still its own child from nothing; they come after the tests
  // that rewrite A in place, and use their own `expect`.
  it.concurrent(
    'is deterministic: a second run with the same seed gives identical bytes for every file',
    async ({ expect }) => {
      const outB = join(dir, 'b');
      const second = await runCliAsync([
        '--preset',
        'quick',
        '--backend',
        'wasm',
        '--out',
        outB,
        '--cache',
        join(dir, 'cache-b'),
      ]);
      expect(second.status, `${second.signal ?? ''} ${second.stderr}`).toBe(0);
      const a = fingerprint(outA);
      expect(Object.keys(a).length).toBeGreaterThanOrEqual(11);
      expect(fingerprint(outB)).toEqual(a);
    },
    HEAVY_MS,
  );

  it.concurrent(
    'gives the same bytes on one thread (--workers 0) as with view worker threads',
    async ({ expect }) => {
      const outInline = join(dir, 'inline');
      const inline = await runCliAsync([
        '--preset',
        'quick',
        '--workers',
        '0',
        '--out',
        outInline,
        '--cache',
        join(dir, 'cache-inline'),
      ]);
      expect(inline.status, `${inline.signal ?? ''} ${inline.stderr}`).toBe(0);
      expect(fingerprint(outInline)).toEqual(fingerprint(outA));
    },
    HEAVY_MS,
  );

  it('an interrupted run leaves data/ exactly as it was, and a rerun resumes from the cache', async () => {
    const out = join(dir, 'killed');
    cpSync(outA, out, { recursive: true });
    const before = fingerprint(out);
    const cache = join(dir, 'cache-k');
    // Seed 2 changes every config hash, so the run has real work to do; two experiments are
    // enough to be killed between them (the others keep their files, as --only promises).
    const args = ['--preset', 'quick', '--seed', '2', '--only', 'mlp-classes,mlp-toy'];
    const child = startCli([...args, '--out', out, '--cache', cache]);
    let stdout = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        // Kill once the first experiment is finished and cached, mid-way through the second.
        if (/mlp-classes: computed/.test(stdout) && /mlp-toy\s+\d+%/.test(stdout))
          child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    expect(fingerprint(out)).toEqual(before);
    const rerun = runCli([...args, '--out', out, '--cache', cache]);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/mlp-classes\s+cached/);
    expect(rerun.stdout).toMatch(/mlp-toy\s+computed/);
    expect(runCli(['check', '--out', out]).status).toBe(0);
  });

  it('Ctrl-C (SIGINT) during training leaves data/ untouched', async () => {
    const out = join(dir, 'interrupted');
    cpSync(outA, out, { recursive: true });
    const before = fingerprint(out);
    const child = startCli([
      '--preset',
      'quick',
      '--seed',
      '3',
      '--out',
      out,
      '--cache',
      join(dir, 'cache-i'),
    ]);
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (/mlp-classes\s+\d+%/.test(chunk.toString())) child.kill('SIGINT');
      });
      child.on('exit', () => resolve());
    });
    expect(child.exitCode === 0).toBe(false);
    expect(fingerprint(out)).toEqual(before);
  });
});
