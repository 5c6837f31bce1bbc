/**
 * Astro integration: writes on every built `<astro-island>` the whole of the code it will run,
 * as `data-sv-code="<url> <url> …"`: its component chunk and renderer, everything they import,
 * and the chunks they import lazily once running (deck.gl's scene chunk, luma.gl's WebGL
 * adapter; never the WebGPU adapter, which the figures do not create). Without it the browser
 * discovers that code one import level per round trip (island → its imports → scene → WebGL
 * adapter: four round trips and four waits for a busy main thread on a slow phone).
 * The page's island loader (Base.astro) reads it twice: when an island comes within one
 * viewport height (as `client:visible` does) it modulepreloads all of it at once, and after
 * the page has loaded and gone idle it modulepreloads every island's code at low priority, so
 * a reader who jumps to a figure finds its code in the page's module map.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** Chunks never fetched by a figure (WebGPU only), whatever imports them. */
const NEVER = /^webgpu\.[\w-]+\.js$/;

/**
 * Chunk names a built chunk refers to: its static and dynamic imports (`"./x.js"`) and Vite's
 * preload lists (`"_astro/x.js"`). Minified Vite output writes other chunks only there.
 */
export function chunkRefs(code: string): string[] {
  const refs = new Set<string>();
  for (const m of code.matchAll(/["'](?:\.\/|_astro\/)([\w.-]+\.js)["']/g))
    if (m[1] && !NEVER.test(m[1])) refs.add(m[1]);
  return [...refs];
}

/** Every chunk reachable from `roots` in `_astro/` (roots included), in discovery order. */
export function codeClosure(roots: string[], read: (name: string) => string | undefined): string[] {
  const seen = new Set<string>();
  const queue = roots.filter((r) => !NEVER.test(r));
  while (queue.length) {
    const name = queue.shift() ?? '';
    if (seen.has(name)) continue;
    const code = read(name);
    if (code === undefined) continue;
    seen.add(name);
    queue.push(...chunkRefs(code).filter((r) => !seen.has(r)));
  }
  return [...seen];
}

const ISLAND = /<astro-island ([^>]*)>/g;

/** Adds `data-sv-code` to every island of `html` whose chunks live in `<base>_astro/`. */
export function annotateIslands(
  html: string,
  base: string,
  read: (name: string) => string | undefined,
): string {
  const prefix = `${base.replace(/\/?$/, '/')}_astro/`;
  const chunk = (attrs: string, name: string) => {
    const url = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1] ?? '';
    return url.startsWith(prefix) ? url.slice(prefix.length) : undefined;
  };
  return html.replace(ISLAND, (tag, attrs: string) => {
    const roots = [chunk(attrs, 'component-url'), chunk(attrs, 'renderer-url')].filter(
      (r): r is string => r !== undefined,
    );
    if (!roots.length || attrs.includes('data-sv-code=')) return tag;
    // Largest first: the page has six connections to its host, and the deck.gl chunk is most
    // of the bytes, so it should not wait behind a dozen small chunks.
    const code = codeClosure(roots, read)
      .sort((a, b) => (read(b)?.length ?? 0) - (read(a)?.length ?? 0))
      .map((n) => prefix + n);
    return `<astro-island ${attrs} data-sv-code="${code.join(' ')}">`;
  });
}

/** Annotates the built pages' islands (see the header). */
export function structvizIslandCode(): AstroIntegration {
  let base = '/';
  return {
    name: 'structviz:island-code',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': ({ dir: outUrl, logger }) => {
        const out = fileURLToPath(outUrl);
        const cache = new Map<string, string | undefined>();
        const read = (name: string) => {
          if (!cache.has(name)) {
            const file = join(out, '_astro', name);
            cache.set(name, existsSync(file) ? readFileSync(file, 'utf8') : undefined);
          }
          return cache.get(name);
        };
        let islands = 0;
        for (const rel of readdirSync(out, { recursive: true, encoding: 'utf8' })) {
          if (!rel.endsWith('.html')) continue;
          const page = join(out, rel);
          const html = readFileSync(page, 'utf8');
          const annotated = annotateIslands(html, base, read);
          if (annotated === html) continue;
          islands += annotated.split('data-sv-code=').length - 1;
          writeFileSync(page, annotated);
        }
        logger.info(`listed the code of ${islands} islands (data-sv-code)`);
      },
    },
  };
}
