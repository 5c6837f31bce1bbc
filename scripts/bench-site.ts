/**
 * `npm run bench:site`: measures the built site against its budgets in headless Chromium.
 * Builds (or reuses the cached build, see test/e2e/helpers/build.ts), serves it from a local
 * static server and measures, each repetition in fresh pages (responses are `no-store`):
 *   - JS before any figure is visible: external scripts the article requests before its load
 *     event plus the page's inline scripts, gzipped here (zlib level 6, as static hosts gzip on
 *     the fly); the figure code the page prefetches after load, when idle, is reported apart;
 *   - per figure: JS (gz) and data (raw, gz) fetched from scrolling it into view until it is
 *     drawn, and the time from the scroll to the first drawn, non-blank frame (cold: the page's
 *     idle prefetch of figure code is off, as for a reader with Save-Data);
 *   - scrubbing the training figure through every snapshot with edges on: redraw ms per frame
 *     (the site's own measure, window.__structviz) and requestAnimationFrame intervals;
 *   - the whole article: everything one page fetches (HTML, CSS, fonts, JS, data; gz) while a
 *     reader scrolls through every figure once, each drawn before the next;
 *   - a slow-device profile (SLOW): 4× CPU throttling (CDP Emulation.setCPUThrottlingRate) and a
 *     Fast-3G-like network (CDP Network.emulateNetworkConditions: 1.6 Mbit/s down, 750 kbit/s up,
 *     150 ms round trip), the server gzipping its responses as static hosts do: per article figure
 *     the time from scrolling it into view to its first drawn, non-blank frame (after the page's
 *     load and network quiet, so with whatever the page prefetched by then), and the first
 *     figure's time from navigation start when the reader scrolls to it as soon as the DOM is there
 *     (to its first frame of either renderer: Canvas2D, drawn and answering the controls while
 *     deck.gl downloads, or WebGL; the WebGL frame's time is reported beside it);
 *   - in the slow profile also a reader scrolling down at READER_SPEED: per article figure, from
 *     2.5 viewport heights above it (after what loads there has loaded: a reader has passed the
 *     figures above), scrolled at a steady speed; the time from the figure's top edge entering
 *     the viewport to its first drawn, non-blank frame (negative: live before it appeared).
 * Writes bench/site-report.json and bench/site-report.md. `--reps N` (default 3), `--out DIR`,
 * `--profile all|default|slow` (default all: the unthrottled measures, then the slow profile),
 * `--figures a,b` (the slow profile's per-figure runs for these article figures only).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { CDPSession, Page } from 'playwright-core';
import type { ExperimentEntry } from '../pipeline/contract.ts';
import { collectErrors, launchChromium } from '../test/e2e/helpers/browser.ts';
import { ensureSiteBuild } from '../test/e2e/helpers/build.ts';
import { countColoured, elementImage } from '../test/e2e/helpers/pixels.ts';
import { startServer, type Served, type StaticServer } from '../test/e2e/helpers/server.ts';
import {
  figure,
  islandExperiment,
  readManifest,
  settle,
  showFigure,
  waitForFigure,
  ARTICLE_FIGURES,
  type FigureKind,
} from '../test/e2e/helpers/site.ts';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench' },
    profile: { type: 'string', default: 'all' },
    figures: { type: 'string' },
  },
});
const REPS = Number(values.reps);
if (!(REPS >= 1)) throw new Error(`bench-site: --reps must be ≥ 1, got ${values.reps}`);
const PROFILE = values.profile;
/** The article figures the slow profile measures one by one (`--figures scrubber,bipartite`; default all). */
const SLOW_FIGURES = (values.figures?.split(',') ?? ARTICLE_FIGURES) as FigureKind[];
for (const kind of SLOW_FIGURES)
  if (!(ARTICLE_FIGURES as readonly string[]).includes(kind))
    throw new Error(`bench-site: --figures: no article figure ${kind}`);
if (PROFILE !== 'all' && PROFILE !== 'default' && PROFILE !== 'slow')
  throw new Error(`bench-site: --profile must be all, default or slow, got ${PROFILE}`);

/** The slow device: a phone-class CPU on a Fast-3G-like connection. */
const SLOW = {
  cpuRate: 4,
  /** Bytes per second (1.6 Mbit/s, 750 kbit/s). */
  downBytes: (1.6e6 / 8) | 0,
  upBytes: (750e3 / 8) | 0,
  latencyMs: 150,
};

/**
 * The reader of the slow profile's reading measure, in CSS px per second: a viewport (800 px)
 * every 4 s, a skim. Reading at 250 words a minute moves through this article at ≈ 11 px/s at
 * 1280×800 and ≈ 16 px/s on a 390 px phone (words of <main> over its height: 12,347 words in
 * 33,848 px and 49,049 px), so this is 12–18 times faster than reading.
 */
const READER_SPEED = 200;

const KB = 1024;
const BUDGET = {
  firstPaintJsGz: 30 * KB,
  islandJsGz: 250 * KB,
  dataPerFigure: 2 * 1024 * KB,
  readyMs: 1500,
  frameMs: 33,
  /** Median redraw per scrub frame with edges on, unthrottled (issue 22). */
  edgeFrameMs: 20,
  articleGz: 2 * 1024 * KB,
  slowReadyMs: 2500,
  slowReaderMs: 2500,
  slowFirstMs: 3000,
};

const gz = (bytes: Uint8Array | string): number => gzipSync(bytes, { level: 6 }).length;
const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const kb = (bytes: number): string => `${(bytes / KB).toFixed(1)} KB`;
const mb = (bytes: number): string => `${(bytes / KB / KB).toFixed(2)} MB`;

const isJs = (s: Served): boolean => s.type.startsWith('text/javascript');
const isData = (s: Served): boolean => s.path.startsWith('data/');

interface Transfer {
  jsGz: number;
  jsFiles: string[];
  dataRaw: number;
  dataGz: number;
  dataFiles: string[];
}

function transfer(served: Served[]): Transfer {
  const js = served.filter(isJs);
  const data = served.filter(isData);
  return {
    jsGz: js.reduce((a, s) => a + gz(s.body), 0),
    jsFiles: js.map((s) => s.path),
    dataRaw: data.reduce((a, s) => a + s.body.length, 0),
    dataGz: data.reduce((a, s) => a + gz(s.body), 0),
    dataFiles: data.map((s) => s.path),
  };
}

/** Waits until the server has been idle (no new request) for `ms`. */
async function networkQuiet(server: StaticServer, ms = 400): Promise<void> {
  let n = -1;
  while (n !== server.log.length) {
    n = server.log.length;
    await new Promise((r) => setTimeout(r, ms));
  }
}

interface FirstPaint {
  externalJsGz: number;
  inlineJsGz: number;
  totalGz: number;
  scripts: string[];
  figureInViewport: boolean;
  /** Figure code the page prefetches after its load event, when idle (gz; not first-paint JS). */
  prefetchedJsGz: number;
}

/**
 * Loads the article at `viewport` and counts the JS it needs before a figure is visible: the
 * scripts requested before the load event, and the inline ones. Scripts requested after it are
 * the idle prefetch of figure code (Base.astro), counted apart: they cannot delay first paint.
 */
async function firstPaintJs(
  page: Page,
  server: StaticServer,
  viewport: { width: number; height: number },
): Promise<FirstPaint> {
  await page.setViewportSize(viewport);
  const start = server.log.length;
  await page.goto(server.url, { waitUntil: 'load' });
  await networkQuiet(server);
  const served = server.log.slice(start);
  const html = served.find((s) => s.type.startsWith('text/html'));
  const inline = [
    ...Buffer.from(html?.body ?? new Uint8Array())
      .toString('utf8')
      .matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g),
  ].map((m) => m[1] ?? '');
  const afterLoad = new Set(
    (await scriptsAfterLoad(page)).map((url) => new URL(url).pathname.slice(server.base.length)),
  );
  const early = served.filter((s) => !afterLoad.has(s.path));
  const externalJsGz = transfer(early).jsGz;
  const inlineJsGz = inline.reduce((a, s) => a + gz(s), 0);
  const figureInViewport = await page.evaluate(() =>
    [...document.querySelectorAll('figure.sv-figure')].some(
      (f) => f.getBoundingClientRect().top < innerHeight,
    ),
  );
  return {
    externalJsGz,
    inlineJsGz,
    totalGz: externalJsGz + inlineJsGz,
    scripts: early.filter(isJs).map((s) => s.path),
    figureInViewport,
    prefetchedJsGz: transfer(served.filter((s) => afterLoad.has(s.path))).jsGz,
  };
}

/** URLs of the scripts a page requested after its load event ended (resource timing). */
function scriptsAfterLoad(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => /\.js($|\?)/.test(e.name) && e.startTime >= nav.loadEventEnd)
      .map((e) => e.name);
  });
}

/**
 * A reader with Save-Data on: the page skips its idle prefetch of figure code (Base.astro), so
 * a figure scrolled into view fetches all of its code (the cold island measure).
 */
function saveData(): void {
  Object.defineProperty(navigator, 'connection', { value: { saveData: true } });
}

interface FigureRun extends Transfer {
  /** Scroll → first drawn frame, in-page clock. */
  readyMs: number;
  /** Scroll → the island's code starts (hydration), → last script, → last data file arrived. */
  phases: { islandStart: number; lastScript: number; lastData: number };
  /** Scroll → the canvas first holds coloured pixels (read back in the page after each frame). */
  nonBlankMs: number;
  /**
   * Scroll → the figure's first frame of either renderer (its Canvas2D preview while deck.gl
   * loads, else WebGL) holds coloured pixels on the canvas that shows it.
   */
  shownMs: number;
  coloured: number;
}

interface BenchProbe {
  t0: number;
  /** 'read' mode: when the scroll started (t0 is when the figure entered the viewport). */
  start?: number;
  ready?: number;
  nonBlank?: number;
  /** The first frame of either renderer holds coloured pixels. */
  shown?: number;
  failed?: string;
}

/**
 * Runs in the page: waits for the figure's `ready` promise, then reads the WebGL canvas back
 * (drawImage onto a small 2-D canvas; the site keeps preserveDrawingBuffer) until it holds
 * coloured pixels. The readback waits for the GPU, so `nonBlank` is when pixels really exist;
 * in SwiftShader that is well after the draw call returned (shader compile + raster).
 * `scroll`: start the clock and scroll the figure into view; otherwise t0 is navigation start.
 */
function installProbe({
  kind,
  scroll,
  speed = 0,
}: {
  kind: string;
  scroll: boolean | 'dom' | 'read';
  speed?: number;
}): void {
  const w = window as unknown as {
    __bench: BenchProbe;
    __structviz?: { figures: Record<string, { ready: Promise<void>; shown: Promise<void> }> };
  };
  w.__bench = { t0: scroll === true ? performance.now() : 0 };
  const selector = `figure.sv-figure[data-figure="${kind}"]`;
  const scrollTo = () =>
    document.querySelector(selector)?.scrollIntoView({ block: 'center', behavior: 'instant' });
  if (scroll === true) scrollTo();
  // 'dom': navigation start is t0; the reader scrolls to the figure as soon as it exists.
  if (scroll === 'dom') document.addEventListener('DOMContentLoaded', scrollTo, { once: true });
  // 'read': scroll down at `speed` px/s until the figure is centred; t0 is when its top edge
  // enters the viewport (until then t0 is the scroll's start).
  if (scroll === 'read') {
    const start = performance.now();
    w.__bench = { t0: start, start };
    let entered = false;
    let last = start;
    let carry = 0;
    const step = (now: number) => {
      const el = document.querySelector(selector);
      if (!el) return;
      const box = el.getBoundingClientRect();
      if (!entered && box.top < innerHeight) {
        entered = true;
        w.__bench.t0 = now;
      }
      if (box.top + box.height / 2 <= innerHeight / 2) return;
      carry += (speed * (now - last)) / 1000;
      last = now;
      const px = Math.floor(carry);
      carry -= px;
      // Instant: the page's CSS asks for smooth scrolling, which would restart every frame.
      window.scrollBy({ top: px, behavior: 'instant' });
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }
  const probe = document.createElement('canvas');
  probe.width = probe.height = 96;
  const ctx = probe.getContext('2d', { willReadFrequently: true });
  /** True if `source` holds at least 30 coloured pixels of 96². */
  const coloured = (source: HTMLCanvasElement | null): boolean => {
    if (!source || !ctx) return false;
    ctx.clearRect(0, 0, 96, 96);
    ctx.drawImage(source, 0, 0, 96, 96);
    const d = ctx.getImageData(0, 0, 96, 96).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      const chroma = Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]);
      if (d[i + 3] > 128 && chroma >= 60) n++;
    }
    return n >= 30;
  };
  /** Reads `canvas()` after each frame until it holds coloured pixels, then calls `done`. */
  const watch = (canvas: () => HTMLCanvasElement | null, done: (t: number) => void) => {
    const step = () => {
      if (performance.now() - w.__bench.t0 > 15_000) return;
      if (coloured(canvas())) done(performance.now());
      else requestAnimationFrame(step);
    };
    step();
  };
  const webgl = () => document.querySelector<HTMLCanvasElement>(`${selector} canvas.sv-canvas`);
  // The Canvas2D preview while the figure is in state `preview`, then the WebGL canvas.
  const showing = () =>
    document.querySelector<HTMLCanvasElement>(
      `${selector}[data-state="preview"] canvas.sv-preview`,
    ) ?? webgl();
  const poll = () => {
    const handle = w.__structviz?.figures[kind];
    if (!handle) return void requestAnimationFrame(poll);
    handle.shown.then(
      () => watch(showing, (t) => (w.__bench.shown ??= t)),
      () => undefined,
    );
    handle.ready.then(
      () => {
        w.__bench.ready = performance.now();
        watch(webgl, (t) => {
          w.__bench.nonBlank = t;
          w.__bench.shown ??= t;
        });
      },
      (e: unknown) => (w.__bench.failed = String(e)),
    );
  };
  poll();
}

/**
 * Measures one figure on a fresh page: article figures from scrolling them into view, the
 * explorer (above the fold) from navigation start.
 */
async function measureFigure(
  page: Page,
  server: StaticServer,
  kind: FigureKind,
  fromNavigation: boolean | 'read' = false,
  /**
   * Jumps only: let the page prefetch figure code once loaded and idle, as it does for a reader
   * (the slow profile); false: Save-Data on, a cold figure (the default profile's island JS).
   */
  prefetch = false,
): Promise<FigureRun> {
  let start: number;
  if (fromNavigation === 'read') {
    await page.goto(server.url, { waitUntil: 'load' });
    // 2.5 viewport heights above the figure: beyond the islands' one-viewport look-ahead.
    await page.evaluate((k) => {
      const el = document.querySelector(`figure.sv-figure[data-figure="${k}"]`);
      if (el)
        window.scrollTo({
          top: scrollY + el.getBoundingClientRect().top - 2.5 * innerHeight,
          behavior: 'instant',
        });
    }, kind);
    await networkQuiet(server, 1000);
    start = server.log.length;
    await page.evaluate(installProbe, { kind, scroll: 'read' as const, speed: READER_SPEED });
  } else if (kind === 'explorer') {
    start = server.log.length;
    await page.addInitScript(installProbe, { kind, scroll: false });
    await page.goto(`${server.url}explore/`);
  } else if (fromNavigation) {
    start = server.log.length;
    await page.addInitScript(installProbe, { kind, scroll: 'dom' as const });
    await page.goto(server.url, { waitUntil: 'commit' });
  } else {
    if (!prefetch) await page.addInitScript(saveData);
    await page.goto(server.url, { waitUntil: 'load' });
    await networkQuiet(server);
    start = server.log.length;
    await page.evaluate(installProbe, { kind, scroll: true });
  }
  await waitForFigure(page, kind);
  await page
    .waitForFunction(
      () => (window as unknown as { __bench: BenchProbe }).__bench.nonBlank !== undefined,
      null,
      { timeout: 15_000 },
    )
    .catch(() => undefined);
  const coloured = countColoured(
    await elementImage(figure(page, kind).locator('canvas.sv-canvas')),
  );
  await networkQuiet(server, 200);
  const { readyMs, nonBlankMs, shownMs, phases } = await page.evaluate((k) => {
    const w = window as unknown as {
      __bench: BenchProbe;
      __structviz: { figures: Record<string, { readyMs?: number }> };
    };
    const b = w.__bench;
    const ready = b.ready === undefined ? NaN : b.ready - b.t0;
    const entries = (
      performance.getEntriesByType('resource') as PerformanceResourceTiming[]
    ).filter((e) => e.startTime >= (b.start ?? b.t0));
    const end = (re: RegExp) => {
      const ends = entries.filter((e) => re.test(e.name)).map((e) => e.responseEnd - b.t0);
      return ends.length ? Math.max(...ends) : 0;
    };
    return {
      readyMs: ready,
      nonBlankMs: b.nonBlank === undefined ? NaN : b.nonBlank - b.t0,
      shownMs: b.shown === undefined ? NaN : b.shown - b.t0,
      phases: {
        islandStart: ready - (w.__structviz.figures[k]?.readyMs ?? NaN),
        lastScript: end(/\.js($|\?)/),
        lastData: end(/\/data\//),
      },
    };
  }, kind);
  const served = server.log.slice(start).filter((s) => isJs(s) || isData(s));
  return { ...transfer(served), readyMs, phases, nonBlankMs, shownMs, coloured };
}

/**
 * measureFigure for the slow profile, where a loaded machine can push a figure past the 30 s
 * wait: the run is kept as a failure (never live: Infinity) instead of ending the bench.
 */
async function measureOrFail(...args: Parameters<typeof measureFigure>): Promise<FigureRun> {
  try {
    return await measureFigure(...args);
  } catch (error) {
    console.log(
      `\n  ${args[2]}: ${(error as Error).message.split('\n')[0]} (counted as never live)`,
    );
    return {
      ...transfer([]),
      readyMs: Infinity,
      nonBlankMs: Infinity,
      shownMs: Infinity,
      phases: { islandStart: NaN, lastScript: NaN, lastData: NaN },
      coloured: 0,
    };
  }
}

/**
 * Data a training figure adds once a reader turns edges on (`edges`) and hovers a point
 * (`hover`), and then everything it can still fetch: every other layer's files (`all`).
 */
async function scrubberExtras(
  page: Page,
  server: StaticServer,
  kind: FigureKind = 'scrubber',
  edges = true,
): Promise<{ hover: Transfer; all: Transfer }> {
  const root = await showFigure(page, kind);
  const start = server.log.length;
  if (edges) await root.locator('.sv-edges').check();
  const canvas = root.locator('canvas.sv-canvas');
  const box = await canvas.boundingBox();
  if (box) {
    // Sweep the pointer across the plot until a tooltip appears (which requests the images).
    for (let i = 1; i < 40 && !(await root.locator('.sv-tooltip').count()); i++) {
      await page.mouse.move(box.x + (box.width * i) / 40, box.y + box.height / 2);
      await page.waitForTimeout(30);
    }
  }
  await networkQuiet(server);
  const hover = transfer(server.log.slice(start));
  const buttons = root.locator('.sv-layers button[data-layer]');
  for (let i = 0; i < (await buttons.count()); i++) {
    await buttons.nth(i).click();
    await networkQuiet(server);
  }
  return { hover, all: transfer(server.log.slice(start)) };
}

/** Applies the slow-device profile to a page (CPU throttling and network emulation over CDP). */
async function throttle(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW.cpuRate });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: SLOW.latencyMs,
    downloadThroughput: SLOW.downBytes,
    uploadThroughput: SLOW.upBytes,
  });
  return cdp;
}

interface ArticleTransfer {
  /** gz bytes by kind of file (html, css, font, js, data, other) and in all. */
  gz: Record<string, number>;
  raw: number;
  totalGz: number;
  files: number;
  /** Data files fetched, in order. */
  dataFiles: string[];
}

const kindOf = (s: Served): string =>
  isData(s)
    ? 'data'
    : isJs(s)
      ? 'js'
      : s.type.startsWith('text/html')
        ? 'html'
        : s.type.startsWith('text/css')
          ? 'css'
          : s.type.startsWith('font/')
            ? 'font'
            : 'other';

/**
 * Everything one page fetches while a reader scrolls through the article once: each article
 * figure in turn is scrolled into view and drawn before the next, with no other interaction.
 */
async function articleTransfer(page: Page, server: StaticServer): Promise<ArticleTransfer> {
  const start = server.log.length;
  await page.goto(server.url, { waitUntil: 'load' });
  for (const kind of ARTICLE_FIGURES) {
    await showFigure(page, kind);
    await networkQuiet(server, 300);
  }
  // To the end of the page (references, footer).
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await networkQuiet(server);
  const served = server.log.slice(start);
  const gzBy: Record<string, number> = {};
  // woff2 and png are compressed already: hosts send them as they are.
  const wire = (s: Served) =>
    /^(font\/woff|image\/png)/.test(s.type) ? s.body.length : gz(s.body);
  for (const s of served) gzBy[kindOf(s)] = (gzBy[kindOf(s)] ?? 0) + wire(s);
  return {
    gz: gzBy,
    raw: served.reduce((a, s) => a + s.body.length, 0),
    totalGz: Object.values(gzBy).reduce((a, b) => a + b, 0),
    files: served.length,
    dataFiles: served.filter(isData).map((s) => s.path),
  };
}

interface ScrubRun {
  snapshots: number;
  redrawMs: number[];
  rafMs: number[];
  idleRafMs: number[];
}

/** Drives the training figure's range through every snapshot, edges on unless `edges` is false. */
async function measureScrub(page: Page, server: StaticServer, edges = true): Promise<ScrubRun> {
  await page.goto(server.url, { waitUntil: 'load' });
  const root = await showFigure(page, 'scrubber');
  if (edges) await root.locator('.sv-edges').check();
  await networkQuiet(server);
  await settle(page);
  const range = root.locator('input.sv-scrubber');
  const snapshots = Number(await range.getAttribute('max')) + 1;
  await range.evaluate((el: HTMLInputElement) => {
    el.value = '0';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await settle(page);
  // Clear the figure's frame log, then scrub like a drag: one step every ~3 frames.
  return page.evaluate(async (snapshots) => {
    const w = window as unknown as {
      __structviz: { figures: Record<string, { frames: number[] }> };
    };
    const frames = w.__structviz.figures['scrubber'].frames;
    frames.length = 0;
    const input = document.querySelector<HTMLInputElement>(
      'figure[data-figure="scrubber"] input.sv-scrubber',
    )!;
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let raf: number[] = [];
    let last = -1;
    let running = true;
    const tick = (t: number) => {
      if (last >= 0) raf.push(t - last);
      last = t;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    // Baseline: frame intervals with nothing changing.
    await wait(500);
    const idleRafMs = raf;
    raf = [];
    for (let s = 1; s < snapshots; s++) {
      input.value = String(s);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await wait(50);
    }
    await wait(700); // let the last tween finish
    running = false;
    return { snapshots, redrawMs: [...frames], rafMs: raf, idleRafMs };
  }, snapshots);
}

/**
 * Calibration: the same browser drawing 2,000 antialiased discs with raw WebGL2 on a canvas of
 * the figure's size, positions re-uploaded every frame, once as 2,000 instances of a quad (how
 * deck.gl's ScatterplotLayer draws) and once as one plain triangle list (how the site's
 * DiscLayer draws). The gap is SwiftShader's cost per instance. A third run adds `segments`
 * 1-pixel segments of 28 px as one more triangle list (the figure's edges: ≈3,700 of 26–36 px
 * mean length), the workload of scrubbing with edges on.
 */
async function rawWebGlFrameMs(
  page: Page,
  size: number,
  segments: number,
): Promise<Record<string, number>> {
  await page.setContent('<body></body>');
  return page.evaluate(
    async ({ size, segments }) => {
      const out: Record<string, number> = {};
      const n = 2000;
      for (const mode of ['instanced', 'triangles', 'triangles+segments']) {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = size;
        document.body.replaceChildren(canvas);
        const gl = canvas.getContext('webgl2', { antialias: false, preserveDrawingBuffer: true });
        if (!gl) return { error: 1 };
        // Before the disc buffers: their per-frame upload goes to the last bound ARRAY_BUFFER.
        const drawSegments =
          mode === 'triangles+segments' ? segmentDrawer(gl, size, segments) : null;
        const program = linkProgram(
          gl,
          '#version 300 es\nin vec2 corner; in vec2 pos; out vec2 uv; void main() { uv = corner; gl_Position = vec4(pos + corner * 0.012, 0.0, 1.0); }',
          '#version 300 es\nprecision highp float; in vec2 uv; out vec4 o; void main() { float a = 1.0 - smoothstep(0.8, 1.0, length(uv)); if (a <= 0.0) discard; o = vec4(0.25, 0.56, 0.85, a); }',
        );
        gl.useProgram(program);
        const instanced = mode === 'instanced';
        // Instanced: one quad (4 corners) shared by all; plain: six corners per disc.
        const quad = [-1, -1, 1, -1, -1, 1, 1, 1];
        const six = [-1, -1, 1, -1, -1, 1, -1, 1, 1, -1, 1, 1];
        const corners = instanced
          ? new Float32Array(quad)
          : Float32Array.from({ length: 12 * n }, (_, i) => six[i % 12] ?? 0);
        gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
        gl.bufferData(gl.ARRAY_BUFFER, corners, gl.STATIC_DRAW);
        const corner = gl.getAttribLocation(program, 'corner');
        gl.enableVertexAttribArray(corner);
        gl.vertexAttribPointer(corner, 2, gl.FLOAT, false, 0, 0);
        gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
        const pos = gl.getAttribLocation(program, 'pos');
        gl.enableVertexAttribArray(pos);
        gl.vertexAttribPointer(pos, 2, gl.FLOAT, false, 0, 0);
        if (instanced) gl.vertexAttribDivisor(pos, 1);
        gl.enable(gl.BLEND);
        gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
        const copies = instanced ? 1 : 6;
        const xy = new Float32Array(2 * n * copies);
        const intervals: number[] = [];
        await new Promise<void>((done) => {
          let frame = 0;
          let last = -1;
          const draw = (t: number) => {
            if (last >= 0) intervals.push(t - last);
            last = t;
            for (let i = 0; i < n; i++) {
              const x = 0.9 * Math.sin(2 * i * 12.9898 + frame);
              const y = 0.9 * Math.sin((2 * i + 1) * 12.9898 + frame);
              for (let c = 0; c < copies; c++) {
                xy[2 * (i * copies + c)] = x;
                xy[2 * (i * copies + c) + 1] = y;
              }
            }
            gl.bufferData(gl.ARRAY_BUFFER, xy, gl.DYNAMIC_DRAW);
            gl.clearColor(0, 0, 0, 0);
            gl.clear(gl.COLOR_BUFFER_BIT);
            if (drawSegments) {
              drawSegments();
              gl.useProgram(program);
              gl.bindVertexArray(null);
            }
            if (instanced) gl.drawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, n);
            else gl.drawArrays(gl.TRIANGLES, 0, 6 * n);
            if (++frame < 30) requestAnimationFrame(draw);
            else done();
          };
          requestAnimationFrame(draw);
        });
        intervals.sort((a, b) => a - b);
        out[mode] = intervals[intervals.length >> 1] ?? NaN;
      }
      return out;

      /** Compiles and links a vertex + fragment shader pair. */
      function linkProgram(gl: WebGL2RenderingContext, vs: string, fs: string): WebGLProgram {
        const program = gl.createProgram();
        for (const [type, source] of [
          [gl.VERTEX_SHADER, vs],
          [gl.FRAGMENT_SHADER, fs],
        ] as const) {
          const shader = gl.createShader(type)!;
          gl.shaderSource(shader, source);
          gl.compileShader(shader);
          gl.attachShader(program, shader);
        }
        gl.linkProgram(program);
        return program;
      }

      /** A program and vertex array drawing `m` static 1-px segments; returns the draw call. */
      function segmentDrawer(gl: WebGL2RenderingContext, size: number, m: number): () => void {
        const program = linkProgram(
          gl,
          '#version 300 es\nin vec3 p; out float a; void main() { a = p.z; gl_Position = vec4(p.xy, 0.0, 1.0); }',
          '#version 300 es\nprecision highp float; in float a; out vec4 o; void main() { o = vec4(0.4, 0.4, 0.4, 0.4 * clamp(1.0 - abs(a), 0.0, 1.0)); }',
        );
        const px = 2 / size;
        const data = new Float32Array(18 * m);
        for (let e = 0; e < m; e++) {
          const x0 = 0.85 * Math.sin(e * 12.9898);
          const y0 = 0.85 * Math.sin(e * 78.233);
          const angle = e * 0.7;
          const x1 = x0 + Math.cos(angle) * 28 * px;
          const y1 = y0 + Math.sin(angle) * 28 * px;
          const nx = -Math.sin(angle) * px;
          const ny = Math.cos(angle) * px;
          data.set(
            [
              ...[x0 - nx, y0 - ny, -1, x1 - nx, y1 - ny, -1, x0 + nx, y0 + ny, 1],
              ...[x0 + nx, y0 + ny, 1, x1 - nx, y1 - ny, -1, x1 + nx, y1 + ny, 1],
            ],
            18 * e,
          );
        }
        const vao = gl.createVertexArray();
        gl.bindVertexArray(vao);
        gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
        gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
        const p = gl.getAttribLocation(program, 'p');
        gl.enableVertexAttribArray(p);
        gl.vertexAttribPointer(p, 3, gl.FLOAT, false, 0, 0);
        gl.bindVertexArray(null);
        return () => {
          gl.useProgram(program);
          gl.bindVertexArray(vao);
          gl.drawArrays(gl.TRIANGLES, 0, 6 * m);
        };
      }
    },
    { size, segments },
  );
}

/** Mean display edges per (layer, snapshot) view: edge rows of every per-layer file / views. */
function edgesPerViewOf(entry: ExperimentEntry | undefined): number {
  if (!entry) return 0;
  const rows = entry.files.filter((f) => f.table === 'edges').reduce((a, f) => a + f.rows, 0);
  return rows / Math.max(1, entry.layers.length * entry.snapshots.length);
}

interface Row {
  what: string;
  value: string;
  budget: string;
  /** null: reported for context, not a budget. */
  pass: boolean | null;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const build = await ensureSiteBuild();
  console.log(
    build.built
      ? `built the site in ${(build.ms / 1000).toFixed(1)} s → ${build.dir}`
      : `reusing the build in ${build.dir}`,
  );
  const manifest = readManifest(build.dir);
  const server = await startServer(build.dir, build.base);
  const browser = await launchChromium();
  const collectors: { errors: string[] }[] = [];
  const fresh = async (): Promise<Page> => {
    const page = await browser.context.newPage();
    collectors.push(collectErrors(page));
    return page;
  };

  const firstPaint: FirstPaint[] = [];
  const firstPaintPhone: FirstPaint[] = [];
  const figures: Record<string, FigureRun[]> = {};
  const extras: Transfer[] = [];
  const everything: Transfer[] = [];
  // The sensitivity figure: its first card (thumbnails and saliency), then every other layer.
  const sensitivityExtras: Transfer[] = [];
  const sensitivityEverything: Transfer[] = [];
  const scrubs: ScrubRun[] = [];
  const scrubsNodesOnly: ScrubRun[] = [];
  const calibration: Record<string, number>[] = [];
  const articles: ArticleTransfer[] = [];
  const slowFigures: Record<string, FigureRun[]> = {};
  const slowFirst: FigureRun[] = [];
  const slowReader: Record<string, FigureRun[]> = {};
  let experiments: Record<string, string> = {};
  try {
    for (let rep = 0; rep < (PROFILE === 'slow' ? 0 : REPS); rep++) {
      process.stdout.write(`rep ${rep + 1}/${REPS}: first paint`);
      let page = await fresh();
      firstPaint.push(await firstPaintJs(page, server, { width: 1280, height: 800 }));
      await page.close();
      page = await fresh();
      firstPaintPhone.push(await firstPaintJs(page, server, { width: 390, height: 844 }));
      if (rep === 0)
        experiments = Object.fromEntries(
          await Promise.all(
            ARTICLE_FIGURES.map(async (k) => [k, await islandExperiment(page, k)] as const),
          ),
        );
      await page.close();
      for (const kind of [...ARTICLE_FIGURES, 'explorer'] as FigureKind[]) {
        process.stdout.write(`, ${kind}`);
        page = await fresh();
        (figures[kind] ??= []).push(await measureFigure(page, server, kind));
        if (kind === 'scrubber') {
          const more = await scrubberExtras(page, server);
          extras.push(more.hover);
          everything.push(more.all);
        }
        if (kind === 'sensitivity') {
          const more = await scrubberExtras(page, server, kind, false);
          sensitivityExtras.push(more.hover);
          sensitivityEverything.push(more.all);
        }
        await page.close();
      }
      process.stdout.write(', scrub');
      page = await fresh();
      scrubs.push(await measureScrub(page, server));
      const size = await figure(page, 'scrubber')
        .locator('canvas.sv-canvas')
        .evaluate((c: HTMLCanvasElement) => c.width);
      await page.close();
      page = await fresh();
      scrubsNodesOnly.push(await measureScrub(page, server, false));
      await page.close();
      process.stdout.write(', raw WebGL\n');
      page = await fresh();
      const shown = manifest.experiments[experiments['scrubber'] ?? 'mlp-classes'];
      calibration.push(await rawWebGlFrameMs(page, size, Math.round(edgesPerViewOf(shown))));
      await page.close();
      process.stdout.write(`rep ${rep + 1}/${REPS}: whole article\n`);
      page = await fresh();
      articles.push(await articleTransfer(page, server));
      await page.close();
    }
    // The slow device, on a server that gzips like a static host (the network is the cost).
    const gzServer = await startServer(build.dir, build.base, { compress: true });
    try {
      for (let rep = 0; rep < (PROFILE === 'default' ? 0 : REPS); rep++) {
        process.stdout.write(`rep ${rep + 1}/${REPS}, slow device: first figure from navigation`);
        if (rep === 0 && !Object.keys(experiments).length) {
          const page = await fresh();
          await page.goto(gzServer.url, { waitUntil: 'load' });
          experiments = Object.fromEntries(
            await Promise.all(
              ARTICLE_FIGURES.map(async (k) => [k, await islandExperiment(page, k)] as const),
            ),
          );
          await page.close();
        }
        let page = await fresh();
        await throttle(page);
        slowFirst.push(await measureOrFail(page, gzServer, ARTICLE_FIGURES[0], true));
        await page.close();
        for (const kind of SLOW_FIGURES) {
          process.stdout.write(`, ${kind}`);
          page = await fresh();
          await throttle(page);
          (slowFigures[kind] ??= []).push(await measureOrFail(page, gzServer, kind, false, true));
          await page.close();
        }
        process.stdout.write(
          `\nrep ${rep + 1}/${REPS}, slow device, reader at ${READER_SPEED} px/s`,
        );
        for (const kind of SLOW_FIGURES) {
          process.stdout.write(`, ${kind}`);
          const page = await fresh();
          await throttle(page);
          (slowReader[kind] ??= []).push(await measureOrFail(page, gzServer, kind, 'read'));
          await page.close();
        }
        process.stdout.write('\n');
      }
    } finally {
      await gzServer.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const errors = collectors.flatMap((c) => c.errors);

  const scrubExperiment = manifest.experiments[experiments['scrubber'] ?? 'mlp-classes'];
  const nodes = scrubExperiment?.dataset.trace ?? 0;
  const edgesPerView = edgesPerViewOf(scrubExperiment);

  const rows: Row[] = [];
  if (firstPaint.length) {
    const fp = median(firstPaint.map((r) => r.totalGz));
    rows.push({
      what: 'JS before any figure is visible (1280×800, gz)',
      value: `${kb(fp)} (external ${kb(median(firstPaint.map((r) => r.externalJsGz)))}, inline ${kb(median(firstPaint.map((r) => r.inlineJsGz)))})`,
      budget: '≤ 30 KB',
      pass: fp <= BUDGET.firstPaintJsGz && !firstPaint.some((r) => r.figureInViewport),
    });
    rows.push({
      what: 'figure code prefetched after load, when idle (1280×800, gz)',
      value: kb(median(firstPaint.map((r) => r.prefetchedJsGz))),
      budget: 'info',
      pass: null,
    });
    const fpPhone = median(firstPaintPhone.map((r) => r.totalGz));
    rows.push({
      what: 'JS before any figure is visible (390×844, gz)',
      value: kb(fpPhone),
      budget: '≤ 30 KB',
      pass: fpPhone <= BUDGET.firstPaintJsGz && !firstPaintPhone.some((r) => r.figureInViewport),
    });
    for (const [kind, runs] of Object.entries(figures)) {
      const label = `${kind}${experiments[kind] ? ` (${experiments[kind]})` : ''}`;
      const js = median(runs.map((r) => r.jsGz));
      rows.push({
        what: `${label}: island JS (gz, cold)`,
        value: kb(js),
        budget: '≤ 250 KB',
        pass: js <= BUDGET.islandJsGz,
      });
      const raw = median(runs.map((r) => r.dataRaw));
      const dgz = median(runs.map((r) => r.dataGz));
      rows.push({
        what: `${label}: data to first draw`,
        value: `${mb(dgz)} gz (${mb(raw)} raw)`,
        budget: '≤ 2 MB',
        pass: dgz <= BUDGET.dataPerFigure,
      });
      // Later of `ready` and the first frame whose pixels exist (in-page clock). Article figures
      // count from the scroll, the explorer (above the fold) from navigation start.
      const time = (r: FigureRun) => Math.max(r.readyMs, r.nonBlankMs);
      const ready = median(runs.map(time));
      const phase = (key: keyof FigureRun['phases'] | 'ready') =>
        median(runs.map((r) => (key === 'ready' ? r.readyMs : r.phases[key]))).toFixed(0);
      rows.push({
        what: `${label}: ${kind === 'explorer' ? 'navigation' : 'scroll'} → ready + pixels`,
        value: `${ready.toFixed(0)} ms (runs ${runs.map((r) => time(r).toFixed(0)).join(', ')}; ${kind === 'explorer' ? '' : `island ${phase('islandStart')}, `}scripts ${phase('lastScript')}, data ${phase('lastData')}, ready ${phase('ready')})`,
        budget: '≤ 1500 ms',
        pass: ready <= BUDGET.readyMs && runs.every((r) => r.coloured >= 1000),
      });
    }
    const extraGz = median(extras.map((r) => r.dataGz));
    const scrubberGz = median((figures['scrubber'] ?? []).map((r) => r.dataGz));
    rows.push({
      what: `scrubber: data after edges on + first hover`,
      value: `+${mb(extraGz)} gz (+${mb(median(extras.map((r) => r.dataRaw)))} raw) → total ${mb(scrubberGz + extraGz)} gz`,
      budget: '≤ 2 MB',
      pass: scrubberGz + extraGz <= BUDGET.dataPerFigure,
    });
    const allGz = median(everything.map((r) => r.dataGz));
    rows.push({
      what: `scrubber: then every other layer (layouts + edges)`,
      value: `+${mb(allGz - extraGz)} gz → whole figure ${mb(scrubberGz + allGz)} gz (${mb(median((figures['scrubber'] ?? []).map((r) => r.dataRaw)) + median(everything.map((r) => r.dataRaw)))} raw)`,
      budget: '≤ 2 MB',
      pass: scrubberGz + allGz <= BUDGET.dataPerFigure,
    });
    if (sensitivityExtras.length) {
      const base = median((figures['sensitivity'] ?? []).map((r) => r.dataGz));
      const hover = median(sensitivityExtras.map((r) => r.dataGz));
      rows.push({
        what: 'sensitivity: data after the first hover (thumbnails + saliency)',
        value: `+${mb(hover)} gz (+${mb(median(sensitivityExtras.map((r) => r.dataRaw)))} raw) → total ${mb(base + hover)} gz`,
        budget: '≤ 2 MB',
        pass: base + hover <= BUDGET.dataPerFigure,
      });
      const all = median(sensitivityEverything.map((r) => r.dataGz));
      rows.push({
        what: 'sensitivity: then every other layer (layouts + gradient norms)',
        value: `+${mb(all - hover)} gz → whole figure ${mb(base + all)} gz`,
        budget: '≤ 2 MB',
        pass: base + all <= BUDGET.dataPerFigure,
      });
    }
    const redraw = scrubs.flatMap((s) => s.redrawMs);
    const raf = scrubs.flatMap((s) => s.rafMs);
    const redrawMed = median(scrubs.map((s) => median(s.redrawMs)));
    const redrawP95 = median(scrubs.map((s) => quantile(s.redrawMs, 0.95)));
    const rafMed = median(scrubs.map((s) => median(s.rafMs)));
    const rafP95 = median(scrubs.map((s) => quantile(s.rafMs, 0.95)));
    const scrubLabel = `${nodes.toLocaleString('en')} nodes, ≈${Math.round(edgesPerView).toLocaleString('en')} edges, ${scrubs[0]?.snapshots ?? 0} snapshots`;
    rows.push({
      what: `scrub redraw (site measure), ${scrubLabel}`,
      value: `median ${redrawMed.toFixed(1)} ms, p95 ${redrawP95.toFixed(1)} ms, max ${Math.max(...redraw).toFixed(1)} ms (${redraw.length} frames)`,
      budget: '≤ 33 ms',
      pass: redrawP95 <= BUDGET.frameMs,
    });
    const idle = median(scrubs.map((s) => median(s.idleRafMs)));
    rows.push({
      what: `scrub with edges: median frame (rAF interval), unthrottled`,
      value: `${rafMed.toFixed(1)} ms (redraw ${redrawMed.toFixed(1)} ms)`,
      budget: '≤ 20 ms',
      pass: rafMed <= BUDGET.edgeFrameMs,
    });
    rows.push({
      what: `scrub rAF interval (frame-to-frame)`,
      value: `median ${rafMed.toFixed(1)} ms, p95 ${rafP95.toFixed(1)} ms (${raf.length} frames; idle ${idle.toFixed(1)} ms)`,
      budget: '≤ 33 ms',
      pass: rafP95 <= BUDGET.frameMs,
    });
    rows.push({
      what: `scrub rAF interval, edges off (nodes only)`,
      value: `median ${median(scrubsNodesOnly.map((s) => median(s.rafMs))).toFixed(1)} ms, p95 ${median(scrubsNodesOnly.map((s) => quantile(s.rafMs, 0.95))).toFixed(1)} ms`,
      budget: 'info',
      pass: null,
    });
  }

  if (articles.length) {
    const total = median(articles.map((a) => a.totalGz));
    const part = (k: string) => kb(median(articles.map((a) => a.gz[k] ?? 0)));
    rows.push({
      what: 'whole article, every figure seen once (gz)',
      value: `${mb(total)} (data ${part('data')}, JS ${part('js')}, CSS ${part('css')}, fonts ${part('font')}, HTML ${part('html')}, other ${part('other')}; ${mb(median(articles.map((a) => a.raw)))} raw)`,
      budget: '≤ 2 MB',
      pass: total <= BUDGET.articleGz,
    });
  }
  const slowTime = (r: FigureRun) => Math.max(r.readyMs, r.nonBlankMs);
  const shownTime = (r: FigureRun) => (Number.isNaN(r.shownMs) ? Infinity : r.shownMs);
  if (slowFirst.length) {
    const first = median(slowFirst.map(shownTime));
    rows.push({
      what: `slow device: ${ARTICLE_FIGURES[0]} navigation → first frame + pixels`,
      value: `${first.toFixed(0)} ms (runs ${slowFirst.map((r) => shownTime(r).toFixed(0)).join(', ')}; WebGL ${median(slowFirst.map(slowTime)).toFixed(0)} ms, runs ${slowFirst.map((r) => slowTime(r).toFixed(0)).join(', ')}; scripts ${median(slowFirst.map((r) => r.phases.lastScript)).toFixed(0)}, data ${median(slowFirst.map((r) => r.phases.lastData)).toFixed(0)})`,
      budget: '≤ 3000 ms',
      pass: first <= BUDGET.slowFirstMs && slowFirst.every((r) => r.coloured >= 1000),
    });
  }
  for (const [kind, runs] of Object.entries(slowFigures)) {
    const label = `${kind}${experiments[kind] ? ` (${experiments[kind]})` : ''}`;
    const ready = median(runs.map(slowTime));
    rows.push({
      what: `slow device: ${label} scroll → ready + pixels`,
      value: `${ready.toFixed(0)} ms (runs ${runs.map((r) => slowTime(r).toFixed(0)).join(', ')}; island ${median(runs.map((r) => r.phases.islandStart)).toFixed(0)}, scripts ${median(runs.map((r) => r.phases.lastScript)).toFixed(0)}, data ${median(runs.map((r) => r.phases.lastData)).toFixed(0)}; ${mb(median(runs.map((r) => r.dataGz)))} data gz)`,
      budget: '≤ 2500 ms',
      pass: ready <= BUDGET.slowReadyMs && runs.every((r) => r.coloured >= 1000),
    });
  }
  for (const [kind, runs] of Object.entries(slowReader)) {
    const label = `${kind}${experiments[kind] ? ` (${experiments[kind]})` : ''}`;
    const live = median(runs.map(slowTime));
    rows.push({
      what: `slow device, reader at ${READER_SPEED} px/s: ${label} enters view → ready + pixels`,
      value: `${live.toFixed(0)} ms (runs ${runs.map((r) => slowTime(r).toFixed(0)).join(', ')}; island ${median(runs.map((r) => r.phases.islandStart)).toFixed(0)}, scripts ${median(runs.map((r) => r.phases.lastScript)).toFixed(0)}, data ${median(runs.map((r) => r.phases.lastData)).toFixed(0)}; ${kb(median(runs.map((r) => r.jsGz)))} JS gz)`,
      budget: '≤ 2500 ms',
      pass: live <= BUDGET.slowReaderMs && runs.every((r) => r.coloured >= 1000),
    });
  }
  const rawInstanced = median(calibration.map((c) => c['instanced'] ?? NaN));
  const rawTriangles = median(calibration.map((c) => c['triangles'] ?? NaN));
  const rawWithSegments = median(calibration.map((c) => c['triangles+segments'] ?? NaN));
  const rawNote = `calibration, not a budget: raw WebGL2, same canvas size, 2,000 discs ${rawInstanced.toFixed(0)} ms/frame as instances, ${rawTriangles.toFixed(0)} ms/frame as one triangle list, ${rawWithSegments.toFixed(0)} ms/frame with ${Math.round(edgesPerView).toLocaleString('en')} 28-px segments added`;

  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadavg: loadavg(),
    reps: REPS,
    build: build.dir,
    seconds: (performance.now() - t0) / 1000,
    experiments,
    rows,
    firstPaint,
    firstPaintPhone,
    figures,
    scrubberExtras: extras,
    scrubberEverything: everything,
    article: articles,
    slow: {
      profile: SLOW,
      first: slowFirst,
      figures: slowFigures,
      readerSpeed: READER_SPEED,
      reader: slowReader,
    },
    calibration,
    scrubNodesOnly: scrubsNodesOnly.map((s) => s.rafMs),
    scrub: scrubs.map((s) => ({
      snapshots: s.snapshots,
      redrawMs: s.redrawMs,
      rafMs: s.rafMs,
      idleRafMs: s.idleRafMs,
    })),
    consoleErrors: errors,
  };
  const width = Math.max(...rows.map((r) => r.what.length));
  const valueWidth = Math.max(...rows.map((r) => r.value.length));
  const table = [
    `${'measure'.padEnd(width)}  ${'value (median)'.padEnd(valueWidth)}  budget     result`,
    `${'-'.repeat(width)}  ${'-'.repeat(valueWidth)}  ---------  ------`,
    ...rows.map(
      (r) =>
        `${r.what.padEnd(width)}  ${r.value.padEnd(valueWidth)}  ${r.budget.padEnd(9)}  ${r.pass === null ? '—' : r.pass ? 'PASS' : 'FAIL'}`,
    ),
  ].join('\n');
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'site-report.json'), `${JSON.stringify(report, null, 1)}\n`);
  const md = [
    '# structviz site bench',
    '',
    `${report.date} · node ${report.node} · ${report.cpus} CPUs · load ${report.loadavg.map((l) => l.toFixed(2)).join(' ')} · ${REPS} reps (medians) · headless Chromium, SwiftShader WebGL2 · ${report.seconds.toFixed(0)} s`,
    '',
    '```',
    table,
    '```',
    '',
    'How: the built site is served from localhost with `Cache-Control: no-store`; every measure uses a fresh page. Sizes are gzip level 6 of the served bytes (static hosts compress on the fly).',
    `"Whole article" is one page scrolled through every article figure in order (each drawn before the next), counting every response (gzip level 6; woff2 as sent). "Slow device": 4× CPU throttling (CDP Emulation.setCPUThrottlingRate), network ${SLOW.downBytes * 8e-6} Mbit/s down, ${SLOW.upBytes * 8e-3} kbit/s up, ${SLOW.latencyMs} ms latency (CDP Network.emulateNetworkConditions), responses gzipped by the server; the first figure counts from navigation start with the reader scrolling to it at DOMContentLoaded, to its first frame of either renderer holding coloured pixels (the Canvas2D preview while deck.gl downloads, else WebGL; WebGL's time beside it). "Reader at ${READER_SPEED} px/s": a fresh throttled page scrolled to 2.5 viewport heights above the figure, left until the network is quiet (what loads there, e.g. the figures above, has loaded, as for a reader who passed them), then scrolled down at ${READER_SPEED} px/s; the time is from the figure's top edge entering the viewport to its first non-blank frame (negative: it was live before it appeared; the islands start one viewport height ahead). Scripts and data times are relative to that entry too.`,
    '"JS before any figure is visible" counts external scripts the article requests before its load event, plus its inline scripts; the figure code it prefetches after load, when idle, is the "prefetched" row (the unthrottled per-figure runs turn that prefetch off with Save-Data, so their island JS is cold; the slow profile\'s jumps keep it, as a reader\'s page would);',
    '"island JS" is every script fetched from scrolling that figure into view until its first frame, on a cold page (shared chunks included).',
    '"Scroll → ready + pixels" is measured in the page: from `scrollIntoView` to `window.__structviz.figures[kind].ready` (the first draw call) and on to the moment the canvas, read back onto a 2-D canvas, holds coloured pixels — the readback waits for the GPU, so in SwiftShader this includes shader compilation and rasterisation. "island / scripts / data / ready" are when the island started and the last script and data file arrived, and when `ready` resolved. The explorer, above the fold, counts from navigation start.',
    'Scrubbing drives the range of Figure 1 through every snapshot (one step per 50 ms, tweens on, edges on); "redraw" is the site\'s per-frame measure (tween step + layer update + draw submit), "rAF interval" the time between animation frames.',
    '',
    `SwiftShader ${rawNote}. Frame-to-frame times in headless Chromium are set by this software rasteriser (one or two CPU cores filling pixels); the site's own redraw measure is the main-thread cost a GPU-backed browser pays. "Edges off" scrubs the same way without edges, to show what the edges cost in this renderer.`,
    '',
    `First-paint scripts (desktop): ${firstPaint[0]?.scripts.join(', ') || 'none'}; a figure in the first viewport: ${firstPaint.some((r) => r.figureInViewport) ? 'yes' : 'no'}.`,
    '',
    ...Object.entries(figures).map(
      ([kind, runs]) =>
        `- ${kind}: scripts ${runs[0]?.jsFiles.join(', ')}; data ${runs[0]?.dataFiles.join(', ')}`,
    ),
    `- scrubber extras: ${extras[0]?.dataFiles.join(', ')}`,
    `- whole article, data: ${articles[0]?.dataFiles.join(', ')}`,
    `- scrubber, every layer: ${everything[0]?.dataFiles.join(', ')}`,
    '',
    errors.length
      ? `Console errors during the bench:\n\n${errors.map((e) => `- ${e}`).join('\n')}`
      : 'No console errors during the bench.',
    '',
  ].join('\n');
  writeFileSync(join(values.out, 'site-report.md'), md);
  console.log(
    `\n${table}\n\n${rawNote}\nwrote ${join(values.out, 'site-report.md')} and site-report.json (${report.seconds.toFixed(0)} s)`,
  );
  if (errors.length) console.log(`console errors:\n${errors.join('\n')}`);
}

await main();
