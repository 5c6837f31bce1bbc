/**
 * Astro integration that makes data/ part of the site: the dev server serves it under
 * `<base>data/`, and the build copies it to `dist/data/`. Only published artifacts are
 * copied (Arrow files, JSON, Markdown); the pipeline's `*.tmp` files never are. The build also
 * writes each drawn table's first snapshot beside it (heads.ts).
 */
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
} from 'node:fs';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { Plugin } from 'vite';
import { resolveDataDir } from '../src/lib/build/data-dir.ts';
import { writeHeads } from './heads.ts';

const TYPES: Record<string, string> = {
  '.arrow': 'application/vnd.apache.arrow.file',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** Files worth publishing: artifacts, never temporaries or hidden files. */
function publishable(path: string): boolean {
  const name = path.split(sep).pop() ?? '';
  return !name.startsWith('.') && !name.endsWith('.tmp') && extname(name) in TYPES;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile() && publishable(p));
}

function serveData(dir: string, base: string): Plugin {
  const prefix = `${base.replace(/\/$/, '')}/data/`;
  return {
    name: 'structviz:serve-data',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0] ?? '';
        if (!url.startsWith(prefix)) return next();
        const file = normalize(join(dir, decodeURIComponent(url.slice(prefix.length))));
        if (
          !file.startsWith(dir) ||
          !existsSync(file) ||
          !statSync(file).isFile() ||
          !publishable(file)
        ) {
          res.statusCode = 404;
          res.end('not found');
          return;
        }
        res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
        res.setHeader('Content-Length', String(statSync(file).size));
        res.setHeader('Cache-Control', 'no-cache');
        createReadStream(file).pipe(res);
      });
    },
  };
}

/** Serves data/ in dev and copies it into the build output under `data/`. */
export function structvizData(): AstroIntegration {
  const dir = resolveDataDir();
  return {
    name: 'structviz:data',
    hooks: {
      'astro:config:setup': ({ config, updateConfig, logger }) => {
        if (!existsSync(join(dir, 'manifest.json')))
          logger.warn(`no manifest.json in ${dir}: figures will show their error state`);
        updateConfig({ vite: { plugins: [serveData(dir, config.base)] } });
      },
      'astro:build:done': ({ dir: outUrl, logger }) => {
        const out = join(fileURLToPath(outUrl), 'data');
        const files = listFiles(dir);
        for (const file of files) {
          const target = join(out, relative(dir, file));
          mkdirSync(dirname(target), { recursive: true });
          copyFileSync(file, target);
        }
        logger.info(`copied ${files.length} data files from ${dir} to ${out}`);
        if (existsSync(join(out, 'manifest.json')))
          logger.info(`wrote ${writeHeads(out)} head files (first snapshots) into ${out}`);
      },
    },
  };
}
