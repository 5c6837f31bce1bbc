// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { structvizData } from './site/integrations/data.ts';

// `site` and `base` come from the environment so one build serves at `/` and at `/<repo>/`:
//   SITE_URL=https://user.github.io BASE_PATH=/structviz npm run build
const base = process.env.BASE_PATH || '/';

export default defineConfig({
  site: process.env.SITE_URL || undefined,
  base,
  srcDir: './site/src',
  publicDir: './site/public',
  outDir: './dist',
  output: 'static',
  trailingSlash: 'ignore',
  integrations: [preact(), mdx(), structvizData()],
  markdown: { remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] },
  build: { inlineStylesheets: 'auto' },
  devToolbar: { enabled: false },
});
