import { describe, expect, it } from 'vitest';
import { annotateIslands, chunkImports, chunkName, codeClosure } from './island-code.ts';

/**
 * A tiny built `_astro/` folder, as Vite writes it (minified imports, preload lists): the
 * figure's hook loads the deck.gl scene lazily right after its first frame; the scene's gpgpu
 * backends and the renderer's signals are lazy imports that neither list holds.
 */
const CHUNKS: Record<string, string> = {
  'Fig.a1.js': 'import{a as o}from"./use-figure.b2.js";import"./hooks.c3.js";export{o as default};',
  'client.d4.js':
    'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["_astro/signals.e5.js"])))=>i.map(i=>d[i]);import("./signals.e5.js");',
  'use-figure.b2.js':
    'import{h}from"./hooks.c3.js";const s=()=>import("./deck-scene.f6.js");export{s as a};',
  'hooks.c3.js': 'export const h=1;',
  'signals.e5.js': 'import"./hooks.c3.js";',
  'deck-scene.f6.js':
    'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["_astro/webgl.g7.js","_astro/expression.j9.js"])))=>i.map(i=>d[i]);' +
    'import("./webgl.g7.js");import("./webgpu.h8.js");import{a}from"./use-figure.b2.js";const big="' +
    'x'.repeat(500) +
    '";',
  'webgl.g7.js': 'import"./expression.j9.js";export const gl=2;',
  'expression.j9.js': 'export const e=4;',
  'webgpu.h8.js': 'export const gpu=3;',
  // Another chunk's lazy import of the scene is not a NEXT edge.
  'Chart.k1.js': 'import"./hooks.c3.js";const s=()=>import("./deck-scene.f6.js");',
};
const read = (name: string) => CHUNKS[name];

describe('island code', () => {
  it('tells static imports from lazy ones, and preload lists from neither', () => {
    expect(chunkImports(CHUNKS['deck-scene.f6.js'] ?? '')).toEqual({
      static: ['use-figure.b2.js'],
      dynamic: ['webgl.g7.js', 'webgpu.h8.js'],
    });
    expect(chunkImports(CHUNKS['client.d4.js'] ?? '')).toEqual({
      static: [],
      dynamic: ['signals.e5.js'],
    });
    expect(chunkImports(CHUNKS['Fig.a1.js'] ?? '').static).toEqual([
      'use-figure.b2.js',
      'hooks.c3.js',
    ]);
    expect(chunkName('signals.module.DtYTl4Ar.js')).toBe('signals.module');
    expect(chunkName('use-figure.mip4YA35.js')).toBe('use-figure');
  });

  it('follows static imports, and with edges the scene from use-figure, each chunk once, through cycles', () => {
    const first = ['Fig.a1.js', 'client.d4.js', 'hooks.c3.js', 'use-figure.b2.js'];
    expect(codeClosure(['Fig.a1.js', 'client.d4.js'], read).sort()).toEqual(first.sort());
    const edges = new Set<string>();
    expect(codeClosure(['Fig.a1.js', 'client.d4.js'], read, edges).sort()).toEqual(
      [...first, 'deck-scene.f6.js'].sort(),
    );
    expect([...edges]).toEqual(['use-figure → deck-scene']);
    // The lazy chunks neither list needs stay out.
    expect(codeClosure(['Chart.k1.js'], read, edges).sort()).toEqual(
      ['Chart.k1.js', 'hooks.c3.js'].sort(),
    );
  });

  it('lists an island’s code on it, largest chunk first, under the base, and the scene apart', () => {
    const html =
      '<astro-island uid="1" component-url="/sv/_astro/Fig.a1.js" renderer-url="/sv/_astro/client.d4.js" ssr>' +
      '<figure></figure></astro-island><astro-island uid="2" component-url="https://cdn.example/x.js">';
    const out = annotateIslands(html, '/sv/', read);
    const list = /data-sv-code="([^"]*)"/.exec(out)?.[1]?.split(' ') ?? [];
    expect(list[0]).toBe('/sv/_astro/client.d4.js');
    expect(list).toHaveLength(4);
    expect(list.every((u) => u.startsWith('/sv/_astro/'))).toBe(true);
    expect(/data-sv-next="([^"]*)"/.exec(out)?.[1]).toBe('/sv/_astro/deck-scene.f6.js');
    expect(out.match(/data-sv-code=/g)).toHaveLength(1);
    expect(annotateIslands(out, '/sv/', read)).toBe(out);
  });

  it('moves a figure’s data list onto its island, past the hydration script Astro puts between', () => {
    const html =
      '<p>text</p><template data-sv-data="/sv/data/a.head.arrow /sv/data/b.arrow"></template>' +
      '<style>astro-island{display:contents}</style><script>(()=>{var a=1})();</script>' +
      '<astro-island uid="1" component-url="/sv/_astro/Fig.a1.js" renderer-url="/sv/_astro/client.d4.js" ssr></astro-island>' +
      '<astro-island uid="2" component-url="/sv/_astro/Fig.a1.js" renderer-url="/sv/_astro/client.d4.js" ssr></astro-island>';
    const out = annotateIslands(html, '/sv/', read);
    expect(out).not.toContain('<template');
    const islands = [...out.matchAll(/<astro-island ([^>]*)>/g)].map((m) => m[1] ?? '');
    expect(/data-sv-data="([^"]*)"/.exec(islands[0] ?? '')?.[1]).toBe(
      '/sv/data/a.head.arrow /sv/data/b.arrow',
    );
    expect(islands[0]).toContain('data-sv-code=');
    expect(islands[1]).not.toContain('data-sv-data=');
    expect(out).toContain('<style>astro-island{display:contents}</style><script>');
  });
});
