/**
 * Runs the independent runs of a β sweep at most `workers` at a time, each in its own
 * worker thread (a fresh tfjs per run), or one after another inline for `workers: 0`.
 * Results come back in task order and each depends only on its task, so the bytes are the
 * same for any worker count or scheduling (tested in beta-pool.test.ts).
 */
import { Worker } from 'node:worker_threads';
import type { SnapshotInfo } from '../contract.ts';
import type { BackendName } from '../train/backend.ts';
import { runBeta, type BetaRunResult, type BetaTask } from './beta-run.ts';
import type { VaeProbe } from './probe.ts';

/** Messages from a training worker. */
export type BetaReply =
  | { type: 'snapshot'; snapshot: SnapshotInfo; probe: VaeProbe }
  | { type: 'done'; result: BetaRunResult }
  | { type: 'error'; message: string; stack: string };

/** Options of {@link runBetaTasks}. */
export interface BetaPoolOptions {
  /** Concurrent worker threads; 0 runs every task inline, in order. @default 0 */
  workers?: number;
  /** tfjs backend of the workers (the main thread's, so bytes match). @default 'wasm' */
  backend?: BackendName;
  /** Each probe as it is taken, with its task's index (in task order within a task). */
  onSnapshot?: (task: number, snapshot: SnapshotInfo, probe: VaeProbe) => void;
  /** A task finished. */
  onDone?: (task: number, result: BetaRunResult) => void;
}

function inWorker(
  task: BetaTask,
  backend: BackendName,
  onSnapshot: (snapshot: SnapshotInfo, probe: VaeProbe) => void,
): Promise<BetaRunResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./beta-worker-boot.mjs', import.meta.url), {
      workerData: { backend, task },
    });
    let settled = false;
    const finish = (error?: Error, result?: BetaRunResult): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve(result as BetaRunResult);
    };
    worker.on('message', (reply: BetaReply) => {
      if (reply.type === 'snapshot') {
        try {
          onSnapshot(reply.snapshot, reply.probe);
        } catch (error) {
          finish(error as Error);
        }
      } else if (reply.type === 'done') finish(undefined, reply.result);
      else {
        const error = new Error(reply.message);
        error.stack = reply.stack;
        finish(error);
      }
    });
    worker.on('error', (error) =>
      finish(new Error(`β worker (β = ${task.beta}) failed: ${error.message}`, { cause: error })),
    );
    worker.on('exit', (code) =>
      finish(new Error(`β worker (β = ${task.beta}) exited (code ${code}) before its results`)),
    );
  });
}

/** Runs every task; resolves with their results in task order. */
export async function runBetaTasks(
  tasks: readonly BetaTask[],
  options: BetaPoolOptions = {},
): Promise<BetaRunResult[]> {
  const workers = options.workers ?? 0;
  if (!Number.isInteger(workers) || workers < 0)
    throw new Error(`β pool: workers (${workers}) must be an integer ≥ 0`);
  const results: BetaRunResult[] = new Array<BetaRunResult>(tasks.length);
  const snapshotOf = (t: number) => (s: SnapshotInfo, p: VaeProbe) => options.onSnapshot?.(t, s, p);
  if (workers === 0) {
    tasks.forEach((task, t) => {
      results[t] = runBeta(task, snapshotOf(t));
      options.onDone?.(t, results[t]);
    });
    return results;
  }
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const t = next++;
      try {
        results[t] = await inWorker(tasks[t], options.backend ?? 'wasm', snapshotOf(t));
      } catch (error) {
        next = tasks.length; // start no further task
        throw error;
      }
      options.onDone?.(t, results[t]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, tasks.length) }, lane));
  return results;
}
