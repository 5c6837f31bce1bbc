/**
 * The examples of "Bring your own network", end to end: the NumPy and PyTorch scripts write an
 * import folder, `import` lays it out, `check` passes, and the NumPy run builds as the explorer
 * alone (`npm run build -- --data DIR`). Each runs when Debian's /usr/bin/python3 has its
 * package (`.ci/run` installs python3-numpy and python3-torch); otherwise it is skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../pipeline/contract.ts';
import { ROOT, buildSiteFor, runCli } from './helpers/cli.ts';
import { collectErrors, launchChromium } from './e2e/helpers/browser.ts';
import { countColoured, elementImage, nodeOnCanvas } from './e2e/helpers/pixels.ts';
import { startServer } from './e2e/helpers/server.ts';

const PYTHON = '/usr/bin/python3';
const has = (module: string): boolean =>
  existsSync(PYTHON) && spawnSync(PYTHON, ['-c', `import ${module}`]).status === 0;

const dir = mkdtempSync(join(tmpdir(), 'structviz-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs an example script, then import and check; returns the output folder. */
function importExample(script: string, args: string[], name: string): string {
  const input = join(dir, `${name}-input`);
  const out = join(dir, `${name}-out`);
  const py = spawnSync(PYTHON, [join(ROOT, script), input, ...args], { encoding: 'utf8' });
  expect(py.status, py.stderr).toBe(0);
  const run = runCli(['import', input, '--out', out, '--cache', join(dir, `${name}-cache`)]);
  expect(run.status, run.stderr).toBe(0);
  const check = runCli(['check', '--out', out]);
  expect(check.stdout, check.stderr).toContain('is valid');
  return out;
}

const manifestOf = (out: string): Manifest =>
  JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;

/** The built explorer: the home page leads there; it draws the layout with the class names and the card's image. */
async function explorerDraws(site: string): Promise<void> {
  const server = await startServer(site);
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    await page.goto(server.url);
    await page.waitForURL(/explore/, { timeout: 30_000 });
    const figure = page.locator('[data-figure="explorer"]');
    await figure.locator('canvas').first().waitFor({ timeout: 60_000 });
    await page.waitForSelector('[data-figure="explorer"][data-state="ready"]', { timeout: 60_000 });
    await page.waitForTimeout(1000);
    const canvas = figure.locator('canvas').first();
    expect(countColoured(await elementImage(canvas))).toBeGreaterThan(500);
    await expect.poll(() => page.getByText('blob C').count()).toBeGreaterThan(0);
    const node = await nodeOnCanvas(canvas);
    expect(node).not.toBeNull();
    if (node) await page.mouse.click(node.x, node.y);
    await page.locator('.sv-tooltip canvas.sv-thumb').waitFor({ timeout: 10_000 });
    // The example's 12 × 20 colour images, as given.
    expect(await page.locator('.sv-tooltip canvas.sv-thumb').getAttribute('data-image-shape')).toBe(
      '12x20x3',
    );
    expect(await page.locator('.sv-tooltip').innerText()).not.toContain('Predicted');
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await server.close();
  }
}

describe('examples', () => {
  it.skipIf(!has('numpy'))(
    'numpy: writes a folder that imports, passes check and builds as the explorer, which draws it',
    async () => {
      const out = importExample(
        'examples/numpy/make_activations.py',
        ['--samples', '200', '--snapshots', '4'],
        'numpy',
      );
      const entry = manifestOf(out).experiments['imported'];
      expect(entry?.dataset.classes).toEqual(['blob A', 'blob B', 'blob C', 'blob D', 'blob E']);
      expect(entry?.layers.map((l) => l.name)).toEqual(['hidden1', 'hidden2']);
      const site = join(dir, 'numpy-site');
      const build = buildSiteFor(out, site, join(dir, 'tmp'));
      expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);
      expect(existsSync(join(site, 'explore', 'index.html'))).toBe(true);
      // The article is not built from an imported run: the home page points to the explorer.
      const home = readFileSync(join(site, 'index.html'), 'utf8');
      expect(home).toContain('open the explorer');
      expect(readFileSync(join(site, 'data', 'manifest.json'), 'utf8')).toContain('blob A');
      await explorerDraws(site);
    },
    900_000,
  );

  it.skipIf(!has('torch'))(
    'pytorch: the CNN example with forward hooks imports and passes check',
    () => {
      const out = importExample(
        'examples/pytorch/train.py',
        ['--epochs', '2', '--train', '600', '--trace', '120'],
        'pytorch',
      );
      const entry = manifestOf(out).experiments['imported'];
      expect(entry?.layers.map((l) => [l.name, l.width])).toEqual([
        ['conv', 784],
        ['hidden', 64],
      ]);
      expect(entry?.snapshots).toHaveLength(3);
      expect(entry?.dataset.classes).toEqual(['disc', 'ring', 'square', 'cross', 'bar']);
    },
    900_000,
  );
});
