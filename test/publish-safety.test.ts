/**
 * The publish and everything around it, in child processes (quick preset, mlp-toy only):
 * a kill after any publish step leaves a folder that passes check; stray temporaries and
 * unfinished cache entries are removed by the next run; a corrupt cache entry is recomputed;
 * manifests whose file names leave the folder are refused by run and check, and nothing
 * outside the folder is touched; relative paths resolve from the user's directory.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../pipeline/contract.ts';
import { spawnSync } from 'node:child_process';
import { checkFolder } from '../pipeline/check.ts';
import { cliArgs, ROOT, fingerprint, runCli, runCliAsync, type CliResult } from './helpers/cli.ts';
import { inLanes } from './helpers/lanes.ts';
import { copyCacheEntry, sharedQuickRun, sharedToySeed2 } from './helpers/quick-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-publish-'));
const cache = join(dir, 'cache');
const old = join(dir, 'old'); // seed 1
const QUICK_TOY = ['--preset', 'quick', '--only', 'mlp-toy'];

/** Runs the CLI with extra environment variables. */
function runWith(
  args: string[],
  env: Record<string, string>,
  cwd = ROOT,
): CliResult & { signal: NodeJS.Signals | null } {
  const r = spawnSync(process.execPath, [...cliArgs(), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

const manifestOf = (out: string): Manifest =>
  JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
const check = (out: string): CliResult => runCli(['check', '--out', out]);

/** A fresh copy of the seed-1 folder. */
function copyOld(name: string): string {
  const target = join(dir, name);
  cpSync(old, target, { recursive: true });
  return target;
}

beforeAll(() => {
  // Seeds 1 and 2 into the cache, so the publish runs below take no training. The entries are
  // the suite-wide runs' (quick-run.ts): computing them here again would test nothing more
  // (a recompute to the same bytes is tested below, with a corrupt entry).
  copyCacheEntry(sharedQuickRun(), 'mlp-toy', cache);
  copyCacheEntry(sharedToySeed2(), 'mlp-toy', cache);
  const first = runCli([...QUICK_TOY, '--out', old, '--cache', cache]);
  expect(first.status, first.stderr).toBe(0);
  expect(first.stdout).toMatch(/mlp-toy: cached/);
  const second = runCli([...QUICK_TOY, '--seed', '2', '--out', join(dir, 'new'), '--cache', cache]);
  expect(second.status, second.stderr).toBe(0);
  expect(second.stdout).toMatch(/mlp-toy: cached/);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('publish: the manifest is the single commit point', () => {
  it('a SIGKILL after any publish step leaves a folder that passes check, holding the old or the new run', async () => {
    const seen = { old: 0, new: 0 };
    // Steps run two at a time (each in its own copy), in order, until one finishes normally:
    // the run has fewer steps than that one. Steps started beside it must finish normally too.
    let finished = 80;
    const killAfter = async (step: number) => {
      if (step > finished) return undefined;
      const out = copyOld(`killed-${step}`);
      const r = await runCliAsync([...QUICK_TOY, '--seed', '2', '--out', out, '--cache', cache], {
        env: { STRUCTVIZ_KILL_AFTER_PUBLISH_STEP: String(step) },
      });
      if (r.signal === null) finished = Math.min(finished, step);
      return { out, r };
    };
    const runs = await inLanes(
      Array.from({ length: 79 }, (_, i) => i + 1),
      killAfter,
    );
    let step = 1;
    for (; step < 80; step++) {
      const run = runs[step - 1];
      if (!run) break;
      const { out, r } = run;
      if (r.signal === null) {
        // The run has fewer steps than this: it finished normally.
        expect(r.status, r.stderr).toBe(0);
        for (const later of runs.slice(step)) expect(later?.r.signal ?? null).toBeNull();
        break;
      }
      expect(r.signal).toBe('SIGKILL');
      expect(r.stdout).toMatch(/mlp-toy: cached/);
      // check's own verification, in process (the CLI around it is tested below and elsewhere).
      expect(checkFolder(out).problems, `after step ${step}`).toEqual([]);
      seen[manifestOf(out).seed === 1 ? 'old' : 'new']++;
    }
    // Steps before the commit keep the old run, the commit and later ones show the new run.
    expect(seen.old).toBeGreaterThanOrEqual(10);
    expect(seen.new).toBeGreaterThanOrEqual(10);
    expect(step).toBeLessThan(80);
    // The next run tidies what the kill left: check then has nothing to note.
    const out = join(dir, `killed-${Math.floor(step / 2)}`);
    const rerun = runCli([...QUICK_TOY, '--seed', '2', '--out', out, '--cache', cache]);
    expect(rerun.status, rerun.stderr).toBe(0);
    const c = check(out);
    expect(c.status).toBe(0);
    expect(c.stdout).not.toContain('note');
    expect(fingerprint(out)).toEqual(fingerprint(join(dir, 'new')));
    // One CLI run and one check per publish step; the sensitivity tables added seven files
    // (and steps) to mlp-toy, which took it past 120 s on a loaded 2-core machine.
  }, 300_000);

  it('Ctrl-C during publishing: the publish completes, then the run exits 130', () => {
    const out = copyOld('sigint');
    const r = runWith([...QUICK_TOY, '--seed', '2', '--out', out, '--cache', cache], {
      STRUCTVIZ_KILL_AFTER_PUBLISH_STEP: '1',
      STRUCTVIZ_KILL_SIGNAL: 'SIGINT',
    });
    expect(r.status).toBe(130);
    expect(r.stdout).toContain('SIGINT during publishing; the publish was completed first');
    expect(check(out).status).toBe(0);
    expect(fingerprint(out)).toEqual(fingerprint(join(dir, 'new')));
  });
});

describe('leftovers and a damaged cache', () => {
  it('stray *.tmp files are reported by check and removed by the next run, with unfinished cache entries', () => {
    const out = copyOld('stray');
    writeFileSync(join(out, 'mlp-toy', 'nodes.0123456789abcdef.arrow.999999.tmp'), 'half a file');
    writeFileSync(join(out, 'manifest.json.999998.tmp'), '{');
    mkdirSync(join(cache, 'mlp-toy-0123456789abcdef.999997.partial'));
    writeFileSync(join(cache, 'mlp-toy-0123456789abcdef.999997.partial', 'entry.json'), '{');
    const before = check(out);
    expect(before.status).toBe(1);
    expect(before.stderr).toContain(
      'mlp-toy/nodes.0123456789abcdef.arrow.999999.tmp: temporary file of an interrupted run',
    );
    expect(before.stderr).toContain(
      'manifest.json.999998.tmp: temporary file of an interrupted run',
    );
    const r = runCli([...QUICK_TOY, '--out', out, '--cache', cache]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('removed 2 temporary file(s) of an interrupted run');
    expect(r.stdout).toContain('cache: removed unfinished entries of an interrupted run');
    expect(existsSync(join(cache, 'mlp-toy-0123456789abcdef.999997.partial'))).toBe(false);
    expect(check(out).status).toBe(0);
    expect(fingerprint(out)).toEqual(fingerprint(old));
  });

  it('a corrupt cache entry is discarded with one warning line and recomputed, to the same bytes', () => {
    const own = join(dir, 'cache-corrupt');
    cpSync(cache, own, { recursive: true });
    const entries = readdirSync(own).filter((e) => e.startsWith('mlp-toy-'));
    expect(entries.length).toBe(2);
    for (const e of entries)
      writeFileSync(join(own, e, 'entry.json'), '{"kind": "mlp-classes", "files": [');
    const out = join(dir, 'recomputed');
    const r = runCli([...QUICK_TOY, '--out', out, '--cache', own]);
    expect(r.status, r.stderr).toBe(0);
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('cache: discarding'));
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toMatch(
      /^cache: discarding .*mlp-toy-[0-9a-f]{16}: entry\.json does not match entry\.sha256 \(edited or corrupt\); recomputing$/,
    );
    expect(r.stdout).toMatch(/mlp-toy\s+computed/);
    expect(fingerprint(out)).toEqual(fingerprint(old));
  });

  it('an unwritable cache is a warning, not a failure', () => {
    const out = copyOld('no-cache');
    const r = runCli([...QUICK_TOY, '--out', out, '--cache', '/proc/structviz-cache']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'cache: /proc/structviz-cache is not writable (ENOENT: the parent folder does not accept new folders); finished experiments will not be cached',
    );
    expect(r.stdout).toMatch(/mlp-toy\s+reused/);
  });
});

describe('manifest file names stay inside the output folder', () => {
  /** A copy of the seed-1 folder whose first mlp-toy file is renamed to `name` in the manifest; a victim file waits outside. */
  function escaping(label: string, name: (out: string) => string): { out: string; victim: string } {
    const out = copyOld(label);
    const victim = join(dir, `victim-${label}.txt`);
    writeFileSync(victim, 'precious');
    const manifest = manifestOf(out);
    const file = manifest.experiments['mlp-toy']?.files[0];
    if (!file) throw new Error('no file');
    Object.assign(file, { name: name(out) });
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest));
    return { out, victim };
  }

  it.each([
    [
      'a name with ..',
      () => '../victim-dots.txt',
      'dots',
      /files\.0\.name: "\.\.\/victim-dots\.txt" leaves the data folder \(\.\.\)/,
    ],
    ['an absolute name', () => join(dir, 'victim-abs.txt'), 'abs', /is an absolute path/],
  ])('%s: run exits 2 and touches nothing, check names it', (_, name, label, message) => {
    const { out, victim } = escaping(label, name);
    const before = fingerprint(out);
    // Seed 2 would replace every file the manifest lists, the escaping one included.
    const r = runCli([...QUICK_TOY, '--seed', '2', '--out', out, '--cache', cache]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).not.toMatch(/backend/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(fingerprint(out)).toEqual(before);
    const c = check(out);
    expect(c.status).toBe(1);
    expect(c.stderr).toMatch(message);
  });

  it('a symbolic link inside the folder: run exits 2 and deletes nothing behind it, check names it', () => {
    const out = copyOld('link');
    const outside = join(dir, 'outside');
    cpSync(join(out, 'mlp-toy'), outside, { recursive: true });
    const before = fingerprint(outside);
    // mlp-toy/ now points outside the folder: deleting "its" old files would delete these.
    rmSync(join(out, 'mlp-toy'), { recursive: true });
    symlinkSync(outside, join(out, 'mlp-toy'));
    const r = runCli([...QUICK_TOY, '--seed', '2', '--out', out, '--cache', cache]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /goes through the symbolic link .*mlp-toy, which may point outside the folder; refusing to touch it/,
    );
    expect(fingerprint(outside)).toEqual(before);
    const c = check(out);
    expect(c.status).toBe(1);
    expect(c.stderr).toContain('mlp-toy: symbolic link; a data folder holds plain files only');
  });
});

describe('paths and seeds as the user gave them', () => {
  it('resolves a relative --out from the directory the command ran in, and says where it wrote', () => {
    const here = join(dir, 'cwd');
    mkdirSync(here);
    cpSync(old, join(here, 'rel'), { recursive: true });
    const r = runCli([...QUICK_TOY, '--out', 'rel', '--cache', cache], here);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`out ${join(here, 'rel')}`);
    expect(r.stdout).toContain(`manifest written to ${join(here, 'rel', 'manifest.json')}`);
    // Under npm run, the package root is the working directory and INIT_CWD is the user's.
    const viaNpm = runWith([...QUICK_TOY, '--out', 'rel', '--cache', cache], {
      npm_lifecycle_event: 'pipeline',
      INIT_CWD: here,
    });
    expect(viaNpm.status, viaNpm.stderr).toBe(0);
    expect(viaNpm.stdout).toContain(`out ${join(here, 'rel')}`);
    expect(existsSync(join(ROOT, 'rel'))).toBe(false);
  });

  it("an explicit --seed wins over the config file's seed, and says so", () => {
    const config = join(dir, 'seeded.json');
    writeFileSync(config, JSON.stringify({ seed: 7, experiments: {} }));
    const out = copyOld('seeded');
    const r = runCli([
      ...QUICK_TOY,
      '--seed',
      '1',
      '--config',
      config,
      '--out',
      out,
      '--cache',
      cache,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("--seed 1 overrides the config file's seed 7");
    expect(r.stdout).toMatch(/mlp-toy\s+reused/);
    expect(manifestOf(out).seed).toBe(1);
  });
});
