/** Values accepted by `--backend`: apart from backend.ts, so the CLI's config reads them without loading TensorFlow.js. */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
