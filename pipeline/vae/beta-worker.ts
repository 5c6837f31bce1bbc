/**
 * A training worker: runs one job — a β task (beta-run.ts) or the linear-VAE sweep — on the
 * main thread's tfjs backend, posts each snapshot's probe as it is taken, then the results.
 * One job per worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, type BackendChoice } from '../train/backend.ts';
import { runJob, type BetaReply, type TrainJob } from './beta-pool.ts';

const port = parentPort;
if (!port) throw new Error('β worker: must run in a worker thread');
const { backend, job } = workerData as { backend: BackendChoice; job: TrainJob };
const post = (reply: BetaReply): void => port.postMessage(reply);
try {
  // The same backend as the main thread, so the bytes match an inline run.
  await selectBackend(backend);
  const result = runJob(job, (snapshot, probe) => post({ type: 'snapshot', snapshot, probe }));
  post({ type: 'done', result });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', message: e.message, stack: e.stack ?? '' });
}
