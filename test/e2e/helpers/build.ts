/**
 * Builds the site once for all browser tests and benchmarks.
 *
 * The output goes to `$TMPDIR/structviz-e2e-build/<key>/`, where the key hashes everything the
 * build reads: `site/**`, `astro.config.mjs`, `pipeline/contract.ts`, `tsconfig.json`,
 * `package-lock.json`, `data/manifest.json` (which holds every data file's sha256),
 * `data/README.md` and the BASE_PATH / SITE_URL environment. An unchanged tree reuses the
 * earlier build; any edit rebuilds. `dist/` is never touched, so a build running there (or a
 * dev server) does not interfere. Each build goes to a `.partial` folder that is renamed into
 * place only when complete and checked, so a crashed build is never reused.
 *
 * Overrides: `STRUCTVIZ_E2E_SITE=<dir>` uses an existing build as is (e.g. `dist` after
 * `npm run build`); `STRUCTVIZ_E2E_REBUILD=1` ignores the cache.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { ASTRO_LOCK, ASTRO_WAIT_MS, withoutViteEnv } from '../../helpers/cli.ts';
import { withFileLock } from '../../helpers/file-lock.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const INPUT_FILES = [
  'astro.config.mjs',
  'pipeline/contract.ts',
  'tsconfig.json',
  'package-lock.json',
  'data/manifest.json',
  'data/README.md',
];
const INPUT_DIRS = ['site'];
const CACHE = join(tmpdir(), 'structviz-e2e-build');
const KEEP_MS = 60 * 60 * 1000;

export interface SiteBuild {
  /** The built site (index.html, explore/, _astro/, data/). */
  dir: string;
  /** Base path the site was built for, e.g. `/` or `/structviz/`. */
  base: string;
  /** True if this call ran `astro build`. */
  built: boolean;
  /** ms the build took (0 when reused). */
  ms: number;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile())
    .sort();
}

/** Hash of every build input (contents, not times). */
export function buildKey(): string {
  const hash = createHash('sha256');
  const files = [
    ...INPUT_FILES.map((f) => join(ROOT, f)),
    ...INPUT_DIRS.flatMap((d) => listFiles(join(ROOT, d))),
  ];
  for (const file of files) {
    hash.update(relative(ROOT, file));
    hash.update(existsSync(file) ? readFileSync(file) : 'missing');
  }
  hash.update(
    `BASE_PATH=${process.env['BASE_PATH'] ?? ''};SITE_URL=${process.env['SITE_URL'] ?? ''}`,
  );
  return hash.digest('hex').slice(0, 16);
}

function basePath(): string {
  const base = process.env['BASE_PATH'] || '/';
  return `/${base.replace(/^\/|\/$/g, '')}/`.replace('//', '/');
}

/** Throws unless `dir` looks like a complete build that includes every data file of the manifest. */
export function checkBuild(dir: string): void {
  for (const f of ['index.html', 'explore/index.html', 'data/manifest.json']) {
    if (!existsSync(join(dir, f)))
      throw new Error(
        `e2e build: ${dir} has no ${f}; the build is incomplete or data/ was not copied`,
      );
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'data/manifest.json'), 'utf8')) as {
    experiments: Record<string, { files: { name: string; bytes: number }[] }>;
  };
  for (const experiment of Object.values(manifest.experiments)) {
    for (const file of experiment.files) {
      const path = join(dir, 'data', file.name);
      if (!existsSync(path) || statSync(path).size !== file.bytes)
        throw new Error(
          `e2e build: ${path} is missing or not ${file.bytes} bytes as the manifest says`,
        );
    }
  }
}

function runAstroBuild(outDir: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'node_modules/astro/astro.js'), 'build', '--outDir', outDir],
      {
        cwd: ROOT,
        // NODE_ENV=production: vitest sets NODE_ENV=test, which made Vite compile Preact's
        // development JSX (≈ 3 KB gz more per island) into the build the e2e suite and
        // bench:site share; the tested build must be the one that is published. For the same
        // reason without the `import.meta.env` values vitest copies onto process.env (DEV=1
        // there made the build's pages read `import.meta.env.DEV` as true).
        env: {
          ...withoutViteEnv(process.env),
          NODE_ENV: 'production',
          FORCE_COLOR: '0',
          ASTRO_TELEMETRY_DISABLED: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), 280_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else
        reject(
          new Error(
            `e2e build: \`astro build\` failed (${signal ?? `exit ${code}`}):\n${output.split('\n').slice(-40).join('\n')}`,
          ),
        );
    });
  });
}

function prune(keep: string): void {
  if (!existsSync(CACHE)) return;
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    if (path !== keep && Date.now() - statSync(path).mtimeMs > KEEP_MS)
      rmSync(path, { recursive: true, force: true });
  }
}

/** The built site: reused when nothing changed, else built now (≈40 s on 2 cores). */
export async function ensureSiteBuild(): Promise<SiteBuild> {
  const base = basePath();
  const given = process.env['STRUCTVIZ_E2E_SITE'];
  if (given) {
    const dir = resolve(ROOT, given);
    checkBuild(dir);
    return { dir, base, built: false, ms: 0 };
  }
  const dir = join(CACHE, buildKey());
  if (existsSync(dir) && process.env['STRUCTVIZ_E2E_REBUILD'] !== '1') {
    checkBuild(dir);
    return { dir, base, built: false, ms: 0 };
  }
  mkdirSync(CACHE, { recursive: true });
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const t = performance.now();
  try {
    await withFileLock(ASTRO_LOCK, () => runAstroBuild(partial), ASTRO_WAIT_MS);
    checkBuild(partial);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  prune(dir);
  return { dir, base, built: true, ms: performance.now() - t };
}
