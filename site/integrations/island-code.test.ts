import { describe, expect, it } from 'vitest';
import { annotateIslands, chunkRefs, codeClosure } from './island-code.ts';

/** A tiny built `_astro/` folder, as Vite writes it (minified imports, a preload list). */
const CHUNKS: Record<string, string> = {
  'Fig.a1.js': 'import{a as o}from"./view.b2.js";import"./hooks.c3.js";export{o as default};',
  'client.d4.js':
    'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["_astro/signals.e5.js"])))=>i.map(i=>d[i]);import("./signals.e5.js");',
  'view.b2.js': 'import{h}from"./hooks.c3.js";const s=()=>import("./scene.f6.js");export{s as a};',
  'hooks.c3.js': 'export const h=1;',
  'signals.e5.js': 'import"./hooks.c3.js";',
  'scene.f6.js':
    'import("./webgl.g7.js");import("./webgpu.h8.js");import{a}from"./view.b2.js";const big="' +
    'x'.repeat(500) +
    '";',
  'webgl.g7.js': 'export const gl=2;',
  'webgpu.h8.js': 'export const gpu=3;',
};
const read = (name: string) => CHUNKS[name];

describe('island code', () => {
  it('finds static, dynamic and preload-list imports, never the WebGPU adapter', () => {
    expect(chunkRefs(CHUNKS['scene.f6.js'] ?? '')).toEqual(['webgl.g7.js', 'view.b2.js']);
    expect(chunkRefs(CHUNKS['client.d4.js'] ?? '')).toEqual(['signals.e5.js']);
  });

  it('follows imports to the end, each chunk once, through cycles', () => {
    expect(codeClosure(['Fig.a1.js', 'client.d4.js'], read).sort()).toEqual(
      [
        'Fig.a1.js',
        'client.d4.js',
        'hooks.c3.js',
        'scene.f6.js',
        'signals.e5.js',
        'view.b2.js',
        'webgl.g7.js',
      ].sort(),
    );
  });

  it('lists an island’s code on it, largest chunk first, under the base', () => {
    const html =
      '<astro-island uid="1" component-url="/sv/_astro/Fig.a1.js" renderer-url="/sv/_astro/client.d4.js" ssr>' +
      '<figure></figure></astro-island><astro-island uid="2" component-url="https://cdn.example/x.js">';
    const out = annotateIslands(html, '/sv/', read);
    const list = /data-sv-code="([^"]*)"/.exec(out)?.[1]?.split(' ') ?? [];
    expect(list[0]).toBe('/sv/_astro/scene.f6.js');
    expect(list).toHaveLength(7);
    expect(list.every((u) => u.startsWith('/sv/_astro/'))).toBe(true);
    expect(out.match(/data-sv-code=/g)).toHaveLength(1);
    expect(annotateIslands(out, '/sv/', read)).toBe(out);
  });
});
