/**
 * TensorFlow.js for the pipeline's computing modules: `tf` is @tensorflow/tfjs as backend.ts's
 * `loadTfjs` loads it (by `requireCjs`); its types come from the package (`import type * as Tf
 * from '@tensorflow/tfjs'`). Importing this module loads tfjs; backend.ts, which the runner loads
 * before it knows whether anything trains, loads it only when it selects a backend.
 */
import { loadTfjs } from './backend.ts';

export const tf = loadTfjs();
