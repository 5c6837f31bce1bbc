/** Page-level helpers that know the site's DOM hooks (see site/README.md, "Hooks for tests"). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Manifest } from '../../../pipeline/contract.ts';

import { ARTICLE_FIGURES, FIGURE_KINDS, type FigureKind } from '../../../site/src/lib/figures.ts';

export { ARTICLE_FIGURES, type FigureKind };

/** The built site's data/manifest.json (counts come from here, never from the tests). */
export function readManifest(siteDir: string): Manifest {
  return JSON.parse(readFileSync(join(siteDir, 'data', 'manifest.json'), 'utf8')) as Manifest;
}

export function figure(page: Page, kind: FigureKind): Locator {
  return page.locator(`figure.sv-figure[data-figure="${kind}"]`);
}

/** The experiment an article island shows, read from its Astro props. */
export async function islandExperiment(page: Page, kind: FigureKind): Promise<string> {
  const component = FIGURE_KINDS[kind].island;
  const props = await page
    .locator(`astro-island[component-url*="${component}"]`)
    .first()
    .getAttribute('props');
  const match = props?.match(/"experiment":\[0,"([^"]+)"\]/);
  if (!match?.[1])
    throw new Error(
      `e2e: cannot find the experiment of the ${kind} island in its props (${props?.slice(0, 200)})`,
    );
  return match[1];
}

/**
 * Waits until a figure's root reaches `state`. Fails fast, with the figure's message, if it
 * settles in a different final state instead.
 */
export async function waitForFigure(
  page: Page,
  kind: FigureKind,
  state: string = 'ready',
  timeout = 30_000,
): Promise<void> {
  const handle = await page
    .waitForFunction(
      ([k, want]) => {
        const el = document.querySelector(`figure.sv-figure[data-figure="${k}"]`);
        const now = el?.getAttribute('data-state');
        if (now === want) return 'ok';
        // `preview` passes on to `ready` (the Canvas2D first frames while deck.gl loads).
        if (now && now !== 'loading' && now !== 'preview')
          return `${now}: ${el?.querySelector('.sv-message')?.textContent ?? ''}`;
        return false;
      },
      [kind, state] as const,
      { timeout, polling: 50 },
    )
    .catch((error: Error) => {
      throw new Error(
        `e2e: ${kind} did not reach data-state=${state} within ${timeout} ms (${error.message.split('\n')[0]})`,
      );
    });
  const result = await handle.jsonValue();
  if (result !== 'ok')
    throw new Error(`e2e: ${kind} ended in state ${String(result)} instead of ${state}`);
}

/** Scrolls a figure into view and waits for its first drawn frame. */
export async function showFigure(page: Page, kind: FigureKind, timeout = 30_000): Promise<Locator> {
  const root = figure(page, kind);
  await scrollTo(root);
  await waitForFigure(page, kind, 'ready', timeout);
  await settle(page);
  return root;
}

/**
 * Scrolls a figure root into view. Islands may swap their root element while hydrating (the
 * explorer renders a loading shell first), so a detached element is looked up again.
 */
export async function scrollTo(root: Locator): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await root.scrollIntoViewIfNeeded({ timeout: 5_000 });
      return;
    } catch (error) {
      // On a loaded machine the "stable" check (two equal animation frames) can time out while
      // the page is still laying out: scroll directly instead.
      if (/Timeout/i.test((error as Error).message) && attempt < 4) {
        await root.evaluate((el) => el.scrollIntoView({ block: 'center', behavior: 'instant' }));
        return;
      }
      if (attempt >= 4 || !/not attached|detached/i.test((error as Error).message)) throw error;
    }
  }
}

/** Waits until no figure has redrawn for `quietMs` (tweens finished) and no data download is in flight. */
export async function settle(page: Page, quietMs = 250, timeout = 10_000): Promise<void> {
  // Start a fresh quiet window: a window left from an earlier call would end this one at once,
  // before a tween just started has drawn its first frame.
  await page.evaluate(() => {
    delete (window as unknown as { __svSettle?: unknown }).__svSettle;
  });
  await page.waitForFunction(
    (quiet) => {
      const w = window as unknown as {
        __structviz?: { frames: number[]; loading?: number };
        __svSettle?: { n: number; t: number };
      };
      const n = w.__structviz?.frames.length ?? 0;
      const now = performance.now();
      // A download in flight (a figure loading every snapshot after a head) is not quiet.
      if (!w.__svSettle || w.__svSettle.n !== n || (w.__structviz?.loading ?? 0) > 0) {
        w.__svSettle = { n, t: now };
        return false;
      }
      return now - w.__svSettle.t >= quiet;
    },
    quietMs,
    { timeout, polling: 50 },
  );
}

/** Visible text of a figure's message box, or '' if none. */
export async function messageText(root: Locator): Promise<string> {
  const message = root.locator('.sv-message');
  return (await message.count()) ? ((await message.first().textContent()) ?? '') : '';
}

/** Makes every WebGL context request of the page fail, as in a browser without WebGL. */
export async function disableWebGl(page: Page): Promise<void> {
  await page.addInitScript({
    content: `(() => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
        return /webgl/i.test(String(type)) ? null : original.call(this, type, ...rest);
      };
    })();`,
  });
}

/**
 * Waits until the figure's poster is drawn: the built pages fetch each poster file when its
 * shell nears the screen and insert it (site/integrations/posters.ts; `data-poster="loaded"`).
 */
export async function posterLoaded(root: Locator, timeout = 15_000): Promise<void> {
  await root
    .locator('svg.sv-poster[data-poster="loaded"], svg.sv-poster:not([data-poster-src])')
    .first()
    .waitFor({ state: 'attached', timeout });
}
