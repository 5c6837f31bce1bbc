/**
 * The site's data integration (issue 23): a build verifies data/ exactly as `check` does and
 * fails on any problem, copies only what the manifest lists, and renders manifest strings
 * inert; the dev server's data route stays inside its folder.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../pipeline/contract.ts';
import { dataFileFor, structvizData, verifyData } from '../site/integrations/data.ts';
import { ROOT, astroBuildSync, fingerprint, withoutViteEnv } from './helpers/cli.ts';
import {
  HEAD_TABLES,
  headFileName,
  TAIL_TABLES,
  tailFileName,
} from '../site/src/lib/data/heads.ts';

const dir = mkdtempSync(join(tmpdir(), 'structviz-site-data-'));
let copies = 0;

/** A copy of the committed data/, changed by edit. */
function dataCopy(edit: (data: string) => void = () => undefined): string {
  const data = join(dir, `data-${copies++}`);
  cpSync(join(ROOT, 'data'), data, { recursive: true });
  edit(data);
  return data;
}
const manifestOf = (data: string): Manifest =>
  JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8')) as Manifest;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the build verifies data/ as check does', () => {
  it('passes the committed data (the negative control)', () => {
    expect(() => verifyData(join(ROOT, 'data'))).not.toThrow();
  });

  it('fails the build on an invalid, missing or truncated file and an unlisted one, naming each', () => {
    const cases: Record<string, (d: string) => void> = {
      'an invalid manifest.json': (d) =>
        writeFileSync(join(d, 'manifest.json'), '{"schemaVersion": 3'),
      'a missing manifest.json': (d) => rmSync(join(d, 'manifest.json')),
      'a truncated Arrow file': (d) => {
        const f = manifestOf(d).experiments['mlp-classes']?.files[0];
        if (f) truncateSync(join(d, f.name), 64);
      },
      'an unlisted secret-notes.json': (d) => writeFileSync(join(d, 'secret-notes.json'), '{}'),
    };
    const report: Record<string, string | undefined> = {};
    for (const [name, edit] of Object.entries(cases)) {
      const data = dataCopy(edit);
      try {
        verifyData(data);
      } catch (e) {
        report[name] = (e as Error).message.replaceAll(data, '<data>').split('\n')[1];
      }
    }
    expect(report).toMatchInlineSnapshot(`
      {
        "a missing manifest.json": "  - manifest.json: not found in <data> (run npm run pipeline)",
        "a truncated Arrow file": "  - mlp-classes/nodes.8286e145fe48b7b5.arrow: 64 bytes, manifest says 36786",
        "an invalid manifest.json": "  - manifest.json: not valid JSON (Expected ',' or '}' after property value in JSON at position 19)",
        "an unlisted secret-notes.json": "  - secret-notes.json: not listed in the manifest and not written by the pipeline",
      }
    `);
  });

  it('copies only manifest.json, README.md and the files the manifest lists', () => {
    const data = dataCopy((d) => {
      writeFileSync(join(d, 'secret-notes.json'), '{"password": "hunter2"}');
      writeFileSync(join(d, 'mlp-toy', 'notes.md'), 'mine');
    });
    const saved = process.env['STRUCTVIZ_DATA_DIR'];
    process.env['STRUCTVIZ_DATA_DIR'] = data;
    const out = join(dir, 'dist-copy');
    mkdirSync(out);
    try {
      const done = structvizData().hooks['astro:build:done'] as unknown as (options: {
        dir: URL;
        logger: { info: (m: string) => void };
      }) => void;
      done({ dir: pathToFileURL(`${out}/`), logger: { info: () => undefined } });
    } finally {
      if (saved === undefined) delete process.env['STRUCTVIZ_DATA_DIR'];
      else process.env['STRUCTVIZ_DATA_DIR'] = saved;
    }
    const copied = Object.keys(fingerprint(join(out, 'data'))).sort();
    const files = Object.values(manifestOf(data).experiments).flatMap((e) => e.files);
    // Beside them, the build writes each drawn table's first and last snapshot (heads.ts), nothing else.
    const heads = files
      .filter((f) => (HEAD_TABLES as readonly string[]).includes(f.table))
      .map((f) => headFileName(f.name));
    const tails = files
      .filter((f) => (TAIL_TABLES as readonly string[]).includes(f.table))
      .map((f) => tailFileName(f.name));
    expect(heads.length).toBeGreaterThan(0);
    expect(tails.length).toBeGreaterThan(0);
    expect(copied).toEqual(
      ['README.md', 'manifest.json', ...files.map((f) => f.name), ...heads, ...tails].sort(),
    );
    expect(copied).not.toContain('secret-notes.json');
  });
});

describe('the dev data route', () => {
  const data = join(dir, 'route', 'data');
  beforeAll(() => {
    mkdirSync(join(data, 'mlp-toy'), { recursive: true });
    writeFileSync(join(data, 'manifest.json'), '{}');
    writeFileSync(join(data, 'mlp-toy', 'nodes.0123456789abcdef.arrow'), 'x');
    writeFileSync(join(data, 'mlp-toy', 'nodes.arrow.123.tmp'), 'x');
    mkdirSync(join(dir, 'route', 'data-quick'));
    writeFileSync(join(dir, 'route', 'data-quick', 'manifest.json'), '{}');
    symlinkSync(join(dir, 'route', 'data-quick'), join(data, 'linked'));
  });

  it('serves files inside its folder and nothing else', () => {
    const serve = (url: string) => dataFileFor(data, '/data/', url)?.replace(data, '<data>');
    expect({
      manifest: serve('/data/manifest.json'),
      table: serve('/data/mlp-toy/nodes.0123456789abcdef.arrow'),
      'encoded ..': serve('/data/..%2fdata-quick/manifest.json'),
      'plain ..': serve('/data/../data-quick/manifest.json'),
      'dot segments': serve('/data/mlp-toy/%2e%2e/%2e%2e/data-quick/manifest.json'),
      'through a link': serve('/data/linked/manifest.json'),
      temporary: serve('/data/mlp-toy/nodes.arrow.123.tmp'),
      'a folder': serve('/data/mlp-toy'),
      'bad escape': serve('/data/%E0%A4%A'),
      'NUL byte': serve('/data/manifest.json%00.arrow'),
    }).toMatchInlineSnapshot(`
      {
        "NUL byte": undefined,
        "a folder": undefined,
        "bad escape": undefined,
        "dot segments": undefined,
        "encoded ..": undefined,
        "manifest": "<data>/manifest.json",
        "plain ..": undefined,
        "table": "<data>/mlp-toy/nodes.0123456789abcdef.arrow",
        "temporary": undefined,
        "through a link": undefined,
      }
    `);
  });
});

describe('a real build', () => {
  const build = (data: string, outDir: string) => {
    mkdirSync('/tmp/reliability2-tmp', { recursive: true });
    return astroBuildSync(['--outDir', outDir], {
      ...withoutViteEnv(process.env),
      STRUCTVIZ_DATA_DIR: data,
      NODE_ENV: 'production',
      FORCE_COLOR: '0',
      ASTRO_TELEMETRY_DISABLED: '1',
    });
  };

  it('fails on data check refuses, writing nothing', () => {
    const data = dataCopy((d) => writeFileSync(join(d, 'secret-notes.json'), '{}'));
    const outDir = join(dir, 'refused-build');
    const dist = fingerprint(join(ROOT, 'dist'));
    const r = build(data, outDir);
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain(
      'secret-notes.json: not listed in the manifest and not written by the pipeline',
    );
    expect(existsSync(outDir)).toBe(false);
    expect(fingerprint(join(ROOT, 'dist'))).toEqual(dist);
  }, 600_000);

  it('renders <script> and <img onerror> from manifest strings inert', () => {
    const script = '<script>alert("x")</script>';
    const img = '<img src=x onerror=alert(1)>';
    const data = dataCopy((d) => {
      const manifest = manifestOf(d);
      for (const entry of Object.values(manifest.experiments)) {
        Object.assign(entry, { title: `${script} ${entry.title}` });
        Object.assign(entry.dataset, { classes: [img, ...entry.dataset.classes.slice(1)] });
      }
      Object.assign(manifest, { preset: script });
      writeFileSync(join(d, 'manifest.json'), JSON.stringify(manifest, null, 2));
    });
    const outDir = join(dir, 'hostile-build');
    const r = build(data, outDir);
    expect(r.status, `${r.stdout}${r.stderr}`.slice(-3000)).toBe(0);
    const pages = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((p) =>
      p.endsWith('.html'),
    );
    expect(pages.length).toBeGreaterThan(0);
    let escaped = 0;
    for (const page of pages) {
      const html = readFileSync(join(outDir, page), 'utf8');
      expect(html, page).not.toContain(script);
      expect(html, page).not.toContain(img);
      escaped +=
        html.split('&lt;script&gt;alert').length - 1 + html.split('&lt;img src=x').length - 1;
    }
    // The strings did reach the pages (so the assertions above can fail), escaped.
    expect(escaped).toBeGreaterThan(0);
  }, 600_000);
});
