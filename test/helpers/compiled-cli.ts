/**
 * The pipeline CLI compiled once per `npm test` for the suites' child processes.
 *
 * `npm run pipeline` runs pipeline/cli.ts through tsx. Its loader costs ≈ 0.5 s of CPU in
 * every process and worker thread that loads the pipeline (a hooks thread, a message to it per
 * module, a cache lookup per file), and the suites start a few hundred such processes. A
 * cached quick mlp-toy publish took 1.6 s of CPU through tsx and 1.05 s compiled, with the
 * same bytes. So the suites run the same sources bundled by esbuild, the compiler tsx itself
 * uses, with every package left to node_modules. The shared quick run (quick-run.ts) still
 * runs through tsx, as `npm run pipeline` does, and the suites compare other runs' bytes
 * with it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..', '..');

/** The compiled CLI's entry file in its folder. */
export const COMPILED_CLI = 'cli.mjs';

/**
 * Worker entries: each `*-boot.mjs` beside the pipeline's sources registers tsx and imports
 * one TypeScript module; a pool starts it as `new URL('./<name>-boot.mjs', import.meta.url)`.
 * In the compiled folder, `<name>-boot.mjs` is that module's own bundle (no tsx), beside the
 * chunks whose `import.meta.url` points there.
 */
function workerEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  const dir = join(ROOT, 'pipeline');
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('-boot.mjs')) continue;
    const path = join(dir, file);
    const target = /await import\('(\.\/[^']+\.ts)'\)/.exec(readFileSync(path, 'utf8'))?.[1];
    if (!target)
      throw new Error(`${relative(ROOT, path)}: no \`await import('./….ts')\` to compile`);
    const name = basename(file, '.mjs');
    if (entries[name]) throw new Error(`two worker entries named ${name}`);
    entries[name] = join(dirname(path), target);
  }
  return entries;
}

/** Bundles pipeline/cli.ts and the worker entries into `outDir` (under the package root, so packages resolve). */
export async function compileCli(outDir: string): Promise<void> {
  await build({
    entryPoints: { cli: join(ROOT, 'pipeline', 'cli.ts'), ...workerEntries() },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}
