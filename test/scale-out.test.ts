/**
 * Scale-out as the GitHub Actions matrix does it (pipeline.yml), with child processes standing
 * in for jobs: `--list` names the experiments, each is run alone (`--only <name> --out
 * part-<name>`, its own process, folder and cache), and `merge` writes one folder with the bytes
 * of a single quick run. A part from another seed, a tampered part, a duplicate experiment and
 * a missing one are refused in one line, with nothing written. Also `--require-cached`.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../pipeline/contract.ts';
import { fingerprint, runCli, runCliAsync } from './helpers/cli.ts';
import { inLanes } from './helpers/lanes.ts';
import {
  copyCacheEntry,
  sharedQuickRun,
  sharedToySeed2,
  type QuickRun,
} from './helpers/quick-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-scale-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let single: QuickRun;
let names: string[];
const part = (name: string): string => join(dir, `part-${name}`);
/** The arguments of one "matrix job": the experiment alone, in its own folder and fresh cache. */
const jobArgs = (name: string, ...extra: string[]) => [
  '--preset',
  'quick',
  '--backend',
  'wasm',
  '--only',
  name,
  ...extra,
  '--out',
  extra.length ? join(dir, `part-${name}-${extra.join('')}`) : part(name),
  '--cache',
  join(dir, `cache-${name}${extra.join('')}`),
];
/** One "matrix job", in its own process. */
const job = (name: string, ...extra: string[]) => runCli(jobArgs(name, ...extra));

/** A folder with a published quick run in it: what a refused merge must leave alone. */
function publishedCopy(name: string): { out: string; before: Record<string, string> } {
  const out = join(dir, `published-${name}`);
  cpSync(single.out, out, { recursive: true });
  return { out, before: fingerprint(out) };
}

/** A merge that must be refused: exit 2, one line, the folder as it was. */
function refused(parts: string[], name: string): string {
  const { out, before } = publishedCopy(name);
  const r = runCli(['merge', ...parts, '--out', out]);
  expect(r.status, r.stdout + r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(fingerprint(out)).toEqual(before);
  return r.stderr.trim();
}

beforeAll(async () => {
  single = sharedQuickRun();
  const list = runCli(['--list', '--preset', 'quick']);
  expect(list.status, list.stderr).toBe(0);
  names = JSON.parse(list.stdout) as string[];
  // Five fresh quick experiments, two jobs at a time as a matrix runs them side by side: one
  // experiment alone leaves a core idle while it trains (about a minute in turn on a quiet
  // 2-core machine, 4 under load).
  const runs = await inLanes(names, (name) => runCliAsync(jobArgs(name)));
  for (const [i, name] of names.entries())
    expect(runs[i]?.status, `${name}: ${runs[i]?.stderr}`).toBe(0);
}, 900_000);

describe('--list', () => {
  it('prints the preset’s experiment names as JSON, one line', () => {
    expect(names).toEqual(['mlp-classes', 'mlp-toy', 'mlp-scrambled', 'mlp-bipartite', 'vae-beta']);
    const manifest = JSON.parse(
      readFileSync(join(single.out, 'manifest.json'), 'utf8'),
    ) as Manifest;
    expect([...names].sort()).toEqual(Object.keys(manifest.experiments));
    const r = runCli(['--list', '--preset', 'quick', '--only', 'mlp-toy']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('pipeline: --list takes --preset and --config only, got --only');
  });
});

describe('merge', () => {
  it('merges the parts into the bytes of one quick run, and the folder passes check', () => {
    const out = join(dir, 'merged');
    const r = runCli(['merge', ...names.map(part), '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('merge: 5 experiments from 5 part(s) · preset quick · seed 1');
    expect(fingerprint(out)).toEqual(fingerprint(single.out));
    expect(Object.keys(fingerprint(out)).length).toBeGreaterThan(11);
    expect(runCli(['check', '--out', out]).status).toBe(0);
    // Again into the same folder: nothing changes.
    expect(runCli(['merge', ...names.map(part), '--out', out]).status).toBe(0);
    expect(fingerprint(out)).toEqual(fingerprint(single.out));
  });

  it('refuses a part from another seed, naming it', () => {
    // Its job served from the suite-wide seed-2 run's cache entry (quick-run.ts): this part's
    // bytes are not what is tested, its seed is.
    copyCacheEntry(sharedToySeed2(), 'mlp-toy', join(dir, 'cache-mlp-toy--seed2'));
    const seeded = job('mlp-toy', '--seed', '2');
    expect(seeded.status, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/mlp-toy: cached/);
    const other = join(dir, 'part-mlp-toy---seed2');
    const parts = [...names.filter((n) => n !== 'mlp-toy').map(part), other];
    expect(refused(parts, 'seed')).toBe(
      `merge: part ${other} has seed 2, part ${part(names[0])} has seed 1; every part must come from the same preset, seed, backend and generator version; nothing was written`,
    );
  });

  it('refuses a tampered part, naming it and the file', () => {
    const tampered = join(dir, 'tampered');
    cpSync(part('mlp-toy'), tampered, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(tampered, 'manifest.json'), 'utf8')) as Manifest;
    const file = manifest.experiments['mlp-toy']?.files[0]?.name;
    const bytes = readFileSync(join(tampered, file));
    bytes[bytes.length >> 1] ^= 1;
    writeFileSync(join(tampered, file), bytes);
    const parts = [...names.filter((n) => n !== 'mlp-toy').map(part), tampered];
    expect(refused(parts, 'tampered')).toBe(
      `merge: part ${tampered} fails check: ${file}: sha256 differs from the manifest (file changed or corrupt); nothing was written`,
    );
  });

  it('refuses an experiment given twice, and one no part holds', () => {
    const twice = join(dir, 'twice');
    cpSync(part('mlp-toy'), twice, { recursive: true });
    expect(refused([...names.map(part), twice], 'twice')).toBe(
      `merge: experiment mlp-toy is in part ${part('mlp-toy')} and in part ${twice}; give each experiment once; nothing was written`,
    );
    expect(refused(names.filter((n) => n !== 'vae-beta').map(part), 'missing')).toBe(
      'merge: preset quick has vae-beta, which no part holds; run it (--only vae-beta) and add the part; nothing was written',
    );
  });

  it('refuses a part that is not a data folder, and an --out inside a part', () => {
    const missing = join(dir, 'no-such-part');
    expect(refused([...names.map(part), missing], 'not-a-folder')).toBe(
      `merge: part ${missing} is not a data folder (${missing}: no such folder (check --out)); nothing was written`,
    );
    const r = runCli(['merge', ...names.map(part), '--out', join(part('mlp-toy'), 'x')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      `merge: --out ${join(part('mlp-toy'), 'x')} and part ${part('mlp-toy')} overlap; write the merged folder elsewhere`,
    );
    expect(existsSync(join(part('mlp-toy'), 'x'))).toBe(false);
    // Usage: --out is required, and run flags are not merge's.
    expect(runCli(['merge', part('mlp-toy')]).stderr.trim()).toBe(
      'merge: --out DIR is required (the merged data folder)',
    );
    const flags = runCli(['merge', part('mlp-toy'), '--out', join(dir, 'm'), '--seed', '2']);
    expect([flags.status, flags.stderr.trim()]).toEqual([
      2,
      'pipeline: merge takes --out and --cache only, got --seed',
    ]);
  });
});

describe('--require-cached', () => {
  it('publishes from the cache without training', () => {
    const cache = join(dir, 'cache-copy');
    cpSync(single.cache, cache, { recursive: true });
    const out = join(dir, 'from-cache');
    const r = runCli(['--preset', 'quick', '--require-cached', '--out', out, '--cache', cache]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/computed/);
    expect(r.stdout.match(/: cached in/g)).toHaveLength(5);
    expect(fingerprint(out)).toEqual(fingerprint(single.out));
  });

  it('fails in one line per missing experiment, before training, writing nothing', () => {
    const cache = join(dir, 'cache-partial');
    cpSync(single.cache, cache, { recursive: true });
    const entry = JSON.parse(readFileSync(join(single.out, 'manifest.json'), 'utf8')) as Manifest;
    const hash = entry.experiments['mlp-toy']?.configHash;
    rmSync(join(cache, `mlp-toy-${hash}`), { recursive: true });
    const out = join(dir, 'not-cached');
    const started = performance.now();
    const r = runCli(['--preset', 'quick', '--require-cached', '--out', out, '--cache', cache]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      `pipeline: --require-cached: mlp-toy (config hash ${hash}) is neither in ${out} nor in the cache ${cache}; run it there first or drop --require-cached`,
    );
    expect(r.stdout).not.toMatch(/computed|cached in/);
    expect(existsSync(out)).toBe(false);
    expect((performance.now() - started) / 1000).toBeLessThan(60);
  });
});
