import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from './tfjs.ts';
import { describe, expect, it } from 'vitest';
import { ROOT, TSX_IMPORT, tfjsNodeLoader } from '../../test/helpers/cli.ts';
import { selectBackend, type BackendChoice } from './backend.ts';

interface Selected {
  thread: string;
  name?: string;
  why?: string;
  active?: string;
  product?: number;
  error?: string;
}

/**
 * chooseBackend(choice) in a child process where @tensorflow/tfjs-node is the stub (a native
 * backend stand-in) or absent, whatever this machine's node_modules holds; `worker` selects in
 * a worker thread that resolves the package the same way. Returns the pick and the stub's loads.
 */
function select(mode: 'stub' | 'absent', choice: string, worker = false) {
  const log = join(mkdtempSync(join(tmpdir(), 'structviz-tfjs-node-')), 'loads');
  const loader = tfjsNodeLoader(mode, log);
  // tsx's --import, as the CLI runs, with select.ts instead of the CLI.
  const script = join(ROOT, 'test', 'helpers', 'tfjs-node', 'select.ts');
  const r = spawnSync(
    process.execPath,
    [...loader.args, ...TSX_IMPORT, script, choice, ...(worker ? ['worker'] : [])],
    { encoding: 'utf8', env: { ...process.env, ...loader.env } },
  );
  expect(r.status, r.stderr).toBe(0);
  const line = r.stdout.split('\n').find((l) => l.startsWith('{')) ?? '{}';
  let loads: string[] = [];
  try {
    loads = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } catch {
    // never loaded
  }
  return { ...(JSON.parse(line) as Selected), loads };
}

describe('selectBackend without @tensorflow/tfjs-node (as offline, where it does not install)', () => {
  it("'auto' falls back to wasm and says why", () => {
    const s = select('absent', 'auto');
    expect(s).toMatchObject({ thread: 'main', name: 'wasm', active: 'wasm', product: 11 });
    expect(s.why).toBe(
      'auto, the first that loads of tensorflow, wasm, cpu: tensorflow: @tensorflow/tfjs-node is not installed',
    );
  });

  it('throws a clear message for a forced backend that cannot load', () => {
    expect(select('absent', 'tensorflow').error).toBe(
      'backend: "tensorflow" is not available (@tensorflow/tfjs-node is not installed); ' +
        'install @tensorflow/tfjs-node or use --backend wasm',
    );
  });
});

describe('selectBackend with @tensorflow/tfjs-node installed (a stub at its import path)', () => {
  it("'auto' picks the native backend on the main thread, and says why", () => {
    const s = select('stub', 'auto');
    expect(s).toMatchObject({ thread: 'main', name: 'tensorflow', active: 'tensorflow' });
    expect(s.product).toBe(11);
    expect(s.why).toBe(
      'auto, the first that loads of tensorflow, wasm, cpu: @tensorflow/tfjs-node is installed',
    );
    expect(s.loads).toEqual(['main']);
  });

  it('a forced wasm stays wasm and never loads the native package', () => {
    expect(select('stub', 'wasm')).toMatchObject({ name: 'wasm', active: 'wasm', loads: [] });
  });

  it('never loads the native backend in a worker thread: auto takes wasm there, a forced one fails', () => {
    const auto = select('stub', 'auto', true);
    expect(auto).toMatchObject({ thread: 'worker', name: 'wasm', loads: [] });
    expect(auto.why).toContain(
      'tensorflow: the native backend is never loaded in a worker thread (tensorflow/tfjs#8388)',
    );
    const forced = select('stub', 'tensorflow', true);
    expect(forced.error).toMatch(/^backend: "tensorflow" is not available \(the native backend/);
    expect(forced.loads).toEqual([]);
  });
});

describe('selectBackend in this process', () => {
  it('can be called repeatedly and switch between backends', async () => {
    await expect(selectBackend('cpu')).resolves.toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await expect(selectBackend('wasm')).resolves.toBe('wasm');
    await expect(selectBackend('wasm')).resolves.toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    // It computes, with SIMD (threads are off in Node).
    expect(Array.from(tf.tidy(() => tf.matMul([[1, 2]], [[3], [4]]).dataSync()))).toEqual([11]);
    expect(tf.env().getBool('WASM_HAS_SIMD_SUPPORT')).toBe(true);
  });

  it('rejects an unknown choice', async () => {
    await expect(selectBackend('gpu' as BackendChoice)).rejects.toThrow(
      'backend: unknown backend "gpu" (choices: auto, tensorflow, wasm, cpu)',
    );
  });
});
