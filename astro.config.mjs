// @ts-check
import { resolve } from 'node:path';
import process from 'node:process';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { structvizData } from './site/integrations/data.ts';
import { structvizIslandCode } from './site/integrations/island-code.ts';
import { structvizPosters } from './site/integrations/posters.ts';
import { rehypeFocusableMath } from './site/integrations/rehype-focusable-math.ts';

// `npm run build -- --data DIR`: the explorer alone, for any data folder (an imported run);
// the article stays bound to the published data/. Relative to where the command was typed.
const dataFlag = process.argv.indexOf('--data');
if (dataFlag > 0) {
  const dir = process.argv[dataFlag + 1];
  if (!dir || dir.startsWith('-'))
    throw new Error('build: --data needs a folder: npm run build -- --data DIR');
  process.env.STRUCTVIZ_DATA_DIR = resolve(process.env.INIT_CWD ?? process.cwd(), dir);
  process.env.STRUCTVIZ_ARTICLE = '0';
}

// `site` and `base` come from the environment so one build serves at `/` and at `/<repo>/`:
//   SITE_URL=https://user.github.io BASE_PATH=/structviz npm run build
const base = process.env.BASE_PATH || '/';

/**
 * WGSL shader sources (WebGPU only) that deck.gl and luma.gl reference from modules the figures
 * use: fp64 arithmetic and deck.gl's projection in WGSL, ≈ 49 KB raw, ≈ 9 KB gz of every figure
 * island. The figures create WebGL2 devices only (deck.gl's own adapter), where these strings
 * are never read, so the build replaces them with empty strings.
 */
/** @type {[RegExp, string[]][]} */
const WGSL_ONLY = [
  [
    /@luma\.gl\/shadertools\/dist\/modules\/math\/fp64\/fp64-arithmetic-wgsl\.js$/,
    ['fp64arithmeticWGSL'],
  ],
  [
    /@luma\.gl\/shadertools\/dist\/modules\/math\/fp64\/fp64-arithmetic-wgsl-integer\.js$/,
    ['fp64arithmeticWGSLInteger'],
  ],
  [
    /@deck\.gl\/core\/dist\/shaderlib\/project\/project\.wgsl\.js$/,
    ['projectWGSLHeader', 'projectWGSL'],
  ],
];

/** @returns {import('vite').Plugin} */
function dropWgsl() {
  return {
    name: 'structviz:drop-wgsl',
    enforce: 'pre',
    apply: 'build',
    load(id) {
      const hit = WGSL_ONLY.find(([re]) => re.test(id.split('?')[0] ?? ''));
      if (!hit) return null;
      return hit[1].map((name) => `export const ${name} = '';`).join('\n');
    },
  };
}

export default defineConfig({
  ...(process.env.SITE_URL ? { site: process.env.SITE_URL } : {}),
  base,
  srcDir: './site/src',
  publicDir: './site/public',
  outDir: './dist',
  output: 'static',
  trailingSlash: 'ignore',
  integrations: [preact(), mdx(), structvizData(), structvizPosters(), structvizIslandCode()],
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [rehypeKatex, rehypeFocusableMath],
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark-default' } },
  },
  build: { inlineStylesheets: 'auto' },
  devToolbar: { enabled: false },
  vite: {
    plugins: [dropWgsl()],
    build: {
      sourcemap: process.env.STRUCTVIZ_SOURCEMAP === '1',
      // deck.gl (≈210 KB gz) is one lazily imported chunk, loaded when a figure scrolls into view.
      chunkSizeWarningLimit: 900,
    },
  },
});
