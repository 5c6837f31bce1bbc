/**
 * Runs view chains and layout comparisons in worker threads, overlapping the training on the
 * main thread. The pool keeps every call until a worker is ready for it: each worker holds at
 * most WINDOW calls (one at work, the rest queued, so it never waits for the main thread
 * between two), and the next call goes, by priority, to the first worker with room. A chain's
 * state (its previous layout and graph) comes back with each of its views, so a chain with no
 * call in flight can move to whichever worker is free; while it has calls in flight, its next
 * ones queue behind them on the same worker. Pinned at their first call, chains left the
 * default preset's two workers ending up to 15–20 s apart. `workers: 0` runs every chain and
 * comparison inline on the calling thread. Results depend only on each chain's options and
 * inputs, so they are the same bytes whatever the worker count or scheduling (tested).
 */
import { Worker } from 'node:worker_threads';
import type { ViewChainOptions, ViewChainState, ViewInput, ViewOutput } from './chain.ts';
import type { ComparedLayout, ComparedView } from './fidelity-comparison.ts';
import type { BackendName } from '../train/backend.ts';
import { comparedViewTransfers, type PoolReply, type PoolRequest } from './protocol.ts';

/** A chain's calls, answered in call order. */
export interface ViewChainHandle {
  next(input: ViewInput): Promise<ViewOutput>;
  steps(): Promise<Float32Array[]>;
}

export interface ViewPool {
  /** Worker threads in use (0: inline). */
  readonly workers: number;
  /** Times a chain was resumed on another worker than its previous view's. */
  readonly moves: number;
  chain(options: ViewChainOptions): ViewChainHandle;
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

/**
 * Calls a worker holds at once. Two: while one runs, the next is already there, so a worker
 * does not wait for a main thread busy training (its synchronous stretches are ≲ 0.1 s, a view
 * 0.1–2.5 s); more would pin more calls early, which is what unbalanced the end of a run.
 */
export const WINDOW = 2;

/** A request before it is given its job id. */
type Request = PoolRequest extends infer R
  ? R extends PoolRequest
    ? Omit<R, 'job'>
    : never
  : never;

type Pending = { resolve: (reply: PoolReply) => void; reject: (error: Error) => void };

/**
 * The views on this thread. The view stage is imported on first use: it loads tfjs and
 * umap-js, which a run served from the cache never needs (≈ 0.2 s of CPU per process).
 */
function inlinePool(): ViewPool {
  return {
    workers: 0,
    moves: 0,
    chain(options) {
      const chain = import('./chain.ts').then(({ createViewChain }) => createViewChain(options));
      // A chain that fails to start fails its first call; never an unhandled rejection.
      chain.catch(() => undefined);
      return {
        next: async (input) => (await chain).next(input),
        steps: async () => (await chain).steps(),
      };
    },
    compare: async (view, options) =>
      (await import('./fidelity-comparison.ts')).compareLayouts(view, options),
    close: () => Promise.resolve(),
  };
}

/** A call the pool holds until a worker has room for it. */
interface Call {
  /** Post order: older calls go first within a priority. */
  order: number;
  /** The request, without the job id and the chain's setup (added when sent). */
  request: Request;
  transfer: ArrayBuffer[];
  resolve: (reply: PoolReply) => void;
  reject: (error: Error) => void;
}

/** A chain as the pool tracks it. */
interface ChainEntry {
  id: number;
  options: ViewChainOptions;
  /** 1: chains with comparisons (mlp-classes', whose last views gate Figure 8's final comparisons); 0: the rest. Comparisons come before both (`pick`). */
  priority: number;
  calls: Call[];
  /** The worker holding its state, if any. */
  worker: number | undefined;
  inFlight: number;
  /** Its state after its last answered view, to resume it on another worker. */
  state: ViewChainState | undefined;
}

/** Creates a pool of `workers` view workers (or an inline pool for 0). */
export function createViewPool(options: ViewPoolOptions = {}): ViewPool {
  const count = options.workers ?? 0;
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`view pool: workers (${count}) must be an integer ≥ 0`);
  if (count === 0) return inlinePool();
  const pending = new Map<number, Pending>();
  const inFlight = new Array<number>(count).fill(0);
  const chains = new Map<number, ChainEntry>();
  const comparisons: Call[] = [];
  let nextJob = 0;
  let nextChain = 0;
  let nextOrder = 0;
  let moves = 0;
  let closed = false;
  const fail = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    for (const c of comparisons.splice(0)) c.reject(error);
    for (const chain of chains.values()) for (const c of chain.calls.splice(0)) c.reject(error);
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
  const send = (w: number, request: PoolRequest, transfer: ArrayBuffer[]): Promise<PoolReply> => {
    const promise = new Promise<PoolReply>((resolve, reject) =>
      pending.set(request.job, { resolve, reject }),
    );
    workers[w].ref();
    try {
      workers[w].postMessage(request, transfer);
    } catch (error) {
      // Not sent (a buffer already moved, say): the call fails, and the pool goes on.
      pending.delete(request.job);
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return promise.finally(() => {
      // Idle again: let the process exit. Not once closing, which waits for the workers.
      if (!closed && pending.size === 0) workers.forEach((x) => x.unref());
    });
  };
  /** Sends `call` to worker `w`, with the chain's setup when the worker does not hold it. */
  const dispatch = (w: number, call: Call, chain?: ChainEntry): void => {
    const job = nextJob++;
    let request: PoolRequest = { ...call.request, job };
    if (chain) {
      if (chain.worker !== w) {
        // Resumed here from its last state (none before its first view); the old copy goes.
        if (chain.worker !== undefined)
          void send(chain.worker, { type: 'drop', job: nextJob++, chain: chain.id }, []).catch(
            () => undefined,
          );
        request = {
          ...request,
          setup: { options: chain.options, ...(chain.state ? { state: chain.state } : {}) },
        } as PoolRequest;
        if (chain.state) moves++;
        chain.worker = w;
      }
      chain.inFlight++;
    }
    inFlight[w]++;
    send(w, request, call.transfer)
      .then((reply) => {
        if (chain && reply.type === 'view') chain.state = reply.state;
        call.resolve(reply);
      }, call.reject)
      .finally(() => {
        inFlight[w]--;
        if (chain) chain.inFlight--;
        pump();
      });
  };
  /** The next call for worker `w`: a comparison, else the oldest call of the highest-priority chain that may run there. */
  const pick = (w: number): { call: Call; chain?: ChainEntry } | undefined => {
    const comparison = comparisons.shift();
    if (comparison) return { call: comparison };
    let best: ChainEntry | undefined;
    for (const chain of chains.values()) {
      const head = chain.calls[0];
      // A chain with calls in flight elsewhere waits for them (its state is there).
      if (!head || (chain.inFlight > 0 && chain.worker !== w)) continue;
      const first = best?.calls[0];
      if (
        !best ||
        !first ||
        chain.priority > best.priority ||
        (chain.priority === best.priority && head.order < first.order)
      )
        best = chain;
    }
    const call = best?.calls.shift();
    return call && best ? { call, chain: best } : undefined;
  };
  /** Fills every worker's window, the emptiest first. */
  const pump = (): void => {
    if (closed) return;
    const ids = Array.from({ length: count }, (_, w) => w);
    for (let sent = true; sent;) {
      sent = false;
      const room = ids.filter((w) => inFlight[w] < WINDOW);
      room.sort((a, b) => inFlight[a] - inFlight[b] || a - b);
      for (const w of room) {
        const next = pick(w);
        if (!next) continue; // nothing may run there: a fuller worker may take a chain it holds
        dispatch(w, next.call, next.chain);
        sent = true;
        break;
      }
    }
  };
  /** Holds a call (of `chain`, or a comparison) and returns its reply. */
  const enqueue = (
    request: Request,
    transfer: ArrayBuffer[],
    chain?: ChainEntry,
  ): Promise<PoolReply> => {
    if (closed) return Promise.reject(new Error('view pool: closed'));
    const reply = new Promise<PoolReply>((resolve, reject) => {
      const call = { order: nextOrder++, request, transfer, resolve, reject };
      (chain ? chain.calls : comparisons).push(call);
    });
    pump();
    return reply;
  };
  return {
    workers: count,
    get moves() {
      return moves;
    },
    chain(chainOptions) {
      const entry: ChainEntry = {
        id: nextChain++,
        options: chainOptions,
        priority: chainOptions.compareAt?.length ? 1 : 0,
        calls: [],
        worker: undefined,
        inFlight: 0,
        state: undefined,
      };
      chains.set(entry.id, entry);
      return {
        async next(input) {
          // The caller's points move to the worker; it must not reuse them. Node drops a message
          // whose transfer list holds a buffer already moved, so such a call would never end.
          if (input.points.length === 0)
            throw new Error(
              `view pool: snapshot ${input.snapshot} has no points (moved to a worker by an earlier call? the pool takes them)`,
            );
          const reply = await enqueue(
            { type: 'next', chain: entry.id, input },
            [input.points.buffer as ArrayBuffer],
            entry,
          );
          if (reply.type !== 'view') throw new Error(`view pool: unexpected reply ${reply.type}`);
          return reply.output;
        },
        async steps() {
          try {
            const reply = await enqueue({ type: 'steps', chain: entry.id }, [], entry);
            if (reply.type !== 'steps')
              throw new Error(`view pool: unexpected reply ${reply.type}`);
            return reply.steps;
          } finally {
            // The worker forgot the chain with its steps; so does the pool.
            chains.delete(entry.id);
          }
        },
      };
    },
    async compare(view, chainOptions) {
      // The view's buffers move to the worker (the graph is copied: a chain may still hold it).
      const reply = await enqueue(
        { type: 'compare', view, options: chainOptions },
        comparedViewTransfers(view),
      );
      if (reply.type !== 'compare') throw new Error(`view pool: unexpected reply ${reply.type}`);
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
