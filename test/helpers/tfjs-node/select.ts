/**
 * `node --import tsx --import ./register.mjs select.ts CHOICE [worker]`: prints one JSON line,
 * what chooseBackend(CHOICE) picked and why (or its error), on the main thread or, with
 * `worker`, in a worker thread that sees the same @tensorflow/tfjs-node (select-worker.mjs).
 */
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { tf } from '../../../pipeline/train/tfjs.ts';
import { chooseBackend, type BackendChoice } from '../../../pipeline/train/backend.ts';

const [choice, where] = isMainThread
  ? process.argv.slice(2)
  : (workerData as { args: string[] }).args;
if (isMainThread && where === 'worker') {
  new Worker(new URL('./select-worker.mjs', import.meta.url), {
    workerData: { args: [choice], mode: process.env['STRUCTVIZ_TFJS_NODE'] ?? 'stub' },
  });
} else {
  const thread = isMainThread ? 'main' : 'worker';
  try {
    const { name, why } = await chooseBackend(choice as BackendChoice);
    const product = tf.tidy(() => tf.matMul([[1, 2]], [[3], [4]]).dataSync()[0]);
    console.log(JSON.stringify({ thread, name, why, active: tf.getBackend(), product }));
  } catch (error) {
    console.log(JSON.stringify({ thread, error: (error as Error).message }));
  }
}
