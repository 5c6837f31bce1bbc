/**
 * Runs the independent runs of a β sweep at most `workers` at a time, each in its own
 * worker thread (a fresh tfjs per run), or one after another inline for `workers: 0`.
 * The linear-VAE theory sweep (one job: its βs continue from each other) can join the same
 * lanes; it starts first, as the longest job. Results come back in task order and each
 * depends only on its job, so the bytes are the same for any worker count or scheduling
 * (tested in beta-pool.test.ts).
 */
import { Worker } from 'node:worker_threads';
import type { SnapshotInfo } from '../contract.ts';
import type { BackendName } from '../train/backend.ts';
import { runBeta, type BetaRunResult, type BetaTask } from './beta-run.ts';
import { trainLinearVaeSweep, type LinearVaeOptions, type LinearVaeResult } from './linear.ts';
import type { SnapshotProbe } from './probe.ts';

/** The linear-VAE theory sweep as a pool job (trainLinearVaeSweep's arguments). */
export interface LinearJob {
  readonly betas: readonly number[];
  readonly options: LinearVaeOptions;
}

/** What a training worker runs: one β task or the linear sweep. */
export type TrainJob =
  | { readonly kind: 'beta'; readonly task: BetaTask }
  | { readonly kind: 'linear'; readonly job: LinearJob };

/** Messages from a training worker. */
export type BetaReply =
  | { type: 'snapshot'; snapshot: SnapshotInfo; probe: SnapshotProbe }
  | { type: 'done'; result: BetaRunResult | LinearVaeResult[] }
  | { type: 'error'; message: string; stack: string };

/** Runs a job on this thread. */
export function runJob(
  job: TrainJob,
  onSnapshot: (snapshot: SnapshotInfo, probe: SnapshotProbe) => void,
): BetaRunResult | LinearVaeResult[] {
  return job.kind === 'beta'
    ? runBeta(job.task, onSnapshot)
    : trainLinearVaeSweep(job.job.betas, job.job.options);
}

/** Options of {@link runBetaTasks}. */
export interface BetaPoolOptions {
  /** Concurrent worker threads; 0 runs every task inline, in order. @default 0 */
  workers?: number;
  /** tfjs backend of the workers (the main thread's, so bytes match). @default 'wasm' */
  backend?: BackendName;
  /** Each probe as it is taken, with its task's index (in task order within a task). */
  onSnapshot?: (task: number, snapshot: SnapshotInfo, probe: SnapshotProbe) => void;
  /** A task finished. */
  onDone?: (task: number, result: BetaRunResult) => void;
  /** The linear-VAE sweep to run in the same lanes (first); its results in {@link TrainingResults}. */
  linear?: LinearJob;
  /** The linear sweep finished. */
  onLinearDone?: (results: LinearVaeResult[]) => void;
}

/** The β runs in task order, and the linear sweep's results (empty without `linear`). */
export interface TrainingResults {
  readonly runs: BetaRunResult[];
  readonly linear: LinearVaeResult[];
}

function inWorker(
  job: TrainJob,
  backend: BackendName,
  onSnapshot: (snapshot: SnapshotInfo, probe: SnapshotProbe) => void,
): Promise<BetaRunResult | LinearVaeResult[]> {
  const name = job.kind === 'beta' ? `β worker (β = ${job.task.beta})` : 'linear-VAE worker';
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./beta-worker-boot.mjs', import.meta.url), {
      workerData: { backend, job },
    });
    let settled = false;
    const finish = (error?: Error, result?: BetaRunResult | LinearVaeResult[]): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve(result as BetaRunResult | LinearVaeResult[]);
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
      finish(new Error(`${name} failed: ${error.message}`, { cause: error })),
    );
    worker.on('exit', (code) =>
      finish(new Error(`${name} exited (code ${code}) before its results`)),
    );
  });
}

/** Runs every task; resolves with their results in task order. */
export async function runBetaTasks(
  tasks: readonly BetaTask[],
  options: BetaPoolOptions = {},
): Promise<BetaRunResult[]> {
  return (await runTraining(tasks, options)).runs;
}

/** Runs every task and, with `options.linear`, the linear sweep; see {@link TrainingResults}. */
export async function runTraining(
  tasks: readonly BetaTask[],
  options: BetaPoolOptions = {},
): Promise<TrainingResults> {
  const workers = options.workers ?? 0;
  if (!Number.isInteger(workers) || workers < 0)
    throw new Error(`β pool: workers (${workers}) must be an integer ≥ 0`);
  const runs: BetaRunResult[] = new Array<BetaRunResult>(tasks.length);
  let linear: LinearVaeResult[] = [];
  // Job −1 is the linear sweep, queued first: it is the longest.
  const jobs: number[] = [...(options.linear ? [-1] : []), ...tasks.keys()];
  const jobOf = (t: number): TrainJob =>
    t < 0 && options.linear
      ? { kind: 'linear', job: options.linear }
      : { kind: 'beta', task: tasks[t] };
  const snapshotOf = (t: number) => (s: SnapshotInfo, p: SnapshotProbe) =>
    options.onSnapshot?.(t, s, p);
  const store = (t: number, result: BetaRunResult | LinearVaeResult[]): void => {
    if (t < 0) {
      linear = result as LinearVaeResult[];
      options.onLinearDone?.(linear);
    } else {
      runs[t] = result as BetaRunResult;
      options.onDone?.(t, runs[t]);
    }
  };
  if (workers === 0) {
    for (const t of jobs) store(t, runJob(jobOf(t), snapshotOf(t)));
    return { runs, linear };
  }
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const t = jobs[next++];
      let result: BetaRunResult | LinearVaeResult[];
      try {
        result = await inWorker(jobOf(t), options.backend ?? 'wasm', snapshotOf(t));
      } catch (error) {
        next = jobs.length; // start no further job
        throw error;
      }
      store(t, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, lane));
  return { runs, linear };
}
