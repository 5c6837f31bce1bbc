/**
 * TensorFlow.js for the pipeline: `tf` is @tensorflow/tfjs, loaded with `requireCjs`
 * (util/require-cjs.ts says why); its types come from the package (`import type * as Tf from
 * '@tensorflow/tfjs'`). Importing this module loads tfjs, so backend.ts, which the runner loads
 * before it knows whether anything trains, loads it only when it selects a backend.
 */
import type * as Tf from '@tensorflow/tfjs';
import { requireCjs } from '../util/require-cjs.ts';

export const tf = requireCjs<typeof Tf>('@tensorflow/tfjs');
