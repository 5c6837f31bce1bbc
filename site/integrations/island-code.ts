/**
 * Astro integration: writes on every built `<astro-island>` the code it runs before its first
 * frame, as `data-sv-code="<url> <url> …"`: its component chunk and renderer and everything
 * they import statically; and, as `data-sv-next`, the lazy chunk every figure loads right
 * after its first frame (`use-figure` imports deck.gl's `deck-scene` once the Canvas2D
 * preview has drawn; see NEXT) with what that imports statically. Other lazy imports stay
 * lazy: luma.gl's gpgpu backends (`webgl`, `expression`), the renderer's `@preact/signals`,
 * the WebGPU adapter. Without the list the browser discovers that code one import level per
 * round trip (island → its imports: round trips and waits for a busy main thread on a slow
 * phone).
 * It also moves each figure's `data-sv-data` (the data files of its first frame, listed by
 * Figure.astro) from the marker before the island onto the island.
 * The page's island loader (Base.astro) reads them: when an island comes within one viewport
 * height (as `client:visible` does) it modulepreloads all of `data-sv-code` at once (and
 * preloads `data-sv-data` and the manifest), and not
 * `data-sv-next`, which on a slow link would share it with the figure's code and data; after
 * the page has loaded and gone idle it modulepreloads both lists of every island at low
 * priority, so a reader who jumps to a figure finds its code in the page's module map.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { builtPages } from './built-pages.ts';

/**
 * The lazy imports a figure makes right after its first frame, as `importer → imported` chunk
 * names without their hash. To add one, name both chunks (`npm run build`, then
 * `ls dist/_astro`); the build fails if an edge named here is no longer in the built code.
 */
export const NEXT: readonly { from: string; to: string }[] = [
  { from: 'use-figure', to: 'deck-scene' },
];

/** `use-figure.mip4YA35.js` → `use-figure` (Vite's `[name].[hash].js`). */
export const chunkName = (file: string): string => file.replace(/\.[\w-]+\.js$/, '');

/** The chunks a built chunk imports: statically (`from"./x.js"`, `import"./x.js"`) and lazily. */
export function chunkImports(code: string): { static: string[]; dynamic: string[] } {
  const found = (re: RegExp) => [...new Set([...code.matchAll(re)].map((m) => m[1] ?? ''))];
  return {
    static: found(/(?:\bfrom|\bimport)\s*["']\.\/([\w.-]+\.js)["']/g),
    dynamic: found(/\bimport\s*\(\s*["']\.\/([\w.-]+\.js)["']\s*\)/g),
  };
}

/** True if NEXT says the chunk `from` loads `to` right after the first frame. */
const next = (from: string, to: string): boolean =>
  NEXT.some((e) => e.from === chunkName(from) && e.to === chunkName(to));

/**
 * The code reachable from `roots` in `_astro/` (roots included), in discovery order: static
 * imports, and with `edges` also the lazy ones NEXT names. `edges` collects the NEXT edges it
 * followed, as `from → to` chunk names.
 */
export function codeClosure(
  roots: string[],
  read: (name: string) => string | undefined,
  edges?: Set<string>,
): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.shift() ?? '';
    if (seen.has(name)) continue;
    const code = read(name);
    if (code === undefined) continue;
    seen.add(name);
    const imports = chunkImports(code);
    const lazy = edges ? imports.dynamic.filter((to) => next(name, to)) : [];
    for (const to of lazy) edges?.add(`${chunkName(name)} → ${chunkName(to)}`);
    queue.push(...[...imports.static, ...lazy].filter((r) => !seen.has(r)));
  }
  return [...seen];
}

const ISLAND = /<astro-island ([^>]*)>/g;
/**
 * Figure.astro's list of the data files an island's first frame fetches (lib/build/opening.ts),
 * before its island: directly, or with Astro's hydration style and script between them.
 */
const DATA_LIST = /<template data-sv-data="([^"]*)"><\/template>([\s\S]*?)<astro-island /g;

/**
 * Adds `data-sv-code` and `data-sv-next` to every island of `html` whose chunks live in
 * `<base>_astro/`, and moves Figure.astro's data list onto its island as `data-sv-data`.
 */
export function annotateIslands(
  html: string,
  base: string,
  read: (name: string) => string | undefined,
  edges?: Set<string>,
): string {
  const prefix = `${base.replace(/\/?$/, '/')}_astro/`;
  const chunk = (attrs: string, name: string) => {
    const url = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1] ?? '';
    return url.startsWith(prefix) ? url.slice(prefix.length) : undefined;
  };
  const listed = html.replace(
    DATA_LIST,
    (_, files: string, between: string) => `${between}<astro-island data-sv-data="${files}" `,
  );
  return listed.replace(ISLAND, (tag, attrs: string) => {
    const roots = [chunk(attrs, 'component-url'), chunk(attrs, 'renderer-url')].filter(
      (r): r is string => r !== undefined,
    );
    if (!roots.length || attrs.includes('data-sv-code=')) return tag;
    // Largest first: the page has six connections to its host, so the biggest chunk should not
    // wait behind a dozen small ones.
    const list = (names: string[]) =>
      names
        .sort((a, b) => (read(b)?.length ?? 0) - (read(a)?.length ?? 0))
        .map((n) => prefix + n)
        .join(' ');
    const code = codeClosure(roots, read);
    const later = codeClosure(roots, read, edges ?? new Set()).filter((n) => !code.includes(n));
    return `<astro-island ${attrs} data-sv-code="${list(code)}" data-sv-next="${list(later)}">`;
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
        const edges = new Set<string>();
        for (const page of builtPages(out)) {
          const html = readFileSync(page, 'utf8');
          const annotated = annotateIslands(html, base, read, edges);
          if (annotated === html) continue;
          islands += annotated.split('data-sv-code=').length - 1;
          writeFileSync(page, annotated);
        }
        const missing = NEXT.map((e) => `${e.from} → ${e.to}`).filter((e) => !edges.has(e));
        if (islands && missing.length)
          throw new Error(
            `island-code: no built chunk makes the lazy import ${missing.join(', ')} that NEXT names; ` +
              'find the chunks a figure loads after its first frame in dist/_astro/ and update NEXT',
          );
        logger.info(`listed the code of ${islands} islands (data-sv-code)`);
      },
    },
  };
}
