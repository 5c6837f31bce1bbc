/**
 * Headless Chromium or Google Chrome in a throw-away profile, launched the one way this project
 * allows: a persistent context with networking extras off. WebGL2 comes from SwiftShader
 * (Playwright adds --enable-unsafe-swiftshader).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

/**
 * What ubuntu-latest GitHub runners ship (actions/runner-images, install-google-chrome.sh):
 * Google Chrome at /usr/bin/google-chrome (their CHROME_BIN) and a Chromium build linked at
 * /usr/bin/chromium and /usr/bin/chromium-browser. A workflow's STRUCTVIZ_CHROME is one of these.
 */
export const UBUNTU_LATEST_BROWSERS = [
  '/usr/bin/google-chrome',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
] as const;

/**
 * Where the browser is looked for, in order, after `$STRUCTVIZ_CHROME`: Debian's `chromium`
 * package (what .ci/run installs; also the runners' Chromium link), /usr/bin/chromium-browser,
 * Google Chrome (/usr/bin/google-chrome, then its other package name).
 */
export const BROWSER_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
] as const;

/** The browser executable: `$STRUCTVIZ_CHROME` when set (it must exist), else the first of BROWSER_PATHS that exists. */
export function browserPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['STRUCTVIZ_CHROME'];
  if (override !== undefined && override !== '') {
    if (!existsSync(override))
      throw new Error(
        `e2e: STRUCTVIZ_CHROME=${override}: no such file; unset it or point it at a Chromium or Chrome`,
      );
    return override;
  }
  const found = BROWSER_PATHS.find((path) => existsSync(path));
  if (!found)
    throw new Error(
      `e2e: no Chromium or Chrome at ${BROWSER_PATHS.join(', ')}. Install one (\`apt-get install -y chromium\`, as .ci/run does) or set STRUCTVIZ_CHROME.`,
    );
  return found;
}

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
  const executablePath = browserPath();
  const profile = mkdtempSync(join(tmpdir(), 'structviz-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
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
