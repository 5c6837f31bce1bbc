/**
 * Headless Chromium (Debian's, or $CHROMIUM_PATH) in a throw-away profile, launched the one way
 * this project allows: a persistent context with networking extras off. WebGL2 comes from
 * SwiftShader (Playwright adds --enable-unsafe-swiftshader).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type ContextOptions = NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>;

export interface Browser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/** Launches Chromium with a fresh profile; `close` also deletes the profile. */
export async function launchChromium(options: ContextOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `e2e: no Chromium at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` (as .ci/run does) or set CHROMIUM_PATH.`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'structviz-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  // tsx/esbuild (keepNames) wrap named functions in `__name(...)`; functions passed to
  // page.evaluate run in the page, where that helper does not exist.
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Collects every console error and uncaught page error of a page. Read `errors` at the end of a
 * test and expect it to be empty; `allow` filters messages a test provokes on purpose.
 */
export function collectErrors(
  page: Page,
  allow: (text: string) => boolean = () => false,
): { errors: string[] } {
  const errors: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() !== 'error') return;
    const where = msg.location();
    const text = `console.error: ${msg.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`;
    if (!allow(text)) errors.push(text);
  });
  page.on('pageerror', (error) => {
    const text = `pageerror: ${error.message}`;
    if (!allow(text)) errors.push(text);
  });
  return { errors };
}
