/**
 * The pipeline's layering, read from its import statements (type-only imports included: a
 * cycle of types is still a cycle of design): no import cycle; the algorithms (graph, layout,
 * metrics, view, train, vae, io, data, util and the contract) never import an experiment
 * kind; no kind reaches `config.ts`, which derives its union from the kinds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const PIPELINE = join(ROOT, 'pipeline');

/** Relative module specifiers of a source text (static, re-export and dynamic imports). */
export function importSpecifiers(text: string): string[] {
  const out: string[] = [];
  const pattern =
    /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(pattern)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec?.startsWith('.')) out.push(spec);
  }
  return out;
}

/** Every non-test .ts file under dir, relative to ROOT with / separators. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** The pipeline's import graph: file → files it imports (inside the pipeline). */
function pipelineGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(PIPELINE)) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const targets = importSpecifiers(text)
      .map((spec) =>
        relative(ROOT, resolve(ROOT, dirname(file), spec))
          .split('\\')
          .join('/'),
      )
      .filter((t) => t.startsWith('pipeline/') && t.endsWith('.ts'));
    graph.set(file, targets);
  }
  return graph;
}

/** Import cycles of a graph, each as the path that closes it (a → b → … → a); none when acyclic. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 1 | 2>(); // 1: on the stack, 2: done
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 1);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 1) cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** Files reachable from `start` (itself excluded). */
function reachable(graph: ReadonlyMap<string, readonly string[]>, start: string): Set<string> {
  const seen = new Set<string>();
  const todo = [...(graph.get(start) ?? [])];
  while (todo.length) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    todo.push(...(graph.get(file) ?? []));
  }
  return seen;
}

/** The algorithm layers: modules that must never reach an experiment kind. */
const ALGORITHMS =
  /^pipeline\/(graph|layout|metrics|view|train|vae|io|data|util)\/|^pipeline\/contract[^/]*\.ts$/;
const KIND = /^pipeline\/experiments\//;

describe('layering', () => {
  const graph = pipelineGraph();

  it('parses the import forms the code uses', () => {
    const text = `import { a } from './a.ts';\nimport type {\n  B,\n} from '../b.ts';\nexport { c } from './c.ts';\nimport './d.ts';\nconst e = await import('./e.ts');\nimport { z } from 'zod';`;
    expect(importSpecifiers(text)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts']);
    expect(graph.size).toBeGreaterThan(100);
  });

  it('finds a cycle when there is one (negative control)', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(cyclic)).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['a', ['b']]]))).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(findCycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('never lets an algorithm reach an experiment kind', () => {
    const leaks = [...graph.keys()]
      .filter((f) => ALGORITHMS.test(f))
      .flatMap((f) =>
        [...reachable(graph, f)].filter((t) => KIND.test(t)).map((t) => `${f} → ${t}`),
      );
    expect(leaks).toEqual([]);
  });

  it('never lets a kind reach config.ts', () => {
    const leaks = [...graph.keys()]
      .filter((f) => KIND.test(f))
      .filter((f) => reachable(graph, f).has('pipeline/config.ts'));
    expect(leaks).toEqual([]);
  });
});
