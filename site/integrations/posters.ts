/**
 * Astro integration: the static posters (inline SVG from poster-svg.ts, ≈ 150 KB gz of the
 * article's 210 KB gz of HTML, parsed before anything else on the page) leave the built pages
 * for files of their own, `_astro/posters/<hash>.svg`. Each page keeps an empty shell in the
 * poster's place: the same <svg class="sv-poster"> with its viewBox, label and <title>, so the
 * layout and the accessible name are there from the first paint, plus
 * `data-poster-src`. The page's poster loader (Base.astro) fetches a file when its shell comes
 * within one viewport height and inserts the drawing into the shell, where the page's CSS
 * (`currentColor`, `var(--muted)`, the dark theme) styles it as before. Without JavaScript a
 * `<noscript><img class="sv-poster">` shows the same file, which carries its own colours for
 * a light and a dark system theme (the only theme a page without JavaScript has).
 * The dev server keeps the posters inline.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { builtPages } from './built-pages.ts';

/** Where the poster files go, relative to the site's base. */
export const POSTER_DIR = '_astro/posters';

/** A poster as poster-svg.ts writes it: attributes, then <title>, then the drawing. */
const POSTER = /<svg class="sv-poster" ([^>]*)>(<title>[\s\S]*?<\/title>)([\s\S]*?)<\/svg>/g;

/** The page colours a standalone poster needs: text (`currentColor`) and muted (panel titles). */
export interface PosterColours {
  light: { fg: string; muted: string };
  dark: { fg: string; muted: string };
}

/** Reads --fg and --muted of the light and dark themes from the site's global.css. */
export function themeColours(css: string): PosterColours {
  const block = (selector: string) => {
    const start = css.indexOf(`${selector} {`);
    const body = start < 0 ? '' : css.slice(start, css.indexOf('}', start));
    const colour = (name: string) => {
      const value = new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{3,8})`).exec(body)?.[1];
      if (!value)
        throw new Error(`posters: no --${name} colour in global.css's \`${selector}\` block`);
      return value;
    };
    return { fg: colour('fg'), muted: colour('muted') };
  };
  return { light: block(':root'), dark: block(":root[data-theme='dark']") };
}

/** The <style> of a standalone poster file (shown by <img>, which does not inherit page CSS). */
function standaloneStyle(c: PosterColours): string {
  return (
    `<style>svg{color:${c.light.fg}}.sv-poster-title{font-family:'Source Sans 3',system-ui,sans-serif;font-weight:600;fill:${c.light.muted}}` +
    `@media (prefers-color-scheme:dark){svg{color:${c.dark.fg}}.sv-poster-title{fill:${c.dark.muted}}}</style>`
  );
}

const attribute = (attrs: string, name: string): string =>
  new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1] ?? '';

/**
 * Replaces every inline poster of `html` by its shell and a no-JavaScript <img>; returns the new
 * page and the poster files by name (content-hashed, so a changed poster gets a new name).
 */
export function externalizePosters(
  html: string,
  base: string,
  colours: PosterColours,
): { html: string; files: Map<string, string> } {
  const files = new Map<string, string>();
  const style = standaloneStyle(colours);
  const out = html.replace(POSTER, (_, attrs: string, title: string, drawing: string) => {
    const file = `<svg class="sv-poster" ${attrs}>${title}${style}${drawing}</svg>`;
    const name = `${createHash('sha256').update(file).digest('hex').slice(0, 16)}.svg`;
    files.set(name, file);
    const src = `${base.replace(/\/?$/, '/')}${POSTER_DIR}/${name}`;
    const [, , width = '', height = ''] = attribute(attrs, 'viewBox').split(' ');
    return (
      `<svg class="sv-poster" ${attrs} data-poster-src="${src}">${title}</svg>` +
      `<noscript class="sv-poster-noscript"><img class="sv-poster" src="${src}" alt="${attribute(attrs, 'aria-label')}" width="${width}" height="${height}" loading="lazy" decoding="async"></noscript>`
    );
  });
  return { html: out, files };
}

/** Moves the built pages' posters into `_astro/posters/` (see the header). */
export function structvizPosters(): AstroIntegration {
  let base = '/';
  return {
    name: 'structviz:posters',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': ({ dir: outUrl, logger }) => {
        const out = fileURLToPath(outUrl);
        const colours = themeColours(
          readFileSync(new URL('../src/styles/global.css', import.meta.url), 'utf8'),
        );
        const target = join(out, POSTER_DIR);
        let count = 0;
        let saved = 0;
        for (const page of builtPages(out)) {
          const html = readFileSync(page, 'utf8');
          const result = externalizePosters(html, base, colours);
          if (!result.files.size) continue;
          mkdirSync(target, { recursive: true });
          for (const [name, svg] of result.files) writeFileSync(join(target, name), svg);
          writeFileSync(page, result.html);
          count += result.files.size;
          saved += html.length - result.html.length;
        }
        logger.info(
          `moved ${count} posters out of the pages into ${POSTER_DIR}/ (${(saved / 1024).toFixed(0)} KB of HTML)`,
        );
      },
    },
  };
}
