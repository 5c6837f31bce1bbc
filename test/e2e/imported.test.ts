/**
 * The explorer built for an imported run (`npm run build -- --data DIR`), in headless Chromium:
 * the layer buttons carry the user's layer names; a run without predictions offers no
 * wrong-only filter (nor a test accuracy it did not give); the node card draws the run's
 * images as given: a colour image of a non-square size in colour with its aspect ratio, and a
 * large grey one shrunk to the contract's cap, grey, with its aspect ratio. The folders are
 * written here with the project's .npy writer; the grey run is served in place of the colour
 * run's data by the test server (same built site, another data folder).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../pipeline/contract.ts';
import { encodeNpy } from '../../pipeline/io/npy.ts';
import { createRandom } from '../../pipeline/util/random.ts';
import { buildSiteFor, runCli } from '../helpers/cli.ts';
import { collectErrors, launchChromium, type Browser } from './helpers/browser.ts';
import { colouredBox, countColoured, elementImage, nodeOnCanvas } from './helpers/pixels.ts';
import type { Image } from './helpers/png.ts';
import { startServer, type StaticServer } from './helpers/server.ts';
import { settle } from './helpers/site.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-e2e-imported-'));
const N = 90;
const S = 3;
const CLASSES = ['red', 'green', 'blue'];
/** Each class's image colour (saturated, so the card's pixels show it). */
const HUES: readonly (readonly [number, number, number])[] = [
  [220, 40, 40],
  [40, 170, 60],
  [50, 80, 220],
];
/** The colour run's images: 20 × 40 RGB (twice as wide as tall, under the 64 px cap: kept). */
const COLOUR = { height: 20, width: 40 };
/** The grey run's images: 90 × 54 (taller than wide, above the cap: shrunk to 64 × 38). */
const GREY = { height: 90, width: 54, published: { height: 64, width: 38 } };

/** Three Gaussian classes in `width` dimensions, drifting apart over the snapshots. */
function activations(width: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = CLASSES.map(() => Array.from({ length: width }, () => 5 * gauss()));
  const values = new Float32Array(S * N * width);
  for (let t = 0; t < S; t++)
    for (let i = 0; i < N; i++)
      for (let d = 0; d < width; d++)
        values[(t * N + i) * width + d] =
          ((t + 1) / S) * (centres[i % CLASSES.length]?.[d] ?? 0) + gauss();
  return values;
}

/** An import folder: layers conv2 (32 wide) and dense (8), labels, class names, a test loss (no accuracy, no predictions) and `images`. */
function writeFolder(name: string, images: Uint8Array): string {
  const path = join(dir, name);
  mkdirSync(path);
  const files: Record<string, Uint8Array | string> = {
    'activations-conv2.npy': encodeNpy('<f4', [S, N, 32], activations(32, 3)),
    'activations-dense.npy': encodeNpy('<f4', [S, N, 8], activations(8, 4)),
    'labels.npy': encodeNpy(
      '<i8',
      [N],
      BigInt64Array.from({ length: N }, (_, i) => BigInt(i % CLASSES.length)),
    ),
    'class_names.json': JSON.stringify(CLASSES),
    'metrics.json': JSON.stringify({ test_loss: [1.1, 0.6, 0.2] }),
    'images.npy': images,
  };
  for (const [file, content] of Object.entries(files)) writeFileSync(join(path, file), content);
  return path;
}

/** Colour images: each sample's image filled with its class's colour. */
function colourImages(): Uint8Array {
  const { height, width } = COLOUR;
  const pixels = new Uint8Array(N * height * width * 3);
  for (let i = 0; i < N; i++)
    for (let p = 0; p < height * width; p++)
      pixels.set(HUES[i % CLASSES.length] ?? [0, 0, 0], 3 * (i * height * width + p));
  return encodeNpy('|u1', [N, height, width, 3], pixels);
}

/** Grey images: black, with a white plus through the middle. */
function greyImages(): Uint8Array {
  const { height, width } = GREY;
  const pixels = new Uint8Array(N * height * width);
  for (let i = 0; i < N; i++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        if (Math.abs(y - height / 2) < 5 || Math.abs(x - width / 2) < 5)
          pixels[(i * height + y) * width + x] = 255;
  return encodeNpy('|u1', [N, height, width], pixels);
}

/** Imports a folder into `name`-out and checks it; returns the output folder. */
function importFolder(input: string, name: string): string {
  const out = join(dir, `${name}-out`);
  const run = runCli(['import', input, '--out', out, '--cache', join(dir, `${name}-cache`)]);
  expect(run.status, run.stderr).toBe(0);
  const check = runCli(['check', '--out', out]);
  expect(check.stdout, check.stderr).toContain('is valid');
  return out;
}

let colourOut = '';
let greyOut = '';
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  colourOut = importFolder(writeFolder('colour', colourImages()), 'colour');
  greyOut = importFolder(writeFolder('grey', greyImages()), 'grey');
  const site = join(dir, 'site');
  const build = buildSiteFor(colourOut, site, join(dir, 'tmp'));
  expect(build.status, `${build.stdout}\n${build.stderr}`.slice(-3000)).toBe(0);
  server = await startServer(site);
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const manifestOf = (out: string): Manifest =>
  JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;

/** The explorer at `hash`, drawn and ready. */
async function openExplorer(page: Page, hash = ''): Promise<void> {
  await page.goto(`${server.url}explore/${hash}`);
  await page.waitForSelector('[data-figure="explorer"][data-state="ready"]', { timeout: 60_000 });
  await settle(page);
}

/** Clicks a drawn node; returns the card's image canvas and the card's true class. */
async function openCard(page: Page) {
  const canvas = page.locator('[data-figure="explorer"] canvas').first();
  const node = await nodeOnCanvas(canvas);
  expect(node).not.toBeNull();
  if (node) await page.mouse.click(node.x, node.y);
  const thumb = page.locator('.sv-tooltip canvas.sv-thumb');
  await thumb.waitFor({ timeout: 15_000 });
  await page.waitForTimeout(300);
  const label = (await page.locator('.sv-tooltip dd').first().innerText()).trim();
  return { thumb, label };
}

/** Bounding box (image pixels) of the pixels darker than `level` in every channel, and their count. */
function darkBox(image: Image, level = 40) {
  let n = 0;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (let p = 0; p < image.width * image.height; p++) {
    const [r, g, b] = image.data.subarray(4 * p, 4 * p + 3);
    if ((r ?? 255) >= level || (g ?? 255) >= level || (b ?? 255) >= level) continue;
    const x = p % image.width;
    const y = Math.floor(p / image.width);
    n++;
    left = Math.min(left, x);
    right = Math.max(right, x);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  }
  return right < 0 ? null : { width: right - left + 1, height: bottom - top + 1, n };
}

describe('the explorer of an imported run', () => {
  it('names the layer buttons by the user’s layers and offers nothing the run lacks (predictions, test accuracy)', async () => {
    const entry = manifestOf(colourOut).experiments['imported'];
    expect(entry?.layers.map((l) => l.name)).toEqual(['conv2', 'dense']);
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      // A permalink asking for the wrong-only filter: the run has no predictions, so none.
      await openExplorer(page, '#wrong=1');
      const buttons = await page.locator('.sv-layers button').allInnerTexts();
      expect(buttons.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
        'conv2 · 32',
        'dense · 8',
      ]);
      expect(await page.locator('.sv-wrong-only').count()).toBe(0);
      expect(await page.locator('.sv-wrong-count').count()).toBe(0);
      // The search needs no predictions: it stays.
      expect(await page.locator('.sv-find-id').count()).toBe(1);
      await expect.poll(() => page.evaluate(() => location.hash)).not.toMatch(/wrong=1/);
      // The strip shows the test loss it gave, no test accuracy; the labels name the layer.
      const metrics = await page
        .locator('.sv-metric')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')));
      expect(metrics).toContain('test-loss');
      expect(metrics).not.toContain('accuracy');
      expect(await page.locator('.sv-metric[data-metric="silhouette"]').innerText()).toContain(
        'layer dense',
      );
      await page.locator('.sv-layers button[data-layer="1"]').click();
      await expect
        .poll(() => page.locator('.sv-metric[data-metric="silhouette"]').innerText())
        .toContain('layer conv2');
      await settle(page);
      const { label } = await openCard(page);
      expect(CLASSES).toContain(label.replace(/^\W+/, ''));
      expect(await page.locator('.sv-tooltip').innerText()).not.toContain('Predicted');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('draws a colour image of a non-square size in colour, with its aspect ratio', async () => {
    expect(manifestOf(colourOut).experiments['imported']?.images).toEqual({
      ...COLOUR,
      channels: 3,
    });
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await openExplorer(page);
      const { thumb, label } = await openCard(page);
      expect(await thumb.getAttribute('data-image-shape')).toBe(
        `${COLOUR.height}x${COLOUR.width}x3`,
      );
      const image = await elementImage(thumb);
      // In colour: the channels differ (a grey thumbnail has chroma ≈ 0 everywhere).
      const box = colouredBox(image);
      expect(box, 'coloured pixels in the card image').not.toBeNull();
      if (!box) return;
      const width = box.right - box.left + 1;
      const height = box.bottom - box.top + 1;
      expect(countColoured(image), 'coloured pixels').toBeGreaterThan(0.8 * width * height);
      // Twice as wide as tall, as the images are (a square box would squash them).
      expect(width / height).toBeGreaterThan(1.8);
      expect(width / height).toBeLessThan(2.2);
      // The colour is the sample's class's.
      const hue = HUES[CLASSES.indexOf(label.replace(/^\W+/, ''))] ?? [0, 0, 0];
      const cx = Math.round((box.left + box.right) / 2);
      const cy = Math.round((box.top + box.bottom) / 2);
      const at = Array.from(
        image.data.subarray(4 * (cy * image.width + cx), 4 * (cy * image.width + cx) + 3),
      );
      for (const [c, v] of at.entries())
        expect(Math.abs(v - (hue[c] ?? 0)), `channel ${c}`).toBeLessThan(12);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('draws a large grey image shrunk to the cap, grey and as given, with its aspect ratio', async () => {
    expect(manifestOf(greyOut).experiments['imported']?.images).toEqual({
      ...GREY.published,
      channels: 1,
    });
    // The same built explorer, reading the grey run's data folder instead.
    server.intercept((path) => {
      if (!path.startsWith('data/')) return undefined;
      const file = join(greyOut, path.slice('data/'.length));
      return existsSync(file) ? { body: readFileSync(file) } : { status: 404, body: 'not found' };
    });
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await openExplorer(page);
      const { thumb } = await openCard(page);
      expect(await thumb.getAttribute('data-image-shape')).toBe(
        `${GREY.published.height}x${GREY.published.width}x1`,
      );
      const image = await elementImage(thumb);
      expect(countColoured(image, 30), 'no colour in a grey image').toBe(0);
      // As given: the black ground is drawn black (not left as the card's background), and the
      // image keeps its 64 × 38 shape, taller than wide.
      const box = darkBox(image);
      expect(box, 'black pixels in the card image').not.toBeNull();
      if (!box) return;
      // Black is most of the image (the plus covers under a third); drawn as ink on the card's
      // background, only the plus would be dark.
      expect(box.n, 'black pixels').toBeGreaterThan(0.5 * box.width * box.height);
      const ratio = box.height / box.width;
      expect(ratio).toBeGreaterThan((0.9 * GREY.height) / GREY.width);
      expect(ratio).toBeLessThan((1.1 * GREY.height) / GREY.width);
      expect(errors).toEqual([]);
    } finally {
      server.intercept(null);
      await page.close();
    }
  });
});
