/**
 * Runs the independent runs of a β sweep at most `workers` at a time, in that many worker
 * threads (each takes the next run when it finishes one), or one after another inline for
 * `workers: 0`.
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

/** A training worker thread that runs jobs one at a time (beta-worker.ts). */
interface TrainWorker {
  /** Runs `job`; rejects when it fails, when `onSnapshot` throws, or when the worker dies. */
  run(
    job: TrainJob,
    onSnapshot: (snapshot: SnapshotInfo, probe: SnapshotProbe) => void,
  ): Promise<BetaRunResult | LinearVaeResult[]>;
  close(): void;
}

const jobName = (job: TrainJob): string =>
  job.kind === 'beta' ? `β worker (β = ${job.task.beta})` : 'linear-VAE worker';

function startWorker(backend: BackendName): TrainWorker {
  const worker = new Worker(new URL('./beta-worker-boot.mjs', import.meta.url), {
    workerData: { backend },
  });
  let current:
    | {
        name: string;
        onSnapshot: (snapshot: SnapshotInfo, probe: SnapshotProbe) => void;
        resolve: (result: BetaRunResult | LinearVaeResult[]) => void;
        reject: (error: Error) => void;
      }
    | undefined;
  let failure: Error | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    const job = current;
    current = undefined;
    job?.reject(error);
  };
  worker.on('message', (reply: BetaReply) => {
    const job = current;
    if (!job) return;
    if (reply.type === 'snapshot') {
      try {
        job.onSnapshot(reply.snapshot, reply.probe);
      } catch (error) {
        fail(error as Error);
      }
    } else if (reply.type === 'done') {
      current = undefined;
      job.resolve(reply.result);
    } else {
      const error = new Error(reply.message);
      error.stack = reply.stack;
      fail(error);
    }
  });
  worker.on('error', (error) =>
    fail(
      new Error(`${current?.name ?? 'training worker'} failed: ${error.message}`, { cause: error }),
    ),
  );
  worker.on('exit', (code) =>
    fail(
      new Error(`${current?.name ?? 'training worker'} exited (code ${code}) before its results`),
    ),
  );
  return {
    run: (job, onSnapshot) =>
      failure
        ? Promise.reject(failure)
        : new Promise((resolve, reject) => {
            current = { name: jobName(job), onSnapshot, resolve, reject };
            worker.postMessage(job);
          }),
    close: () => void worker.terminate(),
  };
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
  // One worker per lane, for every job the lane takes: a worker's start-up (tsx, tfjs, the
  // wasm backend) is ≈ 1 s of CPU, and jobs run one after another in it as they do inline.
  const lane = async (): Promise<void> => {
    const worker = startWorker(options.backend ?? 'wasm');
    try {
      while (next < jobs.length) {
        const t = jobs[next++];
        let result: BetaRunResult | LinearVaeResult[];
        try {
          result = await worker.run(jobOf(t), snapshotOf(t));
        } catch (error) {
          next = jobs.length; // start no further job
          throw error;
        }
        store(t, result);
      }
    } finally {
      worker.close();
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, lane));
  return { runs, linear };
}
