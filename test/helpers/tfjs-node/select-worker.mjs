// A worker thread for select.ts: worker threads do not inherit the main thread's loaders, so
// register tsx and the @tensorflow/tfjs-node hooks again (as pipeline/view/worker-boot.mjs does tsx).
import { register } from 'node:module';
import { workerData } from 'node:worker_threads';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./hooks.mjs', import.meta.url, { data: { mode: workerData.mode } });
await import('./select.ts');
