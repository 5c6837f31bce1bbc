/**
 * Astro integration that makes data/ part of the site: the dev server serves it under
 * `<base>data/` (files inside the folder only), and the build first verifies it exactly as
 * `npm run pipeline -- check` does (any problem fails the build), then copies to
 * `dist/data/` only what the manifest lists, with manifest.json and README.md. The build also
 * writes each drawn table's first snapshot beside it (heads.ts).
 */
import {
  copyFileSync,
  createReadStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
} from 'node:fs';
import { dirname, extname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { Plugin } from 'vite';
import { checkFolder, folderProblem } from '../../pipeline/check.ts';
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

/** What the build publishes: manifest.json, README.md and every file the manifest lists (relative names). */
export function listedFiles(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    experiments: Record<string, { files: { name: string }[] }>;
  };
  return [
    'manifest.json',
    'README.md',
    ...Object.values(manifest.experiments).flatMap((e) => e.files.map((f) => f.name)),
  ];
}

/**
 * The file a dev-server URL asks for, or undefined: the path must stay inside dir once decoded
 * (`..%2f` included), be no link, and be a publishable regular file.
 */
export function dataFileFor(dir: string, prefix: string, url: string): string | undefined {
  if (!url.startsWith(prefix)) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(url.slice(prefix.length));
  } catch {
    return undefined; // malformed escapes
  }
  if (name.includes('\0')) return undefined;
  const file = normalize(join(dir, name));
  const inside = relative(dir, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
  // No segment may be a link (it could point anywhere); the file must be a regular file.
  let path = dir;
  for (const segment of inside.split(sep)) {
    path = join(path, segment);
    try {
      if (lstatSync(path).isSymbolicLink()) return undefined;
    } catch {
      return undefined;
    }
  }
  return lstatSync(file).isFile() && publishable(file) ? file : undefined;
}

/** Verifies dir as `check` does; throws one error listing every problem (the build then fails). */
export function verifyData(dir: string): void {
  const problems = [folderProblem(dir) ?? checkFolder(dir).problems].flat();
  if (problems.length)
    throw new Error(
      `structviz: the data in ${dir} fails check, so the site is not built:\n${problems
        .map((p) => `  - ${p}`)
        .join('\n')}\n(npm run pipeline -- check --out ${dir} shows the same; rerun the pipeline)`,
    );
}

function serveData(dir: string, base: string): Plugin {
  const prefix = `${base.replace(/\/$/, '')}/data/`;
  return {
    name: 'structviz:serve-data',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0] ?? '';
        if (!url.startsWith(prefix)) return next();
        const file = dataFileFor(dir, prefix, url);
        if (!file) {
          res.statusCode = 404;
          res.end('not found');
          return;
        }
        res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
        res.setHeader('Content-Length', String(lstatSync(file).size));
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
      'astro:config:setup': ({ command, config, updateConfig, logger }) => {
        // A build publishes the data: it must pass check. The dev server shows error states.
        if (command === 'build') verifyData(dir);
        else if (!existsSync(join(dir, 'manifest.json')))
          logger.warn(`no manifest.json in ${dir}: figures will show their error state`);
        updateConfig({ vite: { plugins: [serveData(dir, config.base)] } });
      },
      'astro:build:done': ({ dir: outUrl, logger }) => {
        const out = join(fileURLToPath(outUrl), 'data');
        const files = listedFiles(dir);
        for (const name of files) {
          const target = join(out, name);
          mkdirSync(dirname(target), { recursive: true });
          copyFileSync(join(dir, name), target);
        }
        logger.info(`copied ${files.length} data files from ${dir} to ${out}`);
        if (existsSync(join(out, 'manifest.json')))
          logger.info(
            `wrote ${writeHeads(out)} head and tail files (first and last snapshots) into ${out}`,
          );
      },
    },
  };
}
