import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { posterSvg } from '../src/lib/build/poster-svg.ts';
import { externalizePosters, themeColours, POSTER_DIR } from './posters.ts';

const CSS = readFileSync(resolve(import.meta.dirname, '../src/styles/global.css'), 'utf8');
const colours = themeColours(CSS);
const poster = posterSvg(
  [{ xy: [0, 0, 0.5, 0.5, -0.5, 0.2], classes: [0, 1, -1], title: 'Layer 1 · graph' }],
  'Static picture: three dots & a "unit".',
);

describe('externalizePosters', () => {
  const page = `<main><p>before</p>${poster}<p>between</p>${poster.replace('three', 'four')}</main>`;
  const { html, files } = externalizePosters(page, '/structviz/', colours);

  it('leaves an empty shell with the poster’s box and name, and the drawing in a file', () => {
    expect(files.size).toBe(2);
    expect(html).not.toContain('<path');
    const shells = [...html.matchAll(/<svg class="sv-poster" ([^>]*)>([\s\S]*?)<\/svg>/g)];
    expect(shells).toHaveLength(2);
    for (const [, attrs, inner] of shells) {
      expect(attrs).toContain('viewBox="0 0 2160 2160"');
      expect(attrs).toMatch(/data-poster-src="\/structviz\/_astro\/posters\/[0-9a-f]{16}\.svg"/);
      expect(inner).toMatch(
        /^<title>Static picture: (three|four) dots &amp; a &quot;unit&quot;\.<\/title>$/,
      );
    }
    expect(html).toContain('<p>between</p>');
    for (const [name, file] of files) {
      expect(html).toContain(`/structviz/${POSTER_DIR}/${name}`);
      expect(file).toContain('<path');
      expect(file).toContain('xmlns="http://www.w3.org/2000/svg"');
    }
  });

  it('gives readers without JavaScript an <img> of the same file', () => {
    const imgs = [
      ...html.matchAll(
        /<noscript class="sv-poster-noscript"><img class="sv-poster" src="([^"]+)" alt="([^"]*)"/g,
      ),
    ];
    expect(imgs.map((m) => m[1])).toEqual(
      [...html.matchAll(/data-poster-src="([^"]+)"/g)].map((m) => m[1]),
    );
    expect(imgs[0]?.[2]).toBe('Static picture: three dots &amp; a &quot;unit&quot;.');
  });

  it('colours a file by itself, for a light and a dark system theme, with the page’s colours', () => {
    expect(colours.light.fg).toBe('#1c1d1f');
    expect(colours.dark.muted).toBe('#a2a6ac');
    const file = [...files.values()][0] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(file)?.[1] ?? '';
    expect(style).toContain(`svg{color:${colours.light.fg}}`);
    expect(style).toMatch(
      new RegExp(
        `@media \\(prefers-color-scheme:dark\\)\\{svg\\{color:${colours.dark.fg}\\}\\.sv-poster-title\\{fill:${colours.dark.muted}\\}`,
      ),
    );
    // The loader inserts what follows </style>: the drawing, without the file's own colours.
    const inline = file.slice(file.indexOf('</style>') + 8, file.lastIndexOf('</svg>'));
    expect(inline).toMatch(/^<g /);
    expect(inline).not.toContain('<style');
  });

  it('names a file by its content', () => {
    const again = externalizePosters(page, '/structviz/', colours);
    expect([...again.files.keys()]).toEqual([...files.keys()]);
    expect(externalizePosters(page, '/', colours).html).toContain(`src="/${POSTER_DIR}/`);
  });

  it('fails the build when global.css loses a theme colour', () => {
    expect(() => themeColours(CSS.replace(/--muted:[^;]*;/, ''))).toThrow(/--muted.*:root/);
  });
});
