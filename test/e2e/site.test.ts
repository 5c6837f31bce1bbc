/**
 * End-to-end tests of the built site in real headless Chromium (SwiftShader WebGL2).
 * One build (cached, see helpers/build.ts), one static server, one browser for the file; the
 * article page is loaded once and reused by the tests that only read or scrub it. Counts
 * (nodes, layers, snapshots, experiments) come from the built data/manifest.json.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tableFromIPC } from 'apache-arrow';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headFileName, tailFileName } from '../../site/src/lib/data/heads.ts';
import { collectErrors, launchChromium, type Browser } from './helpers/browser.ts';
import { ensureSiteBuild, ROOT, type SiteBuild } from './helpers/build.ts';
import {
  colouredBox,
  colouredSpread,
  colourLayoutDistance,
  countColoured,
  countDark,
  countDifferent,
  countForeground,
  countTinted,
  cropImage,
  darkCentroid,
  darkNodesOnCanvas,
  elementImage,
  nodeOnCanvas,
  ringedNodesOnCanvas,
} from './helpers/pixels.ts';
import type { Image } from './helpers/png.ts';
import { classColour, hexToRgb } from '../../site/src/lib/colour.ts';
import { viridis } from '../../site/src/lib/colour-scale.ts';
import { roundTo } from '../../site/src/lib/url-state.ts';
import {
  assembleCore,
  assembleLayerViews,
  viewPositions,
  viewPredicted,
} from '../../site/src/lib/data/experiment.ts';
import { LAYOUT_METHODS, drawnView } from '../../pipeline/contract.ts';
import { formatPercent, formatScore } from '../../site/src/lib/format.ts';
import { LOCAL_RADIUS_NOTE, VISIBLE_NOTE } from '../../site/src/components/ui/MetricStrip.tsx';
import { toyGrid } from '../../site/src/lib/toy-grid.ts';
import { startServer, type StaticServer } from './helpers/server.ts';
import {
  disableWebGl,
  figure,
  islandExperiment,
  messageText,
  posterLoaded,
  readManifest,
  scrollTo,
  settle,
  showFigure,
  waitForFigure,
  ARTICLE_FIGURES,
  type FigureKind,
} from './helpers/site.ts';

const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');

let build: SiteBuild;
let server: StaticServer;
let browser: Browser;
let manifest: ReturnType<typeof readManifest>;
/** The article, loaded once; tests that only look and scrub share it. */
let article: Page;
let articleErrors: { errors: string[] };

/** A 390 px touch phone at twice the pixel density. */
const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

/** `12`, `0.25`: how the site prints epochs. */
const epochText = (e: number): string =>
  Number.isInteger(e) ? String(e) : String(Math.round(e * 100) / 100);

/** Enough coloured pixels that the plot cannot be blank: a few per node drawn. */
const minColoured = (nodes: number): number => Math.min(nodes, 2000) * 3;

beforeAll(async () => {
  build = await ensureSiteBuild();
  manifest = readManifest(build.dir);
  server = await startServer(build.dir, build.base);
  browser = await launchChromium();
  article = await browser.context.newPage();
  articleErrors = collectErrors(article);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function nodesOf(experiment: string): number {
  const entry = manifest.experiments[experiment];
  if (!entry) throw new Error(`e2e: the manifest has no experiment ${experiment}`);
  return entry.dataset.trace;
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            o: object,
          ) => Promise<{
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: unknown[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.join(', ')}`);
}

/** Paths (relative to the base) of the scripts a page requested after its load event ended. */
function scriptsAfterLoad(page: Page): Promise<string[]> {
  return page.evaluate((base) => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => /\.js($|\?)/.test(e.name) && e.startTime >= nav.loadEventEnd)
      .map((e) => new URL(e.name).pathname.slice(base.length));
  }, server.base);
}

/** A figure's stage as the poster shows it, then as the live canvas draws it. */
async function posterAndCanvas(page: Page, kind: FigureKind): Promise<[Image, Image]> {
  const root = figure(page, kind);
  const stage = root.locator('.sv-stage');
  await posterLoaded(root);
  const style = await page.addStyleTag({
    content: `figure[data-figure="${kind}"] .sv-poster-layer { visibility: visible !important; }
      figure[data-figure="${kind}"] .sv-canvas { visibility: hidden !important; }`,
  });
  const poster = await elementImage(stage);
  await style.evaluate((el) => (el as HTMLElement).remove());
  await settle(page);
  return [poster, await elementImage(stage)];
}

/** Class colours as drawn over a light stage (alpha ≈ 0.9). */
function drawnClassColours(classes: number): [number, number, number][] {
  return Array.from({ length: classes }, (_, c) => {
    const rgb = hexToRgb(classColour(c));
    return rgb.map((v) => Math.round(0.9 * v + 0.1 * 255)) as [number, number, number];
  });
}

describe('article', () => {
  it('Figure 8 compares our layout, t-SNE, UMAP and PCA with the scores fidelity.arrow holds', async () => {
    await article.goto(server.url, { waitUntil: 'load' });
    const entry = manifest.experiments['mlp-classes'];
    const file = entry?.files.find((f) => f.table === 'fidelity');
    if (!entry || !file) throw new Error('e2e: mlp-classes has no fidelity.arrow');
    const table = tableFromIPC(readFileSync(join(build.dir, 'data', file.name)));
    const column = (name: string) =>
      Array.from(table.getChild(name)?.toArray() as ArrayLike<number>);
    const columns = Object.fromEntries(
      ['layer', 'snapshot', 'method', 'trustworthiness', 'knn_preservation'].map((c) => [
        c,
        column(c),
      ]),
    );
    const rows = Array.from({ length: table.numRows }, (_, r) =>
      Object.fromEntries(Object.entries(columns).map(([c, v]) => [c, v[r] ?? NaN])),
    );
    const layer = Math.max(...rows.map((r) => r.layer ?? 0));
    const snapshot = Math.max(...rows.map((r) => r.snapshot ?? 0));
    const figure8 = article.locator('[data-figure="fidelity"]');
    // The four layouts by class, then the same four by neighbours kept per digit.
    expect(await figure8.locator('svg').count()).toBe(8);
    const kept = await figure8.locator('[data-kept-summary]').textContent();
    expect(kept).toMatch(/Our layout: the median digit keeps \d+ of 10/);
    expect(kept).toMatch(/PCA: the median digit keeps \d+ of 10/);
    for (const name of ['ours', 'tsne', 'umap', 'pca'] as const) {
      const method = LAYOUT_METHODS.indexOf(name);
      const row = rows.find(
        (r) => r.layer === layer && r.snapshot === snapshot && r.method === method,
      );
      const text = await figure8.locator(`li[data-method="${name}"]`).textContent();
      expect(text, name).toContain(
        `trustworthiness ${formatScore(row?.trustworthiness ?? NaN, 3)}`,
      );
      expect(text, name).toContain(
        `kNN preservation ${formatScore(row?.knn_preservation ?? NaN, 3)}`,
      );
    }
    expect(await article.locator('[data-table="fidelity"] tbody tr').count()).toBe(
      rows.length / LAYOUT_METHODS.length,
    );
  });

  it('loads with no figure code or data before a figure is visible, then draws every figure', async () => {
    const before = server.log.length;
    await article.goto(server.url, { waitUntil: 'load' });
    await expect
      .poll(() => article.locator('h1').first().textContent())
      .toMatch(/Structural Visualization/);
    await article.waitForTimeout(300);
    const early = server.log.slice(before);
    expect(
      early.filter((s) => s.path.startsWith('data/')).map((s) => s.path),
      'data fetched before any figure was visible',
    ).toEqual([]);
    // Scripts requested after the load event are the idle prefetch of figure code (next test).
    const afterLoad = await scriptsAfterLoad(article);
    const earlyJs = early.filter(
      (s) => s.type.startsWith('text/javascript') && !afterLoad.includes(s.path),
    );
    const earlyJsGz = earlyJs.reduce((a, s) => a + gzipSync(s.body).length, 0);
    expect(
      earlyJsGz,
      `JS before any figure is visible: ${earlyJs.map((s) => s.path).join(', ')}`,
    ).toBeLessThanOrEqual(30 * 1024);

    for (const kind of ARTICLE_FIGURES) {
      const root = await showFigure(article, kind);
      const canvas = root.locator('canvas.sv-canvas');
      const image = await elementImage(canvas);
      const nodes = nodesOf(await islandExperiment(article, kind));
      expect(
        countColoured(image),
        `${kind}: coloured pixels on a ${image.width}×${image.height} canvas`,
      ).toBeGreaterThan(minColoured(nodes));
      await expect
        .poll(() =>
          root.locator('.sv-poster-layer').evaluate((el) => getComputedStyle(el).visibility),
        )
        .toBe('hidden');
      expect(await root.locator('.sv-status').count(), `${kind}: loading text left over`).toBe(0);
    }
    expect(articleErrors.errors).toEqual([]);
  });

  it('preloads the data of each figure’s first frame with its code, and the figure’s fetches take the preloads', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    // The page's own fetch calls (a preload is not one): what the figures ask for, and when.
    await page.addInitScript(() => {
      const w = window as unknown as { __fetched: string[] };
      const fetched: string[] = (w.__fetched = []);
      const original = window.fetch.bind(window);
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
        const url = input instanceof Request ? input.url : String(input);
        fetched.push(new URL(url, location.href).pathname);
        return original(input, init);
      };
    });
    const base = new URL(server.url).pathname;
    const rel = (path: string) => path.slice(base.length);
    try {
      const before = server.log.length;
      await page.goto(server.url, { waitUntil: 'load' });
      const lists = new Map(
        await page.$$eval('astro-island[data-sv-data]', (islands) =>
          islands.map((i) => [
            i.querySelector('figure.sv-figure')?.getAttribute('data-figure') ?? '',
            (i.getAttribute('data-sv-data') ?? '')
              .split(' ')
              .map((u) => new URL(u, location.href).pathname),
          ]),
        ),
      );
      expect([...lists.keys()].sort(), 'islands with a data list').toEqual(
        [...ARTICLE_FIGURES].sort(),
      );
      const listed = new Set([...lists.values()].flat());
      const manifestPath = `${base}data/manifest.json`;
      for (const kind of ARTICLE_FIGURES) {
        await scrollTo(figure(page, kind));
        // What the page had asked for when the figure drew its first frame.
        const asked = await page.evaluate(async (k) => {
          const w = window as unknown as {
            __fetched: string[];
            __structviz?: { figures: Record<string, { shown: Promise<void> }> };
          };
          while (!w.__structviz?.figures[k]) await new Promise((r) => setTimeout(r, 20));
          await w.__structviz.figures[k].shown;
          return [...w.__fetched];
        }, kind);
        const own = lists.get(kind) ?? [];
        expect(own.length, `${kind}: files listed`).toBeGreaterThan(0);
        for (const path of own)
          expect(asked, `${kind} drew without asking for ${path}`).toContain(path);
        if (kind === ARTICLE_FIGURES[0])
          // The first figure (and any near neighbour) asked for nothing that no list names.
          expect(
            asked.filter((p) => p.includes('/data/') && p !== manifestPath && !listed.has(p)),
            `${kind}: data fetched before its first frame that no island lists`,
          ).toEqual([]);
        await waitForFigure(page, kind);
      }
      // Each listed file was preloaded, and crossed the network once: the preload, which the
      // figure's fetch took (a fetch that did not would download it again).
      const preloaded = await page.$$eval('link[rel="preload"][as="fetch"]', (links) =>
        links.map((l) => new URL((l as HTMLLinkElement).href).pathname),
      );
      for (const path of listed) expect(preloaded, 'preloaded').toContain(path);
      const served = server.log.slice(before).map((s) => s.path);
      for (const path of listed)
        expect(served.filter((p) => p === rel(path)).length, `${rel(path)} downloads`).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('posters are files fetched near the screen, drawn inline and styled by the theme', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      const before = server.log.length;
      await page.goto(server.url, { waitUntil: 'load' });
      await page.waitForTimeout(500);
      const html = Buffer.from(
        server.log.slice(before).find((s) => s.type.startsWith('text/html'))?.body ?? [],
      ).toString('utf8');
      const shells = [...html.matchAll(/<svg class="sv-poster"[^>]*>([\s\S]*?)<\/svg>/g)];
      expect(shells.length, 'posters in the article').toBeGreaterThanOrEqual(
        ARTICLE_FIGURES.length,
      );
      for (const [, inner] of shells)
        expect(inner, 'a poster shell holds its title only').toMatch(/^<title>[^<]*<\/title>$/);
      const posters = () =>
        server.log
          .slice(before)
          .filter((s) => s.path.startsWith('_astro/posters/'))
          .map((s) => s.path);
      const vae = figure(page, 'vae');
      const src = (await vae.locator('svg.sv-poster').getAttribute('data-poster-src')) ?? '';
      expect(src).toMatch(/\/_astro\/posters\/[0-9a-f]{16}\.svg$/);
      expect(posters(), 'a poster far below the first screen is not fetched').not.toContain(
        src.slice(server.base.length),
      );
      // With JavaScript a <noscript> holds raw text: none of it may show.
      expect(await page.locator('main').innerText()).not.toContain('<img');
      await scrollTo(vae);
      await posterLoaded(vae);
      expect(posters()).toContain(src.slice(server.base.length));
      expect(await vae.locator('svg.sv-poster path').count(), 'VAE poster drawn').toBeGreaterThan(
        2,
      );
      // Inline, the page's CSS colours it: `currentColor` is the text colour, panel titles (toy)
      // the muted one, in either theme; the file's own <style> (for <img>) stays out.
      await scrollTo(figure(page, 'toy'));
      await posterLoaded(figure(page, 'toy'));
      expect(await page.locator('svg.sv-poster style').count(), 'no poster <style> inline').toBe(0);
      for (const theme of ['light', 'dark'] as const) {
        await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
        const colours = await page.evaluate(() => {
          const probe = document.createElement('span');
          probe.style.color = 'var(--muted)';
          document.body.append(probe);
          const muted = getComputedStyle(probe).color;
          probe.remove();
          const svg = document.querySelector('figure[data-figure="toy"] svg.sv-poster');
          const title = svg?.querySelector('.sv-poster-title');
          return {
            fg: getComputedStyle(document.body).color,
            muted,
            current: svg ? getComputedStyle(svg).color : 'none',
            title: title ? getComputedStyle(title).fill : 'none',
          };
        });
        expect(colours.current, `${theme}: currentColor is the text colour`).toBe(colours.fg);
        expect(colours.title, `${theme}: panel titles muted`).toBe(colours.muted);
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('prefetches every figure’s code after load, so a jump to a figure fetches no code', async () => {
    // With Save-Data (no prefetch) a jump fetches the figure's code: all of it is in the
    // island's data-sv-code list, which the page preloads at once when the island is near, and
    // its data-sv-next list (deck.gl), which the figure imports after its first frame.
    const cold = await browser.context.newPage();
    await cold.addInitScript(() =>
      Object.defineProperty(navigator, 'connection', { value: { saveData: true } }),
    );
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await cold.goto(server.url, { waitUntil: 'load' });
      await cold.waitForTimeout(500);
      let before = server.log.length;
      const coldRoot = await showFigure(cold, 'vae');
      const coldJs = server.log
        .slice(before)
        .filter((s) => s.type.startsWith('text/javascript'))
        .map((s) => s.path);
      expect(coldJs.length, 'a cold jump fetches the figure’s code').toBeGreaterThan(3);
      const listed = (
        (await coldRoot.evaluate((el) => {
          const island = el.closest('astro-island');
          return `${island?.getAttribute('data-sv-code')} ${island?.getAttribute('data-sv-next')}`;
        })) ?? ''
      )
        .split(' ')
        .map((u) => u.slice(server.base.length));
      for (const path of coldJs) expect(listed, 'the island lists all its code').toContain(path);

      await page.goto(server.url, { waitUntil: 'load' });
      await expect
        .poll(
          () =>
            page.evaluate(() => {
              const urls = [...document.querySelectorAll('astro-island[data-sv-code]')].flatMap(
                (i) =>
                  `${i.getAttribute('data-sv-code')} ${i.getAttribute('data-sv-next')}`.split(' '),
              );
              const done = new Set(
                performance
                  .getEntriesByType('resource')
                  .map((e) => new URL(e.name).pathname)
                  .filter((p) => p.endsWith('.js')),
              );
              return urls.filter((u) => !done.has(u)).length;
            }),
          { timeout: 20_000 },
        )
        .toBe(0);
      const afterLoad = await scriptsAfterLoad(page);
      expect(afterLoad.length, 'figure code requested after the load event').toBeGreaterThan(3);
      expect(
        await page.evaluate(
          () => document.querySelectorAll('link[rel="modulepreload"][fetchpriority="low"]').length,
        ),
        'prefetched at low priority',
      ).toBeGreaterThan(3);
      before = server.log.length;
      await showFigure(page, 'vae');
      expect(
        server.log
          .slice(before)
          .filter((s) => s.type.startsWith('text/javascript'))
          .map((s) => s.path),
        'code fetched by the jump',
      ).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await cold.close();
      await page.close();
    }
  });

  it('a jump right after load holds the idle prefetch until the jumped-to figure is live', async () => {
    // Hydration is held (the astro-island element is defined only when the test says so), so
    // the figure's code arrives long before it hydrates: the window in which the prefetch used
    // to start, competing with the figure (ef122d8's "no figure loading" saw nothing loading).
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      const define = customElements.define.bind(customElements);
      const held: Parameters<typeof define>[] = [];
      customElements.define = (...args: Parameters<typeof define>) => {
        if (args[0] === 'astro-island') held.push(args);
        else define(...args);
      };
      w['__svHydrate'] = () => held.splice(0).forEach((args) => define(...args));
      // The jump, at the load event: before the page's idle callback (a slow device's case).
      addEventListener('load', () =>
        document
          .querySelector('figure[data-figure="vae"]')
          ?.scrollIntoView({ block: 'center', behavior: 'instant' }),
      );
      // When the jumped-to figure first drew and when the first low-priority preload appeared.
      const order = { ready: -1, prefetch: -1 };
      w['__svOrder'] = order;
      new MutationObserver(() => {
        const now = performance.now();
        if (
          order.ready < 0 &&
          document.querySelector('figure[data-figure="vae"][data-state="ready"]')
        )
          order.ready = now;
        if (
          order.prefetch < 0 &&
          document.querySelector('link[rel="modulepreload"][fetchpriority="low"]')
        )
          order.prefetch = now;
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    const order = () =>
      page.evaluate(
        () => (window as unknown as { __svOrder: { ready: number; prefetch: number } }).__svOrder,
      );
    try {
      await page.goto(server.url, { waitUntil: 'load' });
      const vae = figure(page, 'vae');
      // The figure's code has arrived (preloaded at once) and the page has been idle since.
      await expect
        .poll(
          () =>
            vae.evaluate((el) => {
              const done = new Set(
                performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname),
              );
              const code = el.closest('astro-island')?.getAttribute('data-sv-code') ?? '';
              return code.split(' ').filter((u) => !done.has(u)).length;
            }),
          { timeout: 20_000 },
        )
        .toBe(0);
      await page.evaluate(
        () => new Promise((done) => requestIdleCallback(() => requestIdleCallback(done))),
      );
      await page.waitForTimeout(700);
      expect((await order()).prefetch, 'prefetch while the figure waits to hydrate').toBe(-1);
      await page.evaluate(() => (window as unknown as { __svHydrate: () => void }).__svHydrate());
      await waitForFigure(page, 'vae', 'ready');
      await expect
        .poll(async () => (await order()).prefetch, { timeout: 20_000 })
        .toBeGreaterThan(0);
      const { ready, prefetch } = await order();
      expect(ready, 'the figure drew').toBeGreaterThan(0);
      expect(prefetch, 'prefetch after the jumped-to figure drew').toBeGreaterThan(ready);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('scrubbing changes the pixels, aria-valuetext and the live region', async () => {
    const root = await showFigure(article, 'scrubber');
    const entry = manifest.experiments[await islandExperiment(article, 'scrubber')];
    const S = entry.snapshots.length;
    const last = epochText(entry.snapshots[S - 1].epoch);
    const range = root.locator('input[type=range].sv-scrubber');
    const canvas = root.locator('canvas.sv-canvas');
    await expect.poll(() => range.isEnabled()).toBe(true);
    expect(await range.getAttribute('max')).toBe(String(S - 1));

    await range.focus();
    await range.press('Home');
    await settle(article);
    const firstText = await range.getAttribute('aria-valuetext');
    expect(firstText).toMatch(new RegExp(`epoch 0 of ${last}.*test accuracy \\d+ %`, 'i'));
    const firstImage = await elementImage(canvas);

    await range.press('End');
    await settle(article);
    expect(await range.inputValue()).toBe(String(S - 1));
    const lastText = await range.getAttribute('aria-valuetext');
    expect(lastText).toMatch(new RegExp(`^Epoch ${last} of ${last}, test accuracy \\d+ %$`));
    const lastImage = await elementImage(canvas);
    const changed = countDifferent(firstImage, lastImage);
    expect(changed, 'pixels changed between the first and last snapshot').toBeGreaterThan(
      minColoured(entry.dataset.trace),
    );

    await range.press('ArrowLeft');
    await settle(article);
    expect(await range.getAttribute('aria-valuetext')).toMatch(
      new RegExp(`^Epoch ${epochText(entry.snapshots[S - 2].epoch)} of ${last}`),
    );
    await expect
      .poll(() => root.locator('.sv-live').textContent(), { timeout: 3000 })
      .toContain(`epoch ${epochText(entry.snapshots[S - 2].epoch)} of ${last}`);
    expect(await root.locator('.sv-play').getAttribute('aria-pressed')).toBe('false');
    expect(articleErrors.errors).toEqual([]);
  });

  it('switching layers fetches that layer’s layout file only then, and redraws', async () => {
    const root = await showFigure(article, 'scrubber');
    const entry = manifest.experiments[await islandExperiment(article, 'scrubber')];
    const other = entry.layers[0];
    const shown = entry.layers[entry.layers.length - 1];
    const path = (layer: number) =>
      `data/${entry.files.find((f) => f.table === 'positions' && f.split === layer)?.name ?? '?'}`;
    const fetched = (layer: number) => server.log.filter((s) => s.path === path(layer)).length;
    expect(fetched(shown.index), 'the shown layer’s layouts').toBe(1);
    expect(fetched(other.index), 'another layer’s layouts before the reader asks').toBe(0);

    const canvas = root.locator('canvas.sv-canvas');
    await settle(article);
    const before = await elementImage(canvas);
    const button = root.locator(`.sv-layers button[data-layer="${other.index}"]`);
    await button.click();
    await expect.poll(() => fetched(other.index)).toBe(1);
    await settle(article);
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    expect(
      countDifferent(before, await elementImage(canvas)),
      'pixels changed with the layer',
    ).toBeGreaterThan(minColoured(entry.dataset.trace));

    // Back to the first layer: its file is not fetched again.
    await root.locator(`.sv-layers button[data-layer="${shown.index}"]`).click();
    await settle(article);
    expect(fetched(shown.index)).toBe(1);
    expect(articleErrors.errors).toEqual([]);
  });

  it('a figure read past fetches its first snapshot only; engaging with it fetches every snapshot', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(server.url);
      const start = server.log.length;
      const root = await showFigure(page, 'toy');
      const entry = manifest.experiments[await islandExperiment(page, 'toy')];
      const whole = entry.files.filter((f) => f.table === 'positions').map((f) => `data/${f.name}`);
      const served = () => server.log.slice(start).map((s) => s.path);
      expect(whole.length).toBeGreaterThan(0);
      for (const path of whole) {
        expect(served(), 'the head of each layer’s layouts').toContain(headFileName(path));
        expect(served(), 'no whole layout file before the reader engages').not.toContain(path);
      }
      const canvas = root.locator('canvas.sv-canvas');
      const first = await elementImage(canvas);
      await root.locator('.sv-scrubber').focus();
      await expect.poll(() => whole.every((path) => served().includes(path))).toBe(true);
      await root.locator('.sv-scrubber').press('End');
      await settle(page);
      expect(
        countDifferent(first, await elementImage(canvas)),
        'pixels changed once every snapshot was in',
      ).toBeGreaterThan(minColoured(entry.dataset.trace));
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('neurons × samples opens at its last snapshot from tail files, drawn as from the whole files', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(server.url);
      const start = server.log.length;
      const root = await showFigure(page, 'bipartite');
      const entry = manifest.experiments[await islandExperiment(page, 'bipartite')];
      const served = () => server.log.slice(start).map((s) => s.path);
      // The shown layer: the one whose layouts' tail was fetched.
      const opened = entry.files.filter(
        (f) => f.table === 'positions' && served().includes(tailFileName(`data/${f.name}`)),
      );
      expect(opened.length).toBe(1);
      const layer = opened[0]?.split;
      const digits = manifest.experiments['mlp-classes'];
      const whole = [
        ...entry.files.filter((f) => ['positions', 'edges'].includes(f.table)),
        ...(digits?.files.filter((f) => f.table === 'positions') ?? []),
      ]
        .filter((f) => f.split === layer)
        .map((f) => `data/${f.name}`);
      expect(whole.length).toBe(3);
      for (const path of whole) {
        expect(served(), 'the tail of each drawn table').toContain(tailFileName(path));
        expect(served(), 'no whole file before another snapshot is asked for').not.toContain(path);
      }
      const canvas = root.locator('canvas.sv-canvas');
      const fromTails = await elementImage(canvas);
      expect(countColoured(fromTails), 'drawn from the tails').toBeGreaterThan(
        minColoured(entry.dataset.trace),
      );
      // Another snapshot fetches the whole files; back at the last, the picture is the same.
      const scrubber = root.locator('.sv-scrubber');
      await scrubber.focus();
      await scrubber.press('Home');
      await expect.poll(() => whole.every((path) => served().includes(path))).toBe(true);
      await settle(page);
      expect(countDifferent(fromTails, await elementImage(canvas))).toBeGreaterThan(
        minColoured(entry.dataset.trace),
      );
      await scrubber.press('End');
      await settle(page);
      expect(
        countDifferent(fromTails, await elementImage(canvas)),
        'the last snapshot drawn from the whole files',
      ).toBeLessThan(50);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the VAE figure: switching β changes the latent layout, the KL bars, the image strips and the active count; one active-units line per β; the raw-latent view changes the picture', async () => {
    const root = await showFigure(article, 'vae');
    const entry = manifest.experiments[await islandExperiment(article, 'vae')];
    const betas = entry.betas ?? [];
    expect(betas.length).toBeGreaterThanOrEqual(2);
    const canvas = root.locator('canvas.sv-canvas');
    const strips = root.locator('canvas.sv-vae-strips');
    await expect.poll(() => strips.count()).toBe(1);
    await settle(article);
    const before = await elementImage(canvas);
    const spreadBefore = colouredSpread(before, 0.01, 40);
    const stripsBefore = await elementImage(strips);
    // The image grid is ink over the page: no opaque (white) background behind it.
    expect(
      await strips.evaluate(
        (c: HTMLCanvasElement) => c.getContext('2d')?.getImageData(0, 0, 1, 1).data[3],
      ),
      'strip background alpha',
    ).toBe(0);
    const barsBefore = await root.locator('.sv-vae-kl').innerHTML();
    const last = betas[betas.length - 1];
    const activeText = () => root.locator('.sv-vae-active').innerText();
    expect(await activeText()).toBe(String(entry.summary['activeUnits_b1']));
    await root.locator(`button.sv-beta[data-beta="${last?.index ?? 0}"]`).click();
    await expect
      .poll(() => activeText())
      .toBe(String(entry.summary[`activeUnits_b${last?.index ?? 0}`]));
    await settle(article);
    const collapsed = await elementImage(canvas);
    expect(
      countDifferent(before, collapsed),
      'latent layout pixels changed with β',
    ).toBeGreaterThan(minColoured(entry.dataset.trace));
    // One scale across β: the collapsed code is drawn as (nearly) a point, not stretched to fit.
    if (entry.summary[`activeUnits_b${last?.index ?? 0}`] === 0) {
      const spreadAfter = colouredSpread(collapsed, 0.01, 40);
      if (!spreadBefore || !spreadAfter) throw new Error('e2e: VAE layout not drawn');
      expect(
        Math.max(spreadAfter.width, spreadAfter.height),
        'drawn extent at the largest β vs the smallest',
      ).toBeLessThanOrEqual(Math.max(spreadBefore.width, spreadBefore.height) / 4);
      await expect.poll(() => root.locator('.sv-vae-scale').innerText()).toMatch(/prior s\.d\./);
    }
    await expect
      .poll(async () => countDifferent(stripsBefore, await elementImage(strips)))
      .toBeGreaterThan(500);
    expect(await root.locator('.sv-vae-kl').innerHTML()).not.toBe(barsBefore);
    expect(await root.locator('.sv-vae-theory circle').count()).toBeGreaterThan(betas.length);

    // Active units over training: one line per β, the shown β's drawn solid.
    const lines = root.locator('.sv-vae-active-chart path.sv-vae-active-line');
    expect(await lines.count()).toBe(betas.length);
    for (let i = 0; i < betas.length; i++)
      expect(await lines.nth(i).getAttribute('d'), `line ${i}`).toMatch(
        /^M[\d.]+ [\d.]+(L[\d.]+ [\d.]+)+$/,
      );
    expect(await root.locator('path.sv-vae-active-line--shown').getAttribute('data-beta')).toBe(
      String(last?.index),
    );

    // The raw view by keyboard, at the smallest β: the two most active latents, axes named by their index.
    await root.locator('button.sv-beta').first().click();
    await settle(article);
    const layoutImage = await elementImage(canvas);
    const axesButton = root.locator('button.sv-view[data-view="axes"]');
    await axesButton.focus();
    await article.keyboard.press('Enter');
    await expect.poll(() => axesButton.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => root.locator('.sv-vae-axis').count()).toBe(2);
    await settle(article);
    const [xText, yText] = await root.locator('.sv-vae-axis').allInnerTexts();
    expect(xText).toMatch(/^latent \d+/);
    expect(yText).toMatch(/^latent \d+/);
    expect(xText).not.toBe(yText);
    expect(
      countDifferent(layoutImage, await elementImage(canvas)),
      'the raw latent view draws the points elsewhere',
    ).toBeGreaterThan(minColoured(entry.dataset.trace));
    await root.locator('button.sv-view[data-view="layout"]').click();
    await expect.poll(() => root.locator('.sv-vae-axis').count()).toBe(0);
    await settle(article);

    // Hover a digit: its card shows the digit and its code on the two most active dimensions.
    const node = await nodeOnCanvas(canvas);
    if (!node) throw new Error('e2e: no drawn VAE node to hover');
    await article.mouse.move(node.x - 15, node.y - 15);
    await article.mouse.move(node.x, node.y, { steps: 3 });
    const vaeCard = root.locator('.sv-vae-card');
    await vaeCard.waitFor({ state: 'visible', timeout: 10_000 });
    await expect
      .poll(() => vaeCard.locator('.sv-vae-code').innerText(), { timeout: 15_000 })
      .toMatch(/^μ\d+ -?\d+\.\d\d, μ\d+ -?\d+\.\d\d$/);
    await expect
      .poll(() => vaeCard.locator('canvas.sv-thumb').count(), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    await article.mouse.move(2, 2);
    expect(articleErrors.errors).toEqual([]);
  });

  it('the toy figure shades its input plane by the decision regions, which change with training; draws each layer’s linear view; shows the linear probe', async () => {
    const root = await showFigure(article, 'toy');
    const name = await islandExperiment(article, 'toy');
    const entry = manifest.experiments[name];
    const n = entry.dataset.trace;
    const L = entry.layers.length;
    const canvas = root.locator('canvas.sv-canvas');
    const width = (await canvas.boundingBox())?.width ?? 0;
    const grid = toyGrid(L, width < 560);
    // The middle of a panel (grid cell), clear of its label, border and the box's edge.
    const panel = (image: Image, k: number, whole = false): Image => {
      const cell = grid.cells[k] ?? k;
      const [c, r] = [cell % grid.columns, Math.floor(cell / grid.columns)];
      const [x0, y0, x1, y1] = whole ? [0.05, 0.12, 0.95, 0.95] : [0.25, 0.3, 0.75, 0.8];
      return cropImage(image, [
        (c + x0) / grid.columns,
        (r + y0) / grid.rows,
        (c + x1) / grid.columns,
        (r + y1) / grid.rows,
      ]);
    };
    const colours = drawnClassColours(entry.dataset.classes.length);
    const range = root.locator('.sv-scrubber');
    await expect.poll(() => range.isEnabled()).toBe(true);
    await range.focus();
    await range.press('Home');
    await settle(article);
    const first = await elementImage(canvas);
    await range.press('End');
    await settle(article);
    const last = await elementImage(canvas);

    const input = panel(last, 0);
    const area = input.width * input.height;
    expect(
      countTinted(input) / area,
      'input plane: share of tinted pixels at the end',
    ).toBeGreaterThan(0.5);
    // Negative control: the same measure on a graph-layout panel, which has no shading.
    expect(countTinted(panel(last, 1)) / area, 'layer panel: share of tinted pixels').toBeLessThan(
      0.15,
    );
    // The dots of the input plane never move, so what changes there is the shading.
    expect(
      countDifferent(panel(first, 0), input) / area,
      'input plane: share of pixels changed between the first and last snapshot',
    ).toBeGreaterThan(0.3);

    for (let p = 0; p < L; p++) {
      const linear = panel(last, 1 + L + p, true);
      expect(
        countColoured(linear),
        `layer ${entry.layers[p]?.index}: linear view drawn`,
      ).toBeGreaterThan(n);
      // Where each class lies differs from the graph layout's picture (not the same positions).
      expect(
        colourLayoutDistance(linear, panel(last, 1 + p, true), colours, 6, 70, 50).distance,
        `layer ${entry.layers[p]?.index}: linear view vs graph layout, where each class lies`,
      ).toBeGreaterThan(0.1);
    }

    // The probe of every layer at the last snapshot, as metrics.arrow has it.
    const read = (table: string) => {
      const file = entry.files.find((f) => f.table === table);
      return new Uint8Array(readFileSync(join(build.dir, 'data', file?.name ?? '?')));
    };
    const core = assembleCore(name, entry, { nodes: read('nodes'), metrics: read('metrics') });
    const probes = await root.locator('[data-panel-metric="linear-probe"]').allTextContents();
    expect(probes).toEqual(
      entry.layers.map(
        (_, p) =>
          `linear probe ${formatPercent(core.metrics.view('linear_probe', p)[core.S - 1] ?? NaN, 1)}`,
      ),
    );
    expect(await root.locator('.sv-metric[data-metric="linear-probe"] strong').textContent()).toBe(
      formatPercent(core.metrics.view('linear_probe', L - 1)[core.S - 1] ?? NaN, 1),
    );
    expect(await root.locator('.sv-metric-note').textContent()).toMatch(/logistic regression/);
    // Figure 1 (MNIST) shows the probe beside the silhouette too.
    await expect
      .poll(() =>
        figure(article, 'scrubber')
          .locator('.sv-metric[data-metric="linear-probe"] strong')
          .textContent(),
      )
      .toMatch(/^\d+\.\d %$/);
    expect(articleErrors.errors).toEqual([]);
  });

  it('hovering a point shows the tooltip with a digit thumbnail', async () => {
    const root = await showFigure(article, 'scrubber');
    const node = await nodeOnCanvas(root.locator('canvas.sv-canvas'));
    if (!node) throw new Error('e2e: no drawn node to hover');
    const { x, y } = node;
    await article.mouse.move(x - 20, y - 20);
    await article.mouse.move(x, y, { steps: 4 });

    const tooltip = root.locator('.sv-tooltip');
    await tooltip.waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => tooltip.textContent()).toMatch(/True.*Predicted/s);
    const thumb = tooltip.locator('canvas.sv-thumb');
    await thumb.waitFor({ state: 'visible', timeout: 15_000 });
    const ink = await thumb.evaluate((c: HTMLCanvasElement) => {
      const d =
        c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 64) n++;
      return n;
    });
    expect(ink, 'inked pixels of the 28×28 digit').toBeGreaterThan(30);
    expect(
      countForeground(await elementImage(thumb)),
      'visible ink in the thumbnail',
    ).toBeGreaterThan(20);
    await article.mouse.move(2, 2);
    expect(articleErrors.errors).toEqual([]);
  });

  it('the sensitivity figure draws digits in viridis by gradient norm, changes with training, and its card shows the saliency beside the digit', async () => {
    const root = await showFigure(article, 'sensitivity');
    const canvas = root.locator('canvas.sv-canvas');
    await root.locator('.sv-colour-bar:not(.sv-poster-legend *)').waitFor({ timeout: 15_000 });
    const experiment = manifest.experiments[await islandExperiment(article, 'sensitivity')];
    await expect
      .poll(() => root.locator('[data-metric="gradient-concentration"] .sv-share').count())
      .toBe(experiment?.layers.length ?? -1);
    await settle(article);
    const first = await elementImage(canvas);
    // Viridis as drawn over the light stage (alpha 235/255): most coloured pixels lie on it.
    const curve = Array.from({ length: 65 }, (_, k) =>
      viridis(k / 64).map((v) => (235 * v + 20 * 255) / 255),
    );
    const onViridis = (image: Image): number => {
      let coloured = 0;
      let near = 0;
      for (let i = 0; i < image.data.length; i += 4) {
        const [r, g, b] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
        if (Math.max(r, g, b) - Math.min(r, g, b) < 60) continue;
        coloured++;
        if (curve.some(([cr, cg, cb]) => Math.hypot(r - cr, g - cg, b - cb) < 30)) near++;
      }
      return coloured ? near / coloured : 0;
    };
    expect(onViridis(first), 'share of coloured pixels on the viridis scale').toBeGreaterThan(0.6);
    // Ranked within the snapshot, the opening (initialisation) shows its spread: dark and bright
    // dots both, not one colour (the fixed 12-decade log scale drew every digit bright).
    const halves = (image: Image): [number, number] => {
      const counts: [number, number] = [0, 0];
      for (let i = 0; i < image.data.length; i += 4) {
        const [r, g, b] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
        if (Math.max(r, g, b) - Math.min(r, g, b) < 60) continue;
        let best = 0;
        curve.forEach(([cr, cg, cb], k) => {
          const [br, bg, bb] = curve[best] ?? [0, 0, 0];
          if (Math.hypot(r - cr, g - cg, b - cb) < Math.hypot(r - br, g - bg, b - bb)) best = k;
        });
        counts[best < curve.length / 2 ? 0 : 1]++;
      }
      return counts;
    };
    // Every snapshot coded on its own log range: at initialisation, where the norms span
    // 0.1 decade, the digits still take most shades of the scale (one range over the whole run
    // put them on 2–3 codes, so 2–3 colours).
    const shades = (image: Image): number => {
      const counts = new Array<number>(curve.length).fill(0);
      for (let i = 0; i < image.data.length; i += 4) {
        const [r, g, b] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
        if (Math.max(r, g, b) - Math.min(r, g, b) < 60) continue;
        let best = 0;
        curve.forEach(([cr, cg, cb], k) => {
          const [br, bg, bb] = curve[best] ?? [0, 0, 0];
          if (Math.hypot(r - cr, g - cg, b - cb) < Math.hypot(r - br, g - bg, b - bb)) best = k;
        });
        counts[best] = (counts[best] ?? 0) + 1;
      }
      return counts.filter((c) => c >= 20).length;
    };
    expect(shades(first), 'opening: viridis shades drawn (of 65)').toBeGreaterThan(30);
    const [darkHalf, brightHalf] = halves(first);
    expect(
      darkHalf / (darkHalf + brightHalf),
      'opening: share in the dark half of viridis',
    ).toBeGreaterThan(0.15);
    expect(
      brightHalf / (darkHalf + brightHalf),
      'opening: share in the bright half',
    ).toBeGreaterThan(0.15);
    const ticks = await root
      .locator('.sv-colour-bar:not(.sv-poster-legend *) [data-tick]')
      .allInnerTexts();
    expect(ticks, 'the bar gives the snapshot’s min, median and max norm').toHaveLength(3);
    await root.locator('.sv-scrubber').press('End');
    await settle(article);
    const last = await elementImage(canvas);
    expect(
      countDifferent(first, last),
      'pixels changed from first to last snapshot',
    ).toBeGreaterThan(minColoured(experiment?.dataset.trace ?? 0));
    expect(onViridis(last)).toBeGreaterThan(0.6);

    const node = await nodeOnCanvas(canvas);
    if (!node) throw new Error('e2e: no drawn node to hover');
    await article.mouse.move(node.x - 20, node.y - 20);
    await article.mouse.move(node.x, node.y, { steps: 4 });
    const tooltip = root.locator('.sv-tooltip');
    await tooltip.waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => tooltip.textContent()).toMatch(/‖∂L\/∂h‖ ≈ \d/);
    const saliency = tooltip.locator('.sv-saliency canvas.sv-thumb');
    await saliency.waitFor({ state: 'visible', timeout: 15_000 });
    const inked = (c: HTMLCanvasElement): number => {
      const d =
        c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 64) n++;
      return n;
    };
    expect(
      await saliency.evaluate(inked),
      'salient pixels of the 28×28 saliency image',
    ).toBeGreaterThan(10);
    expect(await tooltip.locator('canvas.sv-thumb').count(), 'the digit and its saliency').toBe(2);
    await article.mouse.move(2, 2);
    expect(articleErrors.errors).toEqual([]);
  });

  it('neurons × samples: hovering a unit shows its selectivity and top samples and draws only its links; a selectivity histogram per snapshot', async () => {
    const root = await showFigure(article, 'bipartite');
    const canvas = root.locator('canvas.sv-canvas');
    await settle(article);
    // Units are ringed in ink: hover ringed discs until one answers with a unit card.
    const units = await ringedNodesOnCanvas(canvas);
    expect(units.length, 'ringed (unit) nodes drawn').toBeGreaterThan(0);
    const card = root.locator('.sv-unit-card');
    // A live unit's card (a dead one, on the ring, has no selectivity and no samples).
    const live = async () =>
      (await card.isVisible().catch(() => false)) &&
      /\d\.\d\d/.test((await card.locator('.sv-unit-selectivity').textContent()) ?? '');
    let shown = false;
    for (const { x, y } of units) {
      await article.mouse.move(x - 15, y - 15);
      await article.mouse.move(x, y, { steps: 3 });
      await article.waitForTimeout(150);
      if (await live()) {
        shown = true;
        break;
      }
    }
    expect(shown, 'a live unit’s card appeared over a dark node').toBe(true);
    await expect.poll(() => card.textContent()).toMatch(/Selectivity\s*\d\.\d\d.*Fires most for/s);
    const selectivity = Number((await card.locator('.sv-unit-selectivity').textContent()) ?? NaN);
    expect(selectivity).toBeGreaterThanOrEqual(0);
    expect(selectivity).toBeLessThanOrEqual(1);
    const thumbs = card.locator('canvas.sv-thumb');
    await expect.poll(() => thumbs.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(await root.locator('.sv-tooltip:not(.sv-unit-card)').count()).toBe(0);
    await article.mouse.move(2, 2);

    // Only the hovered node's links are drawn: none at rest, some while a unit is hovered.
    const hideCards = await article.addStyleTag({
      content: `figure[data-figure="bipartite"] .sv-tooltip { visibility: hidden !important; }`,
    });
    try {
      await settle(article);
      const rest = await elementImage(canvas);
      const box = await canvas.boundingBox();
      if (!box) throw new Error('e2e: no canvas');
      let linked = 0;
      for (const { x, y } of units.slice(0, 12)) {
        await article.mouse.move(x - 15, y - 15);
        await article.mouse.move(x, y, { steps: 3 });
        await settle(article);
        // The card is hidden (visibility), not gone: it exists while a unit is hovered.
        if ((await card.count()) === 0) continue;
        const scale = rest.width / box.width;
        const during = await elementImage(canvas);
        // Pixels changed farther than 20 px from the hovered unit: its link lines.
        let far = 0;
        for (let p = 0; p < rest.width * rest.height; p++) {
          const [px, py] = [p % rest.width, Math.floor(p / rest.width)];
          if (Math.hypot(px / scale + box.x - x, py / scale + box.y - y) < 20) continue;
          const d = [0, 1, 2].some(
            (c) => Math.abs((rest.data[4 * p + c] ?? 0) - (during.data[4 * p + c] ?? 0)) > 10,
          );
          if (d) far++;
        }
        linked = Math.max(linked, far);
        if (linked > 30) break;
      }
      expect(linked, 'link pixels drawn while a unit is hovered').toBeGreaterThan(30);
      await article.mouse.move(2, 2);
      await settle(article);
      expect(
        countDifferent(rest, await elementImage(canvas)),
        'no links drawn once the hover ends',
      ).toBeLessThan(50);
    } finally {
      await hideCards.evaluate((el) => (el as HTMLElement).remove());
    }
    // The selectivity distribution at the shown snapshot: ten bins, and it changes with training.
    const bars = root.locator('.sv-selectivity rect');
    expect(await bars.count()).toBe(10);
    const atEnd = await root.locator('.sv-selectivity').getAttribute('data-selective');
    await root.locator('.sv-scrubber').press('Home');
    await settle(article);
    await expect
      .poll(() => root.locator('.sv-selectivity').getAttribute('data-snapshot'))
      .toBe('0');
    expect(await root.locator('.sv-selectivity').getAttribute('data-selective')).not.toBe(atEnd);
    await root.locator('.sv-scrubber').press('End');
    await settle(article);
    expect(articleErrors.errors).toEqual([]);
  });

  it('Figure 5: scrambled digits are ringed in ink, and a class highlight fades the other classes’ rings with their dots', async () => {
    const root = await showFigure(article, 'scrambled');
    const canvas = root.locator('canvas.sv-canvas');
    await settle(article);
    const rest = countDark(await elementImage(canvas), 70);
    expect(rest, 'dark ring pixels at rest').toBeGreaterThan(200);
    await root.locator('.sv-legend button').first().click();
    await settle(article);
    const highlighted = countDark(await elementImage(canvas), 70);
    expect(highlighted, 'dark ring pixels with one class highlighted').toBeLessThan(rest / 3);
    await root.locator('.sv-legend button').first().click();
    await settle(article);
    expect(articleErrors.errors).toEqual([]);
  });

  it('on a 390 px phone, the node and unit cards stay inside the viewport (Figures 1 and 6)', async () => {
    const phone = await launchChromium(PHONE);
    try {
      const page = await phone.context.newPage();
      const { errors } = collectErrors(page);
      await page.goto(server.url);
      for (const kind of ['scrubber', 'bipartite'] as const) {
        const root = await showFigure(page, kind);
        const canvas = root.locator('canvas.sv-canvas');
        const box = await canvas.boundingBox();
        if (!box) throw new Error('e2e: no canvas');
        const card = root.locator('.sv-tooltip');
        // Tap the right-most drawn nodes: their cards used to be cut at the right edge.
        const image = await elementImage(canvas);
        const scale = image.width / box.width;
        let tapped = 0;
        for (let px = image.width - 2; px > image.width * 0.7 && tapped < 3; px -= 2) {
          let hit = -1;
          for (let py = 0; py < image.height; py++) {
            const i = 4 * (py * image.width + px);
            const [r, g, b] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
            if (Math.max(r, g, b) - Math.min(r, g, b) > 60) {
              hit = py;
              break;
            }
          }
          if (hit < 0) continue;
          await page.touchscreen.tap(box.x + px / scale, box.y + hit / scale);
          await page.waitForTimeout(300);
          if (
            !(await card
              .first()
              .isVisible()
              .catch(() => false))
          )
            continue;
          tapped++;
          const b = await card.first().boundingBox();
          if (!b) continue;
          expect(b.x, `${kind}: card left edge`).toBeGreaterThanOrEqual(0);
          expect(b.x + b.width, `${kind}: card right edge`).toBeLessThanOrEqual(390);
          px -= 40;
        }
        expect(tapped, `${kind}: cards seen near the right edge`).toBeGreaterThan(0);
      }
      expect(errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('typesets maths: scripts smaller than their base, limits under their operator', async () => {
    const maths = await article.evaluate(() => {
      const size = (el: Element | null) => (el ? parseFloat(getComputedStyle(el).fontSize) : NaN);
      const height = (el: Element | null) => el?.getBoundingClientRect().height ?? NaN;
      const scripts = [...document.querySelectorAll('.katex-html .msupsub')].map((sub) => {
        const base = sub.previousElementSibling;
        const script = [...sub.querySelectorAll('.mtight')].find((el) => el.textContent?.trim());
        return {
          tex: sub.closest('.katex')?.querySelector('annotation')?.textContent ?? '?',
          ratio: size(script ?? null) / size(base),
          height: height(script ?? null) / height(base),
        };
      });
      const limits = [...document.querySelectorAll('.katex-html .op-limits')].map((op) => {
        const name = op.querySelector('.mop');
        const under = op.querySelector('.mtight');
        const a = name?.getBoundingClientRect();
        const b = under?.getBoundingClientRect();
        return {
          tex: op.closest('.katex')?.querySelector('annotation')?.textContent ?? '?',
          // How far the limit's centre sits below the operator's, in operator heights.
          below: a && b ? (b.top + b.bottom - a.top - a.bottom) / 2 / a.height : NaN,
          ratio: size(under ?? null) / size(name ?? null),
        };
      });
      return { scripts, limits };
    });
    expect(maths.scripts.length, 'sub- and superscripts in the article').toBeGreaterThan(10);
    for (const s of maths.scripts) {
      expect(s.ratio, `${s.tex}: script font size / base font size`).toBeLessThan(0.85);
      expect(s.height, `${s.tex}: script box height / base box height`).toBeLessThan(1);
    }
    expect(maths.limits.length, 'operators with limits (\\min_X)').toBeGreaterThan(0);
    for (const l of maths.limits) {
      expect(l.ratio, `${l.tex}: limit font size / operator font size`).toBeLessThan(0.85);
      expect(l.below, `${l.tex}: limit below its operator (operator heights)`).toBeGreaterThan(0.5);
    }
  });

  it('each poster shows the state its figure opens in', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(server.url);
      for (const kind of ['scrubber', 'graph-steps', 'sensitivity'] as const) {
        const root = await showFigure(page, kind);
        const classes = manifest.experiments[await islandExperiment(page, kind)].dataset.classes;
        // The sensitivity figure opens coloured by gradient norm: compare where each viridis shade lies.
        const colours =
          kind === 'sensitivity'
            ? [0, 0.25, 0.5, 0.75, 1].map(
                (t) =>
                  viridis(t).map((v) => Math.round(0.9 * v + 0.1 * 255)) as [
                    number,
                    number,
                    number,
                  ],
              )
            : drawnClassColours(classes.length);
        if (kind === 'sensitivity')
          expect(
            await root.locator('.sv-poster-legend .sv-colour-bar').count(),
            'the sensitivity poster’s key is the colour bar',
          ).toBe(1);
        const [poster, opening] = await posterAndCanvas(page, kind);
        const same = colourLayoutDistance(poster, opening, colours);
        // At initialisation nearly every digit has a large gradient: one shade (bright) dominates.
        expect(same.compared, `${kind}: colours found in both pictures`).toBeGreaterThanOrEqual(
          kind === 'sensitivity' ? 1 : 3,
        );
        expect(
          same.distance,
          `${kind}: where each class lies, poster vs opening state`,
        ).toBeLessThan(0.1);
        // The measure tells states apart: the figure's final state is far from its poster.
        if (kind !== 'graph-steps') await root.locator('.sv-scrubber').press('End');
        else await root.locator('.sv-step-button').last().click();
        await settle(page);
        const final = await elementImage(root.locator('.sv-stage'));
        expect(
          colourLayoutDistance(poster, final, colours).distance,
          `${kind}: where each class lies, poster vs final state`,
        ).toBeGreaterThan(0.2);
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the keyboard reaches the plot (visible focus), walks to samples, pins a card and announces it', async () => {
    const root = await showFigure(article, 'scrubber');
    const canvas = root.locator('canvas.sv-canvas');
    // Tab order: the plot, its zoom buttons, then the controls beside it.
    await root.locator('.sv-zoom-in').focus();
    await article.keyboard.press('Shift+Tab');
    expect(await canvas.evaluate((el) => el === document.activeElement), 'canvas focused').toBe(
      true,
    );
    const ring = await canvas.evaluate((el) => {
      const s = getComputedStyle(el);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(ring.style, 'focus outline').not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(2);

    const tooltip = root.locator('.sv-tooltip');
    /** The card once it shows a node other than `previous` (the key press has been handled). */
    const at = async (previous = '') => {
      await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
      const read = () =>
        tooltip.evaluate((el) => ({
          id: el.querySelector('.sv-node-id')?.textContent ?? '',
          x: parseFloat((el as HTMLElement).dataset['anchorX'] ?? 'NaN'),
          y: parseFloat((el as HTMLElement).dataset['anchorY'] ?? 'NaN'),
        }));
      await expect.poll(async () => (await read()).id, { timeout: 5_000 }).not.toBe(previous);
      return read();
    };
    await article.keyboard.press('ArrowRight');
    const first = await at();
    expect(first.id).toMatch(/^sample #\d+$/);
    await article.keyboard.press('ArrowRight');
    const second = await at(first.id);
    expect(second.x, 'ArrowRight went right').toBeGreaterThanOrEqual(first.x);
    await article.keyboard.press('ArrowUp');
    const third = await at(second.id);
    expect(third.y, 'ArrowUp went up').toBeLessThanOrEqual(second.y);

    await article.keyboard.press('Enter');
    await expect.poll(() => tooltip.getAttribute('class')).toContain('sv-tooltip--pinned');
    const node = third.id.replace('sample #', '');
    await expect
      .poll(() => root.locator('.sv-live').textContent(), { timeout: 3000 })
      .toMatch(new RegExp(`Sample #${node} \\(pinned\\): true class \\S+, predicted`));
    await article.keyboard.press('Escape');
    await expect.poll(() => tooltip.count()).toBe(0);
    expect(articleErrors.errors).toEqual([]);
  });

  it('a class or sample picked in one figure is picked in the other figure of the same experiment', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(server.url);
      expect(await islandExperiment(page, 'graph-steps')).toBe(
        await islandExperiment(page, 'scrubber'),
      );
      const one = await showFigure(page, 'scrubber');
      const pressed = (root: typeof one, c: number) =>
        root.locator(`.sv-legend button[data-class="${c}"]`).getAttribute('aria-pressed');
      await one.locator('.sv-legend button[data-class="3"]').click();
      // Figure 2 starts later and adopts the selection.
      const two = await showFigure(page, 'graph-steps');
      await expect.poll(() => pressed(two, 3)).toBe('true');
      // …and a class picked there comes back to Figure 1.
      await two.locator('.sv-legend button[data-class="5"]').click();
      await expect.poll(() => pressed(one, 5)).toBe('true');
      expect(await pressed(one, 3)).toBe('false');
      await two.locator('.sv-legend button[data-class="5"]').click();
      await expect.poll(() => pressed(one, 5)).toBe('false');

      // A sample pinned in Figure 1 is ringed (dark pixels) in Figure 2.
      const ring = async () => darkCentroid(await elementImage(two.locator('canvas.sv-canvas'))).n;
      await settle(page);
      expect(await ring(), 'dark pixels in Figure 2 before any pin').toBe(0);
      await one.evaluate((el) => el.scrollIntoView({ block: 'center', behavior: 'instant' }));
      const canvas = one.locator('canvas.sv-canvas');
      await canvas.focus();
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Enter');
      await one.locator('.sv-tooltip--pinned').waitFor({ state: 'visible', timeout: 5_000 });
      await two.evaluate((el) => el.scrollIntoView({ block: 'center', behavior: 'instant' }));
      await settle(page);
      await expect.poll(ring, { timeout: 5_000 }).toBeGreaterThan(10);
      // Escape in Figure 1 clears the ring in Figure 2.
      await canvas.focus();
      await page.keyboard.press('Escape');
      await settle(page);
      await expect.poll(ring, { timeout: 5_000 }).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a pinned sample’s path over training is drawn faintly behind it (trail)', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(server.url);
      const root = await showFigure(page, 'scrubber');
      const canvas = root.locator('canvas.sv-canvas');
      const box = await canvas.boundingBox();
      if (!box) throw new Error('e2e: no canvas box');
      await root.locator('.sv-scrubber').focus();
      await root.locator('.sv-scrubber').press('End');
      await settle(page);
      await page.addStyleTag({ content: '.sv-tooltip { visibility: hidden !important; }' });
      // Focused (its focus ring drawn) but with no sample selected yet.
      await canvas.focus();
      await settle(page);
      const unpinned = await elementImage(canvas);
      const scale = unpinned.width / box.width;
      // Pixels changed by pinning, farther than 15 px from the ring: the trail (the ring and
      // the node itself lie within about 10 px of the ring's centre).
      let far = 0;
      for (let attempt = 0; attempt < 4 && far <= 40; attempt++) {
        await canvas.focus();
        await page.keyboard.press('ArrowLeft');
        for (let k = 0; k < attempt; k++) await page.keyboard.press('Shift+ArrowLeft');
        await page.keyboard.press('Enter');
        await root.locator('.sv-tooltip--pinned').waitFor({ state: 'attached', timeout: 5_000 });
        await settle(page);
        const pinned = await elementImage(canvas);
        const centre = darkCentroid(pinned);
        far = 0;
        for (let p = 0; p < pinned.width * pinned.height; p++) {
          const i = 4 * p;
          const changed = [0, 1, 2].some(
            (k) => Math.abs((pinned.data[i + k] ?? 0) - (unpinned.data[i + k] ?? 0)) > 24,
          );
          const d = Math.hypot(
            (p % pinned.width) - centre.x,
            Math.floor(p / pinned.width) - centre.y,
          );
          if (changed && d > 15 * scale) far++;
        }
        await page.keyboard.press('Escape');
        await settle(page);
      }
      expect(far, 'pixels of the pinned sample’s trail').toBeGreaterThan(40);
      // Unpinned again: the trail is gone.
      expect(countDifferent(unpinned, await elementImage(canvas))).toBeLessThan(20);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a pinned card follows its node when scrubbing', async () => {
    const root = await showFigure(article, 'scrubber');
    const canvas = root.locator('canvas.sv-canvas');
    const range = root.locator('.sv-scrubber');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('e2e: no canvas box');
    // The ring's centre, from the canvas alone: the card (dark ink and text) is hidden meanwhile.
    const ringAt = async () => {
      const hide = await article.addStyleTag({ content: '.sv-tooltip { visibility: hidden; }' });
      const image = await elementImage(canvas);
      await hide.evaluate((el) => (el as HTMLElement).remove());
      const c = darkCentroid(image);
      const scale = image.width / box.width;
      return { x: c.x / scale, y: c.y / scale, n: c.n };
    };
    const tooltip = root.locator('.sv-tooltip--pinned');
    // Pin a sample at initialisation (walking outwards until one moves visibly over training).
    let moved = 0;
    let after = { x: NaN, y: NaN, n: 0 };
    for (let attempt = 0; attempt < 6 && moved <= 15; attempt++) {
      await range.focus();
      await range.press('Home');
      await settle(article);
      await canvas.focus();
      await article.keyboard.press('ArrowLeft');
      for (let k = 0; k < attempt; k++) await article.keyboard.press('Shift+ArrowLeft');
      await article.keyboard.press('Enter');
      await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
      await range.focus();
      await settle(article);
      const before = await ringAt();
      expect(before.n, 'ring pixels around the pinned node').toBeGreaterThan(10);
      await range.press('End');
      await settle(article);
      after = await ringAt();
      moved = Math.hypot(after.x - before.x, after.y - before.y);
    }
    expect(moved, 'px the pinned node moved on screen').toBeGreaterThan(15);
    // The card's box sits beside its node (placeCard); its anchor is the node it follows.
    const card = await tooltip.evaluate((el) => ({
      x: parseFloat((el as HTMLElement).dataset['anchorX'] ?? 'NaN'),
      y: parseFloat((el as HTMLElement).dataset['anchorY'] ?? 'NaN'),
    }));
    expect(
      Math.hypot(card.x - after.x, card.y - after.y),
      'px between the card’s anchor and its node',
    ).toBeLessThan(6);
    await canvas.focus();
    await article.keyboard.press('Escape');
    await expect.poll(() => root.locator('.sv-tooltip').count()).toBe(0);
    expect(articleErrors.errors).toEqual([]);
  });

  it('has no serious or critical axe-core violations, light and dark', async () => {
    for (const kind of ARTICLE_FIGURES) await showFigure(article, kind);
    expect(await axeViolations(article)).toEqual([]);
    await article.emulateMedia({ colorScheme: 'dark' });
    await article.reload();
    for (const kind of ARTICLE_FIGURES) await showFigure(article, kind);
    expect(await article.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    expect(await axeViolations(article)).toEqual([]);
    await article.emulateMedia({ colorScheme: 'light' });
    expect(articleErrors.errors).toEqual([]);
  });

  it('draws a figure with Canvas2D while deck.gl downloads: it answers the scrubber, then WebGL takes over on the same pixels', async () => {
    // deck.gl's chunk is held back until the test lets it through; Save-Data keeps the idle
    // prefetch from asking for it, so the figure's own import is the one request.
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    await page.addInitScript(() =>
      Object.defineProperty(navigator, 'connection', { value: { saveData: true } }),
    );
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const asked: number[] = [];
    await page.route(/\/deck-scene\.[\w-]+\.js$/, async (route) => {
      asked.push(Date.now());
      await held;
      await route.continue();
    });
    try {
      await page.goto(server.url, { waitUntil: 'load' });
      const root = figure(page, 'scrubber');
      const entry = manifest.experiments[await islandExperiment(page, 'scrubber')];
      const S = entry.snapshots.length;
      const coloured = minColoured(entry.dataset.trace);
      await scrollTo(root);
      await waitForFigure(page, 'scrubber', 'preview');
      const handle = () =>
        page.evaluate(() => {
          const h = window.__structviz?.figures['scrubber'];
          return { shown: h?.shownMs, ready: h?.readyMs };
        });
      expect((await handle()).shown, 'the first frame was reported').toBeGreaterThan(0);
      expect((await handle()).ready, 'no WebGL frame yet').toBeUndefined();
      await expect.poll(() => asked.length, { timeout: 10_000 }).toBe(1);
      const stage = root.locator('.sv-stage');
      await settle(page);
      const opening = await elementImage(stage);
      expect(countColoured(opening), 'the preview draws the dots').toBeGreaterThan(coloured);

      // The controls answer while deck.gl is still held: the last snapshot, tweened on the CPU.
      const range = root.locator('input[type=range].sv-scrubber');
      await expect.poll(() => range.isEnabled()).toBe(true);
      await range.focus();
      await range.press('End');
      await settle(page);
      expect(await range.getAttribute('aria-valuetext')).toMatch(/^Epoch \S+ of \S+, test/);
      expect(await range.inputValue()).toBe(String(S - 1));
      const last = await elementImage(stage);
      expect(
        countDifferent(opening, last),
        'the preview moved to the last snapshot',
      ).toBeGreaterThan(coloured);
      expect(await root.getAttribute('data-state')).toBe('preview');

      release();
      await waitForFigure(page, 'scrubber', 'ready');
      await settle(page);
      expect(await root.locator('canvas.sv-preview').count(), 'the preview is gone').toBe(0);
      const webgl = await elementImage(stage);
      expect(countColoured(webgl)).toBeGreaterThan(coloured);
      // The same snapshot, camera and dot sizes: only the rims' antialiasing differs, far
      // less than between two snapshots.
      const same = countDifferent(last, webgl);
      const other = countDifferent(opening, webgl);
      expect(same, 'WebGL draws what the preview drew').toBeLessThan(0.25 * countColoured(webgl));
      expect(same * 4, 'against two snapshots').toBeLessThan(other);
      expect(await range.inputValue()).toBe(String(S - 1));
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('camera', () => {
  /** Figure 1's shown layer (the last) as the data has it: its layouts, node count and snapshot count. */
  function figureOneViews() {
    const name = 'mlp-classes';
    const entry = manifest.experiments[name];
    if (!entry) throw new Error('e2e: the manifest has no mlp-classes');
    const layer = entry.layers[entry.layers.length - 1].index;
    const file = entry.files.find((f) => f.table === 'positions' && f.split === layer);
    const bytes = new Uint8Array(readFileSync(join(build.dir, 'data', file?.name ?? '?')));
    return { views: assembleLayerViews(name, entry, layer, bytes), S: entry.snapshots.length };
  }

  it('Figure 1 fits its last-snapshot layout to the panel; the zoom buttons zoom, and reset restores the picture', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(server.url);
      const root = await showFigure(page, 'scrubber');
      expect(await islandExperiment(page, 'scrubber')).toBe('mlp-classes');
      await root.locator('.sv-scrubber').press('End');
      await settle(page);
      const canvas = root.locator('canvas.sv-canvas');
      // Away from the buttons, so no hover outline differs between pictures.
      await page.mouse.move(0, 0);
      const shot = async () => {
        await settle(page);
        return elementImage(canvas);
      };
      const share = (image: Image) => {
        const spread = colouredSpread(image);
        if (!spread) throw new Error('e2e: nothing coloured on Figure 1');
        return Math.max(spread.width, spread.height) / Math.min(image.width, image.height);
      };
      const fitted = await shot();
      // The square camera spans the drawing's 1st–99th percentile on its longer axis plus 8 % on
      // each side: about 1 / 1.16 = 0.86 of the panel, here measured on coloured pixels.
      expect(share(fitted), 'share of the panel the last layout spans').toBeGreaterThan(0.75);
      // The measure sees a smaller picture: zoomed out by a factor of 2, about half.
      await root.locator('button.sv-zoom-out').click();
      await root.locator('button.sv-zoom-out').click();
      await page.mouse.move(0, 0);
      expect(share(await shot()), 'share after zooming out 2×').toBeLessThan(0.55);
      for (let i = 0; i < 4; i++) await root.locator('button.sv-zoom-in').click();
      await page.mouse.move(0, 0);
      const zoomed = await shot();
      expect(countDifferent(fitted, zoomed), 'pixels changed by zooming in').toBeGreaterThan(
        minColoured(nodesOf('mlp-classes')),
      );
      await root.locator('button.sv-reset').click();
      await page.mouse.move(0, 0);
      expect(countDifferent(fitted, await shot()), 'pixels changed after reset').toBeLessThan(50);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('in the article a plain wheel scrolls the page and shows how to zoom; Ctrl + wheel zooms', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(server.url);
      const root = await showFigure(page, 'scrubber');
      const canvas = root.locator('canvas.sv-canvas');
      const box = await canvas.boundingBox();
      if (!box) throw new Error('e2e: no canvas box');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const before = await elementImage(canvas);
      const scrolled = await page.evaluate(() => window.scrollY);
      await page.mouse.wheel(0, 100);
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled);
      await expect.poll(() => root.locator('.sv-zoom-hint').count()).toBe(1);
      expect(await root.locator('.sv-zoom-hint').textContent()).toMatch(/(Ctrl|⌘) \+ scroll/);
      await page.evaluate(() => scrollBy(0, -100));
      await settle(page);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -300);
      await page.keyboard.up('Control');
      await settle(page);
      expect(
        countDifferent(before, await elementImage(canvas)),
        'pixels changed by Ctrl + wheel',
      ).toBeGreaterThan(minColoured(nodesOf('mlp-classes')));
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('scrubbing moves the camera with the dots, without a jump, and at rest it is the contract’s extent and dot radius', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(server.url);
      const root = await showFigure(page, 'scrubber');
      const { views, S } = figureOneViews();
      const camera = () =>
        page.evaluate(() => window.__structviz?.figures['scrubber']?.camera?.('main') ?? null);
      const expected = (s: number, side: number) => {
        const { extent, radius } = drawnView(viewPositions(views, s), views.n, side);
        return { ...extent, radius };
      };
      const first = await camera();
      if (!first) throw new Error('e2e: Figure 1 exposes no camera');
      const start = expected(0, first.side);
      for (const k of ['cx', 'cy', 'half', 'radius'] as const)
        expect(first[k], `camera ${k} at rest at the first snapshot`).toBeCloseTo(start[k], 9);
      // Every frame's camera while the layout tweens from the first snapshot to the last.
      await page.evaluate(() => {
        const log: unknown[] = [];
        (window as unknown as { __svCameras: unknown[] }).__svCameras = log;
        const step = () => {
          log.push(window.__structviz?.figures['scrubber']?.camera?.('main'));
          if (log.length < 600) requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
      // A long task right after the step is set and before its first frame (hydration or a
      // file parse on a slow device; a trace showed 284 ms): the move starts late, not halfway.
      await page.evaluate(() => {
        const w = window as unknown as { __svLongTasks: number };
        w.__svLongTasks = 0;
        const raf = requestAnimationFrame.bind(window);
        window.requestAnimationFrame = (callback) => {
          if (!w.__svLongTasks && /setPositions/.test(new Error().stack ?? '')) {
            w.__svLongTasks++;
            const end = performance.now() + 300;
            while (performance.now() < end);
          }
          return raf(callback);
        };
      });
      await root.locator('.sv-scrubber').press('End');
      await settle(page);
      const log = (await page.evaluate(
        () => (window as unknown as { __svCameras: unknown[] }).__svCameras,
      )) as (typeof first)[];
      const end = expected(S - 1, first.side);
      const last = log[log.length - 1];
      if (!last) throw new Error('e2e: no camera logged');
      for (const k of ['cx', 'cy', 'half', 'radius'] as const)
        expect(last[k], `camera ${k} at rest at the last snapshot`).toBeCloseTo(end[k], 9);
      const distance = (a: typeof start, b: typeof start) =>
        Math.hypot(a.cx - b.cx, a.cy - b.cy, a.half - b.half);
      const total = distance(start, end);
      expect(total, 'the camera has somewhere to go (else the test shows nothing)').toBeGreaterThan(
        0.05,
      );
      const distinct = log.filter((c, i) => !!c && (i === 0 || distance(c, log[i - 1] ?? c) > 0));
      let largest = 0;
      for (let i = 1; i < distinct.length; i++)
        largest = Math.max(largest, distance(distinct[i] ?? start, distinct[i - 1] ?? start));
      expect(
        await page.evaluate(() => (window as unknown as { __svLongTasks: number }).__svLongTasks),
        'long task injected after setPositions',
      ).toBe(1);
      expect(distinct.length, 'camera positions drawn during the tween').toBeGreaterThanOrEqual(4);
      expect(largest / total, 'largest camera step between frames / whole move').toBeLessThan(0.6);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('failures stay inside their figure', () => {
  it('a corrupt positions file shows the error message in that figure while another figure still renders, and retry recovers', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(server.url);
      const broken = await islandExperiment(page, 'scrubber');
      const healthy = await islandExperiment(page, 'toy');
      expect(
        healthy,
        'the toy figure must use another experiment for this test to mean anything',
      ).not.toBe(broken);
      // The layer the scrubber shows first is the last one.
      const layers = manifest.experiments[broken].layers;
      const last = layers[layers.length - 1]?.index;
      const file = manifest.experiments[broken].files.find(
        (f) => f.table === 'positions' && f.split === last,
      );
      if (!file) throw new Error(`e2e: ${broken} has no positions file of layer ${last}`);
      const target = `data/${file.name}`;
      // Same length as the real file, so only the checksum can tell. The figure opens on the
      // file's head (its first snapshot), and a head it cannot read sends it to the whole file:
      // both are broken here.
      const garbage = randomBytes(file.bytes);
      const head = `data/${headFileName(file.name)}`;
      server.intercept((path) =>
        path === target
          ? { body: garbage }
          : path === head
            ? { body: garbage.subarray(0, 4096) }
            : undefined,
      );

      const root = figure(page, 'scrubber');
      await root.scrollIntoViewIfNeeded();
      await waitForFigure(page, 'scrubber', 'error');
      const message = root.locator('.sv-message');
      await expect.poll(() => message.isVisible()).toBe(true);
      expect(await messageText(root)).toContain(file.name);
      expect(await root.locator('.sv-poster').isVisible(), 'poster shown with the error').toBe(
        true,
      );
      expect(countColoured(await elementImage(root.locator('.sv-stage')))).toBeGreaterThan(500);

      const toy = await showFigure(page, 'toy');
      expect(countColoured(await elementImage(toy.locator('canvas.sv-canvas')))).toBeGreaterThan(
        minColoured(nodesOf(healthy)),
      );
      expect(await messageText(toy)).toBe('');

      server.intercept(null);
      await root.scrollIntoViewIfNeeded();
      await root.locator('.sv-retry').click();
      // The retry's state change lands after the click returns; until then the root still says
      // error (from before), which waitForFigure would take as the retry's outcome.
      await expect.poll(() => root.getAttribute('data-state')).not.toBe('error');
      await waitForFigure(page, 'scrubber', 'ready');
      expect(countColoured(await elementImage(root.locator('canvas.sv-canvas')))).toBeGreaterThan(
        minColoured(nodesOf(broken)),
      );
      expect(errors).toEqual([]);
    } finally {
      server.intercept(null);
      await page.close();
    }
  });

  it('without WebGL every figure shows its poster and says why', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    await disableWebGl(page);
    try {
      for (const [url, kinds] of [
        [server.url, ARTICLE_FIGURES],
        [`${server.url}explore/`, ['explorer'] as FigureKind[]],
      ] as const) {
        await page.goto(url);
        for (const kind of kinds) {
          const root = figure(page, kind);
          await scrollTo(root);
          await waitForFigure(page, kind, 'no-webgl');
          expect(await messageText(root), kind).toMatch(/WebGL/);
          await posterLoaded(root);
          const poster = root.locator('.sv-poster');
          expect(await poster.isVisible(), `${kind}: poster visible`).toBe(true);
          expect(
            countColoured(await elementImage(poster)),
            `${kind}: poster coloured pixels`,
          ).toBeGreaterThan(500);
        }
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('explorer', () => {
  it('draws its poster when the file arrives after hydrating rebuilt its root (no WebGL)', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    await disableWebGl(page);
    // The poster file is held until the island has swapped its loading root for the figure's:
    // the shell the page's loader found first is gone by then, and the one on screen is new.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const requested: string[] = [];
    await page.route('**/_astro/posters/*.svg', async (route) => {
      requested.push(new URL(route.request().url()).pathname);
      await held;
      await route.continue();
    });
    try {
      await page.goto(`${server.url}explore/`);
      const root = figure(page, 'explorer');
      await waitForFigure(page, 'explorer', 'no-webgl');
      expect(requested, 'the first shell’s file was asked for, and held').toHaveLength(1);
      expect(await root.locator('svg.sv-poster').getAttribute('data-poster')).not.toBe('loaded');
      release();
      await posterLoaded(root);
      expect(
        countColoured(await elementImage(root.locator('.sv-poster'))),
        'poster coloured pixels',
      ).toBeGreaterThan(500);
      expect(requested, 'one request for the file, however many shells').toHaveLength(1);
      expect(errors).toEqual([]);
    } finally {
      release();
      await page.close();
    }
  });

  it('loads the default view without console errors and writes it to the hash', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(`${server.url}explore/`);
      const root = await showFigure(page, 'explorer');
      const experiment = await root.locator('.sv-experiment').inputValue();
      const entry = manifest.experiments[experiment];
      expect(entry, `explorer shows ${experiment}, which the manifest lacks`).toBeDefined();
      // Every experiment drawn per hidden layer (a β sweep has its own figure).
      expect(await root.locator('.sv-experiment option').count()).toBe(
        Object.values(manifest.experiments).filter((e) => e.layers.length > 0).length,
      );
      // The default view is the last snapshot, where the refinement packs each class into a
      // tight clump (UMAP's min_dist 0.001 curve) and dots overlap: half the usual bar, still
      // thousands of pixels more than a blank canvas (0).
      expect(countColoured(await elementImage(root.locator('canvas.sv-canvas')))).toBeGreaterThan(
        minColoured(entry.dataset.trace) / 2,
      );
      const lastLayer = entry.layers[entry.layers.length - 1].index;
      await expect
        .poll(() => page.evaluate(() => location.hash))
        .toMatch(new RegExp(`experiment=${experiment}&layer=${lastLayer}&epoch=`));
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a 2-D toy experiment shows its input plane beside the layout, shaded by the decision regions', async () => {
    const toy = Object.keys(manifest.experiments).find((e) =>
      manifest.experiments[e]?.files.some((f) => f.table === 'regions'),
    );
    if (!toy)
      throw new Error('e2e: the manifest has no experiment with regions.arrow (a 2-D toy set)');
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(`${server.url}explore/#experiment=${toy}`);
      const root = await showFigure(page, 'explorer');
      const canvas = root.locator('canvas.sv-canvas');
      const box = await canvas.boundingBox();
      const image = await elementImage(canvas);
      // Landscape: layout left, input plane right; portrait: layout above, input plane below.
      const side = (box?.width ?? 0) >= (box?.height ?? 0);
      const half = (second: boolean): Image =>
        cropImage(
          image,
          side
            ? [second ? 0.6 : 0.1, 0.35, second ? 0.9 : 0.4, 0.65]
            : [0.3, second ? 0.6 : 0.1, 0.7, second ? 0.9 : 0.4],
        );
      const input = half(true);
      const area = input.width * input.height;
      expect(countTinted(input) / area, 'input plane: share of tinted pixels').toBeGreaterThan(0.5);
      expect(countTinted(half(false)) / area, 'layout: share of tinted pixels').toBeLessThan(0.15);
      expect(countColoured(input), 'input plane: dots drawn').toBeGreaterThan(50);
      expect(await root.locator('.sv-panel-labels').textContent()).toMatch(/Input plane/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('finds a sample by id, filters to the samples predicted wrong at the shown snapshot, and shows them in a gallery', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(`${server.url}explore/`);
      const root = await showFigure(page, 'explorer');
      const name = await root.locator('.sv-experiment').inputValue();
      const entry = manifest.experiments[name];
      const hash = () => page.evaluate(() => location.hash);
      // The networks trained here keep their layer buttons `<index> · <width>` (an imported
      // run's carry its own layer names: imported.test.ts).
      expect(
        (await root.locator('.sv-layers button').allInnerTexts()).map((t) =>
          t.replace(/\s+/g, ' ').trim(),
        ),
      ).toEqual(entry?.layers.map((l) => `${l.index} · ${l.width}`));

      await root.locator('.sv-find-id').fill('17');
      await root.locator('.sv-find-go').click();
      await expect.poll(hash).toMatch(/&node=17(&|$)/);
      await root.locator('.sv-tooltip--pinned').waitFor({ state: 'visible', timeout: 5_000 });
      await page.keyboard.press('Escape');
      await root.locator('canvas.sv-canvas').click({ position: { x: 3, y: 3 } });
      await expect.poll(hash).not.toMatch(/node=/);

      // The expected mistakes: the last layer's predictions at the last snapshot vs the labels.
      const read = (table: string, split?: number) => {
        const file = entry.files.find((f) => f.table === table && f.split === split);
        return new Uint8Array(readFileSync(join(build.dir, 'data', file?.name ?? '?')));
      };
      const layer = entry.layers[entry.layers.length - 1].index;
      const views = assembleLayerViews(name, entry, layer, read('positions', layer));
      const core = assembleCore(name, entry, { nodes: read('nodes'), metrics: read('metrics') });
      const predicted = viewPredicted(views, core.S - 1);
      // Beside the figure: how faithful and legible this view's layout is, as metrics.arrow has it.
      const lastValue = (column: string) =>
        core.metrics.view(column, entry.layers.length - 1)[core.S - 1] ?? NaN;
      for (const [key, text] of [
        ['trustworthiness', formatScore(lastValue('trustworthiness'))],
        ['knn-preservation', formatScore(lastValue('knn_preservation'))],
        ['visible-share', formatPercent(lastValue('visible_share'), 1)],
        ['local-radius', formatScore(lastValue('local_radius_r'))],
      ] as const)
        expect(
          await root.locator(`.sv-metric[data-metric="${key}"] strong`).textContent(),
          `explorer strip: ${key}`,
        ).toBe(text);
      expect(await root.locator('.sv-metric-note').allTextContents()).toEqual(
        expect.arrayContaining([VISIBLE_NOTE, LOCAL_RADIUS_NOTE]),
      );
      const expected = [...views.nodeIds].filter((id, i) => predicted[i] !== core.labels[id]);

      await settle(page);
      // Full-strength colour only (chroma ≥ 150): in dense clusters, stacked dimmed dots add up to a middling chroma.
      const FULL = 150;
      const before = countColoured(await elementImage(root.locator('canvas.sv-canvas')), FULL);
      await root.locator('.sv-wrong-only').check();
      await expect.poll(hash).toMatch(/&wrong=1/);
      await expect
        .poll(() => root.locator('.sv-wrong-count').textContent())
        .toMatch(new RegExp(`^${expected.length.toLocaleString('en')} samples predicted wrong`));
      await settle(page);
      const after = countColoured(await elementImage(root.locator('canvas.sv-canvas')), FULL);
      expect(after, 'coloured pixels with the others dimmed').toBeLessThan(before * 0.5);
      const items = root.locator('.sv-gallery-item');
      await expect.poll(() => items.count()).toBe(Math.min(24, expected.length));
      expect(
        countForeground(await elementImage(items.first().locator('canvas.sv-thumb'))),
        'ink in the first gallery thumbnail',
      ).toBeGreaterThan(10);
      await items.first().click();
      await expect.poll(hash).toMatch(new RegExp(`&node=${expected[0]}(&|$)`));
      // The filter survives a reload of the permalink.
      await page.reload();
      const again = await showFigure(page, 'explorer');
      expect(await again.locator('.sv-wrong-only').isChecked()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('clicking a node selects it into the hash, a drag pans without selecting, empty space clears', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(`${server.url}explore/`);
      const root = await showFigure(page, 'explorer');
      const canvas = root.locator('canvas.sv-canvas');
      await settle(page);
      const node = await nodeOnCanvas(canvas);
      const box = await canvas.boundingBox();
      if (!box || !node) throw new Error('e2e: no canvas box or no drawn node');
      const { x, y } = node;

      await page.mouse.click(x, y);
      await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/[#&]node=\d+/);
      const selected = /[#&]node=(\d+)/.exec(await page.evaluate(() => location.hash))?.[1];
      await expect
        .poll(() => root.locator('.sv-note').allTextContents())
        .toContain(`Selected sample #${selected}. Click empty space to clear.`);

      // A drag that starts on a node pans the view and keeps the selection.
      const before = await elementImage(canvas);
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 60, y + 40, { steps: 6 });
      await page.mouse.up();
      await settle(page);
      expect(countDifferent(before, await elementImage(canvas)), 'the drag panned').toBeGreaterThan(
        500,
      );
      expect(await page.evaluate(() => location.hash)).toContain(`node=${selected}`);

      // The top-left corner of the canvas is empty space.
      await page.mouse.click(box.x + 4, box.y + 4);
      await expect.poll(() => page.evaluate(() => location.hash)).not.toMatch(/node=/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('zooms in steps of at most 1.5× per wheel notch, never out to a dot, and keeps the view in the permalink', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(`${server.url}explore/`);
      const root = await showFigure(page, 'explorer');
      const canvas = root.locator('canvas.sv-canvas');
      const box = await canvas.boundingBox();
      if (!box) throw new Error('e2e: no canvas box');
      const width = async () => {
        await settle(page);
        const image = await elementImage(canvas);
        const b = colouredBox(image);
        return b ? (b.right - b.left) / image.width : 0;
      };
      const fitted = await width();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, 100);
      const notch = fitted / (await width());
      expect(notch, 'zoom-out factor of one wheel notch').toBeGreaterThan(1.02);
      expect(notch).toBeLessThan(1.5);
      for (let i = 0; i < 40; i++) await page.mouse.wheel(0, 100);
      // The zoom range ends at half the fitted view (scene.ts ZOOM_OUT = 1): relative to the fitted width, whatever the layout's shape.
      expect(await width(), 'layout width after zooming all the way out').toBeGreaterThan(
        0.45 * fitted,
      );
      for (let i = 0; i < 2; i++) await page.mouse.wheel(0, -100);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 30, { steps: 5 });
      await page.mouse.up();
      await settle(page);
      await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/&zoom=[\d.-]+&cx=/);
      const hash = await page.evaluate(() => location.hash);
      const zoom = Number(new URLSearchParams(hash.slice(1)).get('zoom'));
      expect(zoom, 'zoom in the hash (powers of 2 from the fitted view)').toBeGreaterThan(-1);
      expect(zoom).toBeLessThan(1);
      const view = colouredBox(await elementImage(canvas));
      await page.goto('about:blank');
      await page.goto(`${server.url}explore/${hash}`);
      const again = await showFigure(page, 'explorer');
      await settle(page);
      // The restored view writes the same hash back, and draws the layout in the same place
      // (to within a pixel: the hash keeps 4 decimals).
      expect(await page.evaluate(() => location.hash)).toBe(hash);
      const restored = colouredBox(await elementImage(again.locator('canvas.sv-canvas')));
      if (!view || !restored) throw new Error('e2e: nothing drawn in the zoomed view');
      for (const side of ['left', 'top', 'right', 'bottom'] as const)
        expect(
          Math.abs(restored[side] - view[side]),
          `${side} edge of the drawing, px`,
        ).toBeLessThan(3);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('offers the sensitivity view: the toggle recolours the plot and goes into the permalink, which restores it', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(`${server.url}explore/#experiment=mlp-classes&layer=2`);
      const root = await showFigure(page, 'explorer');
      const canvas = root.locator('canvas.sv-canvas');
      await settle(page);
      const before = await elementImage(canvas);
      expect(await root.locator('.sv-colour-bar').count()).toBe(0);
      await root.locator('.sv-sensitivity').check();
      await root.locator('.sv-colour-bar').waitFor({ timeout: 15_000 });
      await settle(page);
      expect(
        countDifferent(before, await elementImage(canvas)),
        'pixels recoloured by the sensitivity view',
      ).toBeGreaterThan(minColoured(nodesOf('mlp-classes')));
      await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/sensitivity=1/);
      const link = await page.evaluate(() => location.href);
      const again = await browser.context.newPage();
      try {
        await again.goto(link);
        const restored = await showFigure(again, 'explorer');
        await restored.locator('.sv-colour-bar').waitFor({ timeout: 15_000 });
        expect(await restored.locator('.sv-sensitivity').isChecked()).toBe(true);
        await expect
          .poll(() => again.evaluate(() => location.hash))
          .toMatch(/layer=2&.*sensitivity=1/);
      } finally {
        await again.close();
      }
      await root.locator('.sv-sensitivity').uncheck();
      await expect.poll(() => page.evaluate(() => location.hash)).not.toMatch(/sensitivity/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('writes epochs to the hash as the manifest has them (no float32 noise)', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      // Prefer a fractional epoch (snapshots inside the first epoch), where float32 shows.
      const [experiment, entry] = Object.entries(manifest.experiments)[0];
      const snapshot =
        entry.snapshots.find((s) => !Number.isInteger(s.epoch)) ??
        entry.snapshots[1] ??
        entry.snapshots[0];
      await page.goto(`${server.url}explore/#experiment=${experiment}&epoch=${snapshot.epoch}`);
      await showFigure(page, 'explorer');
      await expect
        .poll(() => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('epoch')))
        .toBe(String(roundTo(snapshot.epoch)));
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a permalink with a non-default experiment, layer, snapshot, class and node loads exactly that view', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(`${server.url}explore/`);
      const defaultRoot = await showFigure(page, 'explorer');
      const defaultExperiment = await defaultRoot.locator('.sv-experiment').inputValue();
      const defaultImage = await elementImage(defaultRoot.locator('canvas.sv-canvas'));

      const names = Object.keys(manifest.experiments);
      const experiment = names.find((n) => n !== defaultExperiment) ?? defaultExperiment;
      const entry = manifest.experiments[experiment];
      const S = entry.snapshots.length;
      const snapshot = Math.max(1, Math.floor(S / 3));
      const epoch = entry.snapshots[snapshot].epoch;
      const layer = entry.layers[0].index;
      const node = Math.floor(entry.dataset.trace / 3);
      const cls = Math.min(1, entry.dataset.classes.length - 1);
      const hash = `#experiment=${experiment}&layer=${layer}&epoch=${epoch}&class=${cls}&node=${node}&edges=1`;

      // A fresh navigation, as when someone opens a shared link.
      await page.goto('about:blank');
      await page.goto(`${server.url}explore/${hash}`);
      const root = await showFigure(page, 'explorer');
      await expect
        .poll(() => root.locator('.sv-edges').isChecked(), { timeout: 20_000 })
        .toBe(true);
      await settle(page);
      expect(await root.locator('.sv-experiment').inputValue()).toBe(experiment);
      expect(
        await root.locator('.sv-layers button[aria-pressed="true"]').getAttribute('data-layer'),
      ).toBe(String(layer));
      const range = root.locator('.sv-scrubber');
      expect(await range.inputValue()).toBe(String(snapshot));
      expect(await range.getAttribute('aria-valuetext')).toMatch(
        new RegExp(`^Epoch ${epochText(epoch)} of ${epochText(entry.snapshots[S - 1].epoch)}`),
      );
      expect(
        await root.locator(`.sv-legend button[data-class="${cls}"]`).getAttribute('aria-pressed'),
      ).toBe('true');
      expect(await root.locator('.sv-side').textContent()).toContain(`#${node}`);
      const params = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
      expect(Object.fromEntries(params)).toMatchObject({
        experiment,
        layer: String(layer),
        class: String(cls),
        node: String(node),
        edges: '1',
      });
      expect(Number(params.get('epoch'))).toBeCloseTo(epoch, 4);

      const linked = await elementImage(root.locator('canvas.sv-canvas'));
      expect(
        countDifferent(defaultImage, linked),
        'the permalinked view differs from the default view',
      ).toBeGreaterThan(minColoured(entry.dataset.trace));

      // Reloading the rewritten address gives the same picture: the hash is the whole state.
      await page.reload();
      const again = await showFigure(page, 'explorer');
      await expect
        .poll(() => again.locator('.sv-edges').isChecked(), { timeout: 20_000 })
        .toBe(true);
      await settle(page);
      const reloaded = await elementImage(again.locator('canvas.sv-canvas'));
      expect(
        countDifferent(linked, reloaded),
        'pixels that differ after reloading the permalink',
      ).toBeLessThan(linked.width * linked.height * 0.002);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a permalink opens the neuron × sample experiment at its last layer and snapshot, with units and their strip', async () => {
    const name = Object.keys(manifest.experiments).find(
      (n) => manifest.experiments[n].kind === 'mlp-bipartite',
    );
    if (!name) throw new Error('e2e: the manifest has no mlp-bipartite experiment');
    const entry = manifest.experiments[name];
    const S = entry.snapshots.length;
    const layer = entry.layers[entry.layers.length - 1];
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.goto(
        `${server.url}explore/#experiment=${name}&layer=${layer.index}&epoch=${entry.snapshots[S - 1].epoch}&edges=1`,
      );
      const root = await showFigure(page, 'explorer');
      await expect
        .poll(() => root.locator('.sv-edges').isChecked(), { timeout: 20_000 })
        .toBe(true);
      await settle(page);
      expect(await root.locator('.sv-experiment').inputValue()).toBe(name);
      expect(await root.locator('.sv-scrubber').inputValue()).toBe(String(S - 1));
      expect(await root.locator('[data-metric="selectivity"]').textContent()).toContain(
        `Mean selectivity, layer ${layer.index}`,
      );
      const units = await darkNodesOnCanvas(root.locator('canvas.sv-canvas'));
      expect(units.length, 'units drawn in ink').toBeGreaterThan(0);
      expect(page.url()).toContain(`experiment=${name}`);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('layout', () => {
  it('nothing is wider than a 390 px phone screen', async () => {
    const page = await browser.context.newPage();
    const { errors } = collectErrors(page);
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      for (const [url, kinds] of [
        [server.url, ARTICLE_FIGURES],
        [`${server.url}explore/`, ['explorer'] as FigureKind[]],
      ] as const) {
        await page.goto(url);
        for (const kind of kinds) await showFigure(page, kind);
        const overflow = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          // Elements sticking out on the right, unless a scrolling or clipping box holds them.
          const clipped = (el: Element): boolean => {
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
              if (getComputedStyle(p).overflowX !== 'visible') return true;
            return false;
          };
          const wide = [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el))
            .slice(0, 5)
            .map(
              (el) =>
                `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`,
            );
          return { scrollWidth: document.documentElement.scrollWidth, width, wide };
        });
        expect(overflow, `${url}: page scrolls sideways at 390 px`).toEqual({
          scrollWidth: overflow.width,
          width: overflow.width,
          wide: [],
        });
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('phone', () => {
  it('a one-finger vertical swipe over the explorer’s plot scrolls the page and leaves the view alone', async () => {
    const phone = await launchChromium(PHONE);
    try {
      const page = await phone.context.newPage();
      const { errors } = collectErrors(page);
      await page.goto(`${server.url}explore/`);
      const root = await showFigure(page, 'explorer');
      await page.evaluate(() => window.scrollTo(0, 0));
      const box = await root.locator('canvas.sv-canvas').boundingBox();
      if (!box) throw new Error('e2e: no canvas box');
      expect(box.y + box.height * 0.7, 'the swipe starts on the plot').toBeLessThan(844);
      const before = await elementImage(root.locator('canvas.sv-canvas'));
      // One finger, from the plot's lower part upwards, as a reader scrolling on.
      const cdp = await phone.context.newCDPSession(page);
      const x = Math.round(box.x + box.width / 2);
      const y = Math.round(box.y + box.height * 0.7);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
      for (let k = 1; k <= 12; k++) {
        await cdp.send('Input.dispatchTouchEvent', {
          type: 'touchMove',
          touchPoints: [{ x, y: y - 20 * k }],
        });
        await page.waitForTimeout(16);
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await expect
        .poll(() => page.evaluate(() => window.scrollY), { timeout: 3000 })
        .toBeGreaterThan(100);
      await settle(page);
      expect(await page.evaluate(() => location.hash)).not.toMatch(/zoom=|cx=/);
      await page.evaluate(() => window.scrollTo(0, 0));
      await settle(page);
      expect(
        countDifferent(before, await elementImage(root.locator('canvas.sv-canvas'))),
        'the plot did not pan',
      ).toBeLessThan(before.width * before.height * 0.002);
      expect(errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});

describe('without JavaScript', () => {
  it('the article reads and every figure shows its static poster', async () => {
    const noJs = await launchChromium({ javaScriptEnabled: false });
    try {
      const page = await noJs.context.newPage();
      await page.goto(server.url);
      expect(await page.locator('h1').first().textContent()).toMatch(/Structural Visualization/);
      const words = (await page.locator('main').innerText()).split(/\s+/).length;
      expect(words, 'words of article text').toBeGreaterThan(1500);
      expect(await page.locator('.katex').count(), 'rendered math').toBeGreaterThan(5);
      const figures = page.locator('figure.sv-figure');
      expect(await figures.count()).toBe(ARTICLE_FIGURES.length);
      for (const kind of ARTICLE_FIGURES) {
        const root = figure(page, kind);
        // Without JavaScript a poster is an <img> of its file (the inline shell stays empty).
        const poster = root.locator('img.sv-poster');
        await poster.scrollIntoViewIfNeeded();
        await expect
          .poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
          .toBeGreaterThan(0);
        expect(await poster.isVisible(), `${kind}: poster`).toBe(true);
        expect(
          countColoured(await elementImage(poster)),
          `${kind}: poster coloured pixels`,
        ).toBeGreaterThan(500);
        expect(await root.locator('.sv-status').isVisible(), `${kind}: no endless "Loading"`).toBe(
          false,
        );
        const caption = await root.locator('figcaption').innerText();
        expect(caption).toMatch(/Figure \d/);
        expect(caption, `${kind}: caption speaks of controls a poster lacks`).not.toMatch(
          /press play|drag the slider|hover|click|step through/i,
        );
        expect(await root.locator('.sv-poster-legend').isVisible(), `${kind}: poster legend`).toBe(
          true,
        );
      }
      expect(await page.locator('main').innerText()).not.toMatch(/press play/i);
      await page.goto(`${server.url}explore/`);
      expect(await figure(page, 'explorer').locator('img.sv-poster').isVisible()).toBe(true);
      expect(await page.locator('.explorer-noscript').isVisible()).toBe(true);
    } finally {
      await noJs.close();
    }
  });
});
