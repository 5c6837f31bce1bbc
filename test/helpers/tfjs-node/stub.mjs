// Stands in for @tensorflow/tfjs-node in tests: registers a backend named "tensorflow" (tfjs's
// cpu kernels under that name) and records each load, with the thread, in STRUCTVIZ_TFJS_NODE_LOG.
// Loaded in a worker thread it throws, as tfjs-node is reported to (tensorflow/tfjs#8388).
import process from 'node:process';
import { appendFileSync } from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';

const log = process.env['STRUCTVIZ_TFJS_NODE_LOG'];
if (log) appendFileSync(log, `${isMainThread ? 'main' : `worker ${threadId}`}\n`);
if (!isMainThread) throw new Error('tfjs-node stub: loaded in a worker thread');
tf.registerBackend('tensorflow', tf.findBackendFactory('cpu'), 3);
for (const kernel of tf.getKernelsForBackend('cpu'))
  tf.registerKernel({ ...kernel, backendName: 'tensorflow' });

export * from '@tensorflow/tfjs';
