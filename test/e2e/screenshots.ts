/**
 * Screenshots of the built site for people to look at (not a test):
 *   npx tsx test/e2e/screenshots.ts [outDir=/tmp/shots] [sets=desktop,phone,dark,states]
 * Article and explorer at desktop width (1280), phone width (390, touch) and in dark mode,
 * every figure once drawn, plus the tooltip, an error state and the no-WebGL fallback.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { collectErrors, launchChromium, type ContextOptions } from './helpers/browser.ts';
import { ensureSiteBuild } from './helpers/build.ts';
import { nodeOnCanvas, ringedNodesOnCanvas } from './helpers/pixels.ts';
import { startServer } from './helpers/server.ts';
import {
  disableWebGl,
  figure,
  islandExperiment,
  readManifest,
  scrollTo,
  settle,
  showFigure,
  waitForFigure,
  ARTICLE_FIGURES,
} from './helpers/site.ts';

const OUT = process.argv[2] ?? '/tmp/shots';
const FIGURES = ARTICLE_FIGURES;
const SETS = new Set((process.argv[3] ?? 'desktop,phone,dark,states').split(','));

/** Thrown to leave out a set of screenshots not asked for. */
class Skip extends Error {}

mkdirSync(OUT, { recursive: true });
const build = await ensureSiteBuild();
const server = await startServer(build.dir, build.base);
const collectors: { name: string; errors: string[] }[] = [];
function watch(page: Page, name: string): void {
  collectors.push({ name, errors: collectErrors(page).errors });
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage, animations: 'disabled' });
  console.log(`${name}.png`);
}

async function articleSet(prefix: string, options: ContextOptions, dark: boolean): Promise<void> {
  const browser = await launchChromium(options);
  try {
    const page = await browser.context.newPage();
    watch(page, prefix);
    if (dark) await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(server.url);
    await shoot(page, `${prefix}-article-top`);
    // The maths: the first display equation and a paragraph with inline scripts.
    const maths = page.locator('.katex-display').first();
    await maths.scrollIntoViewIfNeeded();
    await maths.screenshot({ path: join(OUT, `${prefix}-maths.png`), animations: 'disabled' });
    console.log(`${prefix}-maths.png`);
    const inline = page.locator('p:has(.katex)').nth(3);
    await inline.screenshot({
      path: join(OUT, `${prefix}-maths-inline.png`),
      animations: 'disabled',
    });
    console.log(`${prefix}-maths-inline.png`);
    for (const kind of FIGURES) {
      await showFigure(page, kind);
      await figure(page, kind).evaluate((el) =>
        el.scrollIntoView({ block: 'start', behavior: 'instant' }),
      );
      await page.waitForTimeout(300);
      await shoot(page, `${prefix}-figure-${kind}`);
      // The toy, sensitivity and neuron × sample figures: their last snapshot too.
      if (kind === 'toy' || kind === 'sensitivity' || kind === 'bipartite') {
        await figure(page, kind).locator('.sv-scrubber').press('End');
        await settle(page);
        await shoot(page, `${prefix}-figure-${kind}-last`);
      }
      // The sensitivity card: a digit with its saliency image.
      if (kind === 'sensitivity') {
        const node = await nodeOnCanvas(figure(page, kind).locator('canvas.sv-canvas'));
        if (node) {
          await page.mouse.move(node.x - 10, node.y);
          await page.mouse.move(node.x, node.y, { steps: 3 });
          await figure(page, kind)
            .locator('.sv-saliency canvas.sv-thumb')
            .waitFor({ timeout: 10_000 })
            .catch(() => undefined);
          await shoot(page, `${prefix}-sensitivity-card`);
          await page.mouse.move(2, 2);
        }
      }
      // The VAE figure opens at the smallest β: the largest (collapsed) one too.
      if (kind === 'vae') {
        const whole = async (name: string) => {
          await figure(page, kind).screenshot({
            path: join(OUT, `${name}.png`),
            animations: 'disabled',
          });
          console.log(`${name}.png`);
        };
        const axes = async (name: string) => {
          await figure(page, kind).locator('button.sv-view[data-view="axes"]').click();
          await figure(page, kind).locator('.sv-vae-axis').first().waitFor({ timeout: 10_000 });
          await settle(page);
          await page.waitForTimeout(500);
          await whole(name);
          await figure(page, kind).locator('button.sv-view[data-view="layout"]').click();
          await settle(page);
        };
        await whole(`${prefix}-figure-vae-whole`);
        await axes(`${prefix}-figure-vae-axes-whole`);
        await figure(page, kind).locator('button.sv-beta').last().click();
        await settle(page);
        await page.waitForTimeout(500);
        await shoot(page, `${prefix}-figure-vae-collapsed`);
        await whole(`${prefix}-figure-vae-collapsed-whole`);
        await axes(`${prefix}-figure-vae-collapsed-axes-whole`);
      }
    }
    // Hover (or tap) a point of Figure 1 for the tooltip.
    const root = figure(page, 'scrubber');
    await root.evaluate((el) => el.scrollIntoView({ block: 'start', behavior: 'instant' }));
    const node = await nodeOnCanvas(root.locator('canvas.sv-canvas'));
    if (node) {
      await page.mouse.move(node.x - 10, node.y);
      await page.mouse.move(node.x, node.y, { steps: 3 });
      await root
        .locator('canvas.sv-thumb')
        .waitFor({ timeout: 10_000 })
        .catch(() => undefined);
      await shoot(page, `${prefix}-tooltip`);
    }
    // Figure 6: hover a unit (a ringed disc) for its card, then a digit for its ringed units.
    const bip = figure(page, 'bipartite');
    await bip.evaluate((el) => el.scrollIntoView({ block: 'start', behavior: 'instant' }));
    await settle(page);
    for (const unit of await ringedNodesOnCanvas(bip.locator('canvas.sv-canvas'))) {
      await page.mouse.move(unit.x - 10, unit.y);
      await page.mouse.move(unit.x, unit.y, { steps: 3 });
      await page.waitForTimeout(150);
      const card = bip.locator('.sv-unit-card');
      // A live unit: dead ones (in the row underneath) have no selectivity.
      if ((await card.isVisible()) && !(await card.textContent())?.includes('dead unit')) break;
    }
    await bip
      .locator('.sv-unit-card canvas.sv-thumb')
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(() => undefined);
    await shoot(page, `${prefix}-bipartite-unit`);
    const digit = await nodeOnCanvas(bip.locator('canvas.sv-canvas'));
    if (digit) {
      await page.mouse.move(digit.x - 10, digit.y);
      await page.mouse.move(digit.x, digit.y, { steps: 3 });
      await settle(page);
      await shoot(page, `${prefix}-bipartite-sample`);
    }
    await page.mouse.move(2, 2);
    await shoot(page, `${prefix}-article-full`, true);

    const explorer = await browser.context.newPage();
    watch(explorer, `${prefix} explorer`);
    if (dark) await explorer.emulateMedia({ colorScheme: 'dark' });
    await explorer.goto(`${server.url}explore/`);
    await showFigure(explorer, 'explorer');
    await shoot(explorer, `${prefix}-explorer`);
    await explorer.locator('.sv-edges').check();
    await explorer.waitForTimeout(2500);
    await shoot(explorer, `${prefix}-explorer-edges`);
    if (!dark) await shoot(explorer, `${prefix}-explorer-full`, true);
    // A 2-D toy set: its input plane with the decision regions beside the layout.
    const toy = Object.entries(readManifest(build.dir).experiments).find(([, e]) =>
      e.files.some((f) => f.table === 'regions'),
    )?.[0];
    if (toy) {
      await explorer.goto(`${server.url}explore/#experiment=${toy}`);
      await explorer.reload();
      await showFigure(explorer, 'explorer');
      await shoot(explorer, `${prefix}-explorer-toy`);
    }
  } finally {
    await browser.close();
  }
}

if (SETS.has('desktop'))
  await articleSet('desktop', { viewport: { width: 1280, height: 800 } }, false);
if (SETS.has('phone'))
  await articleSet(
    'phone',
    { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    false,
  );
if (SETS.has('dark')) await articleSet('dark', { viewport: { width: 1280, height: 800 } }, true);

// Failure states: a corrupt file and no WebGL.
const browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
try {
  if (!SETS.has('states')) throw new Skip();
  const page = await browser.context.newPage();
  await page.goto(server.url);
  // The scrubber first shows the last layer: break that layer's positions file.
  const experiment = readManifest(build.dir).experiments[await islandExperiment(page, 'scrubber')];
  const last = experiment?.layers[experiment.layers.length - 1]?.index;
  const broken = `data/${experiment?.files.find((f) => f.table === 'positions' && f.split === last)?.name ?? ''}`;
  server.intercept((path) =>
    path === broken ? { body: Buffer.from('not an arrow file') } : undefined,
  );
  const root = figure(page, 'scrubber');
  await scrollTo(root);
  await waitForFigure(page, 'scrubber', 'error').catch((e: Error) => console.log(e.message));
  await root.evaluate((el) => el.scrollIntoView({ block: 'start', behavior: 'instant' }));
  await shoot(page, 'state-error');
  server.intercept(null);
  const noGl = await browser.context.newPage();
  await disableWebGl(noGl);
  await noGl.goto(server.url);
  const toy = figure(noGl, 'toy');
  await scrollTo(toy);
  await waitForFigure(noGl, 'toy', 'no-webgl').catch((e: Error) => console.log(e.message));
  await toy.evaluate((el) => el.scrollIntoView({ block: 'start', behavior: 'instant' }));
  await shoot(noGl, 'state-no-webgl');
} catch (error) {
  if (!(error instanceof Skip)) throw error;
} finally {
  await browser.close();
}
const noJs = await launchChromium({
  viewport: { width: 1280, height: 800 },
  javaScriptEnabled: false,
});
try {
  if (!SETS.has('states')) throw new Skip();
  const page = await noJs.context.newPage();
  await page.goto(server.url);
  await figure(page, 'scrubber').scrollIntoViewIfNeeded();
  await shoot(page, 'state-no-js');
  for (const kind of FIGURES) {
    await figure(page, kind).evaluate((el) =>
      el.scrollIntoView({ block: 'start', behavior: 'instant' }),
    );
    await shoot(page, `no-js-figure-${kind}`);
  }
} catch (error) {
  if (!(error instanceof Skip)) throw error;
} finally {
  await noJs.close();
}
await server.close();
const errors = collectors.flatMap((c) => c.errors.map((e) => `${c.name}: ${e}`));
console.log(errors.length ? `console errors:\n${errors.join('\n')}` : 'no console errors');
