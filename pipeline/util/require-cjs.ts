/**
 * `require` for the CommonJS builds of large packages (TensorFlow.js, apache-arrow), from ES
 * modules. Two start-up costs are avoided, each paid again in every pipeline process and worker
 * thread that loads the package:
 * - `import` of a CommonJS package has Node scan its source, and every file it re-exports, for
 *   export names (cjs-module-lexer): for @tensorflow/tfjs ≈ 7 MB of JavaScript;
 * - with source maps on (tsx turns them on, for the pipeline's own TypeScript), Node 20 reads and
 *   parses the source map of every CommonJS file it compiles: 17 MB of JSON for tfjs.
 * Measured in plain Node with source maps on (3 runs): @tensorflow/tfjs + the wasm backend by
 * `import` 780–890 ms of CPU, by `require` 380–460 ms, by `require` without their maps
 * 220–270 ms. Source maps are off only while the package loads (synchronously, in this
 * thread), so the pipeline's stack traces still point into its TypeScript; a stack frame inside
 * the package shows its bundle's line.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `require(id)` with Node's source maps off while the package loads. */
export function requireCjs<T>(id: string): T {
  const maps = process.sourceMapsEnabled;
  if (maps) process.setSourceMapsEnabled(false);
  try {
    return require(id) as T;
  } finally {
    if (maps) process.setSourceMapsEnabled(true);
  }
}
