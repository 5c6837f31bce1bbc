/**
 * A training worker: runs the jobs it is sent — β tasks (beta-run.ts) or the linear-VAE sweep —
 * one at a time on the main thread's tfjs backend, posting each snapshot's probe as it is
 * taken, then the job's results. A job's results depend on the job alone (an inline run does
 * every job on one thread, with the same bytes: beta-pool.test.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, type BackendChoice } from '../train/backend.ts';
import { runJob, type BetaReply, type TrainJob } from './beta-pool.ts';

const port = parentPort;
if (!port) throw new Error('β worker: must run in a worker thread');
const { backend } = workerData as { backend: BackendChoice };
const post = (reply: BetaReply): void => port.postMessage(reply);
// The same backend as the main thread, so the bytes match an inline run.
const ready = selectBackend(backend);
port.on('message', (job: TrainJob) => {
  void (async () => {
    try {
      await ready;
      const result = runJob(job, (snapshot, probe) => post({ type: 'snapshot', snapshot, probe }));
      post({ type: 'done', result });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      post({ type: 'error', message: e.message, stack: e.stack ?? '' });
    }
  })();
});
