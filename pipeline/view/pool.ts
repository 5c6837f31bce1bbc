/**
 * Runs view chains and layout comparisons in worker threads, overlapping the training on the
 * main thread. A chain's state (its previous layout) lives in one worker, so a chain is pinned
 * to a worker at its first call; a comparison (fidelity-comparison.ts) has no state and can go
 * to any worker. Both go to the worker with the least work ahead of it, by the estimate of
 * `createBalance`: pinned round-robin, the default preset's two workers ended 19 s apart. More
 * chains than cores is fine, the OS shares the cores. `workers: 0` runs every chain and
 * comparison inline on the calling thread. Results depend only on each chain's options and
 * inputs, so they are the same bytes whatever the worker count or scheduling (tested).
 */
import { Worker } from 'node:worker_threads';
import {
  createViewChain,
  type ViewChainOptions,
  type ViewInput,
  type ViewOutput,
} from './chain.ts';
import { compareLayouts, type ComparedLayout, type ComparedView } from './fidelity-comparison.ts';
import type { BackendName } from '../train/backend.ts';
import { comparedViewTransfers, type PoolReply, type PoolRequest } from './protocol.ts';

/** A chain's calls, answered in call order. */
export interface ViewChainHandle {
  next(input: ViewInput): Promise<ViewOutput>;
  steps(): Promise<Float32Array[]>;
}

/** What a chain expects of itself, for the pool's balance (not for its results). */
export interface ChainHint {
  /** Snapshots the chain will be given. */
  snapshots: number;
}

export interface ViewPool {
  /** Worker threads in use (0: inline). */
  readonly workers: number;
  chain(options: ViewChainOptions, hint?: ChainHint): ViewChainHandle;
  /** Lays out a chain's `compare` view by every method (compareLayouts), on any worker. */
  compare(view: ComparedView, options: ViewChainOptions): Promise<ComparedLayout[]>;
  /** Stops the workers; pending calls are rejected. */
  close(): Promise<void>;
}

/** Options of createViewPool. */
export interface ViewPoolOptions {
  /** Worker threads; 0 runs chains inline. @default 0 */
  workers?: number;
  /** tfjs backend each worker selects for its distances (the main thread's, so bytes match). @default 'wasm' */
  backend?: BackendName;
}

/** A request before it is given its job id. */
type Request = PoolRequest extends infer R
  ? R extends PoolRequest
    ? Omit<R, 'job'>
    : never
  : never;

type Pending = { resolve: (reply: PoolReply) => void; reject: (error: Error) => void };

function inlinePool(): ViewPool {
  return {
    workers: 0,
    chain(options) {
      const chain = createViewChain(options);
      return {
        next: (input) => Promise.resolve(chain.next(input)),
        steps: () => Promise.resolve(chain.steps()),
      };
    },
    compare: (view, options) => Promise.resolve(compareLayouts(view, options)),
    close: () => Promise.resolve(),
  };
}

/**
 * Seconds of one view of n nodes before any is measured: ≈ 0.55 s × (n / 1,000)², and about
 * half that without the neighbour-embedding refinement (ForceAtlas2 only). Fitted to the default
 * preset's traced views on the 2-core machine: 2.1–2.4 s at n = 2,000, 1.0 s at 1,500, 0.6 s at
 * 1,000 (0.25–0.37 s for mlp-bipartite's, which are not refined), 0.1–0.18 s at 500. An n^1.5
 * prior overrated the cheap chains 2×, and the balance then sent every late chain to one worker.
 */
function viewPrior(n: number, refined = true): number {
  return 0.55 * (n / 1000) ** 2 * (refined ? 1 : 0.55);
}

/** A comparison's seconds over one view's prior (≈ 16–27 s against viewPrior's 2.2 s at n = 2,000), before any is measured. */
const COMPARE_PRIOR = 10;

/** Weight of a new measurement in the running estimates. */
const EMA = 0.3;

/** One chain as the balance sees it. */
interface ChainLoad {
  worker: number;
  /** Estimated seconds of one of its views: the prior, then a running mean of measured ones. */
  perView: number;
  /** Views still to be posted. */
  remaining: number;
}

/**
 * The pool's estimate of the work ahead of each worker: every call posted and not yet answered
 * (at its estimate when posted) plus the views its chains are still expected to get. Estimates
 * learn from measured seconds (the workers report each call's); they only steer where work
 * goes, nothing computed depends on them.
 */
export function createBalance(count: number) {
  const posted = new Float64Array(count);
  const chains = new Map<number, ChainLoad>();
  let compareRatio = COMPARE_PRIOR;
  const load = (w: number): number => {
    let ahead = posted[w];
    for (const c of chains.values()) if (c.worker === w) ahead += c.remaining * c.perView;
    return ahead;
  };
  return {
    /** The worker with the least work ahead (the first of equals). */
    lightest(): number {
      let best = 0;
      for (let w = 1; w < count; w++) if (load(w) < load(best)) best = w;
      return best;
    },
    pin(chain: number, worker: number, n: number, snapshots: number, refined = true): void {
      chains.set(chain, { worker, perView: viewPrior(n, refined), remaining: snapshots });
    },
    /** A view of `chain` is posted; returns its estimate (for `answered`). */
    view(chain: number): number {
      const c = chains.get(chain);
      if (!c) return 0;
      c.remaining = Math.max(0, c.remaining - 1);
      posted[c.worker] += c.perView;
      return c.perView;
    },
    /** A comparison of n nodes is posted to `worker`; returns its estimate (for `answered`). */
    compare(worker: number, n: number): number {
      const estimate = compareRatio * viewPrior(n);
      posted[worker] += estimate;
      return estimate;
    },
    /** A call posted to `worker` at `estimate` was answered. */
    answered(worker: number, estimate: number): void {
      posted[worker] = Math.max(0, posted[worker] - estimate);
    },
    learnView(chain: number, seconds: number): void {
      const c = chains.get(chain);
      if (c) c.perView += EMA * (seconds - c.perView);
    },
    learnCompare(n: number, seconds: number): void {
      compareRatio += EMA * (seconds / viewPrior(n) - compareRatio);
    },
  };
}

/** Creates a pool of `workers` view workers (or an inline pool for 0). */
export function createViewPool(options: ViewPoolOptions = {}): ViewPool {
  const count = options.workers ?? 0;
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`view pool: workers (${count}) must be an integer ≥ 0`);
  if (count === 0) return inlinePool();
  const pending = new Map<number, Pending>();
  const balance = createBalance(count);
  let nextJob = 0;
  let nextChain = 0;
  let closed = false;
  const fail = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const workers = Array.from({ length: count }, (_, w) => {
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { backend: options.backend ?? 'wasm' },
    });
    worker.on('message', (reply: PoolReply) => {
      const p = pending.get(reply.job);
      pending.delete(reply.job);
      if (!p) return;
      if (reply.type === 'error') {
        const error = new Error(reply.message);
        error.stack = reply.stack;
        p.reject(error);
      } else p.resolve(reply);
    });
    worker.on('error', (error) =>
      fail(new Error(`view worker ${w} failed: ${error.message}`, { cause: error })),
    );
    worker.on('exit', (code) => {
      if (!closed)
        fail(
          new Error(`view worker ${w} exited (code ${code}) with ${pending.size} call(s) pending`),
        );
    });
    // Idle workers must not keep the process alive.
    worker.unref();
    return worker;
  });
  const send = (
    w: number,
    request: Request,
    transfer: ArrayBuffer[] = [],
    estimate = 0,
  ): Promise<PoolReply> => {
    if (closed) return Promise.reject(new Error('view pool: closed'));
    const worker = workers[w];
    const job = nextJob++;
    const promise = new Promise<PoolReply>((resolve, reject) =>
      pending.set(job, { resolve, reject }),
    );
    worker.ref();
    worker.postMessage({ ...request, job }, transfer);
    return promise.finally(() => {
      balance.answered(w, estimate);
      // Idle again: let the process exit. Not once closing, which waits for the workers.
      if (!closed && pending.size === 0) workers.forEach((x) => x.unref());
    });
  };
  return {
    workers: count,
    chain(chainOptions, hint) {
      const chain = nextChain++;
      let pinned: number | undefined;
      // Pinned at its first call, when the balance knows most about the work ahead. Messages to
      // one worker are handled in order, so the calls are posted at once, without waiting for
      // the creation to be acknowledged: a failed creation is reported by the worker on every
      // later call of the chain.
      const worker = (): number => {
        if (pinned !== undefined) return pinned;
        const w = balance.lightest();
        pinned = w;
        balance.pin(
          chain,
          w,
          chainOptions.labels.length,
          hint?.snapshots ?? 1,
          !!chainOptions.layout.refine,
        );
        send(w, { type: 'chain', chain, options: chainOptions }).catch(() => undefined);
        return w;
      };
      return {
        async next(input) {
          const w = worker();
          const estimate = balance.view(chain);
          // The caller's points move to the worker; it must not reuse them.
          const reply = await send(
            w,
            { type: 'next', chain, input },
            [input.points.buffer as ArrayBuffer],
            estimate,
          );
          if (reply.type !== 'view') throw new Error(`view pool: unexpected reply ${reply.type}`);
          if (reply.seconds !== undefined) balance.learnView(chain, reply.seconds);
          return reply.output;
        },
        async steps() {
          const reply = await send(worker(), { type: 'steps', chain });
          if (reply.type !== 'steps') throw new Error(`view pool: unexpected reply ${reply.type}`);
          return reply.steps;
        },
      };
    },
    async compare(view, chainOptions) {
      const w = balance.lightest();
      const n = chainOptions.labels.length;
      const estimate = balance.compare(w, n);
      // The view's buffers move to the worker (the graph is copied: a chain may still hold it).
      const reply = await send(
        w,
        { type: 'compare', view, options: chainOptions },
        comparedViewTransfers(view),
        estimate,
      );
      if (reply.type !== 'compare') throw new Error(`view pool: unexpected reply ${reply.type}`);
      if (reply.seconds !== undefined) balance.learnCompare(n, reply.seconds);
      return reply.layouts;
    },
    async close() {
      closed = true;
      fail(new Error('view pool: closed'));
      // An unref'd worker does not keep the process alive, so neither does the promise of its
      // termination: when a run failed with calls pending, the process used to exit here with
      // code 0 and no message.
      await Promise.all(
        workers.map((w) => {
          w.ref();
          return w.terminate();
        }),
      );
    },
  };
}
