import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend, type BackendChoice } from './backend.ts';

describe('selectBackend', () => {
  it("'auto' falls back to wasm when @tensorflow/tfjs-node is absent", async () => {
    await expect(selectBackend('auto')).resolves.toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    // It computes, with SIMD (threads are off in Node).
    expect(Array.from(tf.tidy(() => tf.matMul([[1, 2]], [[3], [4]]).dataSync()))).toEqual([11]);
    expect(tf.env().getBool('WASM_HAS_SIMD_SUPPORT')).toBe(true);
  });

  it('throws a clear message for a forced backend that cannot load', async () => {
    await expect(selectBackend('tensorflow')).rejects.toThrow(
      'backend: "tensorflow" is not available (@tensorflow/tfjs-node is not installed); ' +
        'install @tensorflow/tfjs-node or use --backend wasm',
    );
    // A failed attempt leaves the active backend alone, and a second attempt fails the same way.
    expect(tf.getBackend()).toBe('wasm');
    await expect(selectBackend('tensorflow')).rejects.toThrow('is not available');
  });

  it('can be called repeatedly and switch between backends', async () => {
    await expect(selectBackend('cpu')).resolves.toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await expect(selectBackend('wasm')).resolves.toBe('wasm');
    await expect(selectBackend('wasm')).resolves.toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown choice', async () => {
    await expect(selectBackend('gpu' as BackendChoice)).rejects.toThrow(
      'backend: unknown backend "gpu" (choices: auto, tensorflow, wasm, cpu)',
    );
  });
});
