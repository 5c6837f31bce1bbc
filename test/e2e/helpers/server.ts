/**
 * A tiny static file server for the built site (node:http, 127.0.0.1, random port), mounted at
 * the site's base path. Responses are never cached by the browser (`no-store`), so every page
 * sees the bytes the current intercept serves. `intercept` replaces responses per test; `log`
 * records what was served (with the bytes, so the bench can gzip them). With `compress`, bodies
 * go out gzipped (level 6) to clients that accept it, as static hosts send them; `log` still
 * holds the uncompressed bytes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  // What GitHub Pages and most static hosts send for an unknown binary.
  '.arrow': 'application/octet-stream',
};

/** A replacement response; `undefined` from an intercept means "serve the file". */
export interface Override {
  status?: number;
  headers?: Record<string, string>;
  body: Uint8Array | string;
}

/** `path` is relative to the base, without a leading slash, e.g. `data/mlp-classes/positions-l3.arrow`. */
export type Intercept = (path: string, request: IncomingMessage) => Override | undefined;

export interface Served {
  path: string;
  status: number;
  type: string;
  body: Uint8Array;
  /** ms since the server started. */
  at: number;
}

export interface StaticServer {
  /** Origin plus base, ending in `/`, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  origin: string;
  base: string;
  log: Served[];
  intercept: (fn: Intercept | null) => void;
  close: () => Promise<void>;
}

export interface ServerOptions {
  /** gzip bodies for clients that send `Accept-Encoding: gzip` (not woff2 or png). @default false */
  compress?: boolean;
}

/** Already-compressed formats: sent as they are. */
const INCOMPRESSIBLE = new Set(['font/woff2', 'font/woff', 'image/png']);

/** Serves `root` under `base` (default `/`) until closed. */
export async function startServer(
  root: string,
  base = '/',
  options: ServerOptions = {},
): Promise<StaticServer> {
  const prefix = `/${base.replace(/^\/|\/$/g, '')}/`.replace('//', '/');
  const log: Served[] = [];
  const started = performance.now();
  let hook: Intercept | null = null;
  // Compressed bodies by path: the same file is served many times in a bench.
  const gzipped = new Map<string, { body: Uint8Array; gz: Buffer }>();

  const send = (
    res: ServerResponse,
    path: string,
    status: number,
    type: string,
    body: Uint8Array,
    extra: Record<string, string> = {},
    accepts = '',
  ) => {
    let wire: Uint8Array = body;
    const encoding: Record<string, string> = {};
    if (options.compress && /\bgzip\b/.test(accepts) && !INCOMPRESSIBLE.has(type) && body.length) {
      let cached = gzipped.get(path);
      if (cached?.body !== body && !(cached && Buffer.compare(cached.body, body) === 0)) {
        cached = { body, gz: gzipSync(body, { level: 6 }) };
        gzipped.set(path, cached);
      }
      wire = cached.gz;
      encoding['Content-Encoding'] = 'gzip';
      encoding['Vary'] = 'Accept-Encoding';
    }
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': String(wire.length),
      'Cache-Control': 'no-store',
      ...encoding,
      ...extra,
    });
    res.end(wire);
    log.push({ path, status, type, body, at: performance.now() - started });
  };

  const server = createServer((req, res) => {
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const url = new URL(req.url ?? '/', 'http://localhost');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(res, url.pathname, 400, MIME['.txt'], Buffer.from('bad request'));
    }
    if (`${pathname}/` === prefix)
      return send(res, pathname, 301, MIME['.txt'], Buffer.alloc(0), { Location: prefix });
    if (!pathname.startsWith(prefix))
      return send(res, pathname, 404, MIME['.txt'], Buffer.from('not found'));
    const path = pathname.slice(prefix.length);
    const override = hook?.(path, req);
    if (override) {
      const body = typeof override.body === 'string' ? Buffer.from(override.body) : override.body;
      return send(
        res,
        path,
        override.status ?? 200,
        override.headers?.['Content-Type'] ?? MIME[extname(path)] ?? 'application/octet-stream',
        body,
        override.headers,
        accepts,
      );
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep))
      return send(res, path, 403, MIME['.txt'], Buffer.from('forbidden'));
    if (existsSync(file) && statSync(file).isDirectory()) {
      // Like static hosts: /explore → /explore/, /explore/ → /explore/index.html.
      if (!pathname.endsWith('/'))
        return send(res, path, 301, MIME['.txt'], Buffer.alloc(0), {
          Location: `${pathname}/${url.search}`,
        });
      file = join(file, 'index.html');
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      const notFound = join(root, '404.html');
      return send(
        res,
        path,
        404,
        MIME['.html'],
        existsSync(notFound) ? readFileSync(notFound) : Buffer.from('not found'),
      );
    }
    send(
      res,
      path,
      200,
      MIME[extname(file)] ?? 'application/octet-stream',
      readFileSync(file),
      {},
      accepts,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${prefix}`,
    origin,
    base: prefix,
    log,
    intercept: (fn) => {
      hook = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
