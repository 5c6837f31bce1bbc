/**
 * Runs view chains in worker threads, overlapping the training on the main thread. Chains
 * are pinned round-robin to workers (a chain's state, its previous layout, stays where it
 * is); more chains than cores is fine, the OS shares the cores. `workers: 0` runs every
 * chain inline on the calling thread. Results depend only on each chain's options and
 * inputs, so they are the same bytes whatever the worker count or scheduling (tested).
 */
import { Worker } from 'node:worker_threads';
import {
  createViewChain,
  type ViewChainOptions,
  type ViewInput,
  type ViewOutput,
} from './chain.ts';
import type { BackendName } from '../train/backend.ts';
import type { PoolReply, PoolRequest } from './protocol.ts';

/** A chain's calls, answered in call order. */
export interface ViewChainHandle {
  next(input: ViewInput): Promise<ViewOutput>;
  steps(): Promise<Float32Array[]>;
}

export interface ViewPool {
  /** Worker threads in use (0: inline). */
  readonly workers: number;
  chain(options: ViewChainOptions): ViewChainHandle;
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
    close: () => Promise.resolve(),
  };
}

/** Creates a pool of `workers` view workers (or an inline pool for 0). */
export function createViewPool(options: ViewPoolOptions = {}): ViewPool {
  const count = options.workers ?? 0;
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`view pool: workers (${count}) must be an integer ≥ 0`);
  if (count === 0) return inlinePool();
  const pending = new Map<number, Pending>();
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
    worker: Worker,
    request: Request,
    transfer: ArrayBuffer[] = [],
  ): Promise<PoolReply> => {
    if (closed) return Promise.reject(new Error('view pool: closed'));
    const job = nextJob++;
    const promise = new Promise<PoolReply>((resolve, reject) =>
      pending.set(job, { resolve, reject }),
    );
    worker.ref();
    worker.postMessage({ ...request, job }, transfer);
    return promise.finally(() => {
      // Idle again: let the process exit. Not once closing, which waits for the workers.
      if (!closed && pending.size === 0) workers.forEach((w) => w.unref());
    });
  };
  return {
    workers: count,
    chain(chainOptions) {
      const chain = nextChain++;
      const worker = workers[chain % count];
      // Messages to one worker are handled in order, so calls can be posted at once, without
      // waiting for the creation to be acknowledged: the training loop does not yield to the
      // event loop, and waiting here would hold every view back until training ends. A failed
      // creation is reported by the worker on every later call of the chain.
      send(worker, { type: 'chain', chain, options: chainOptions }).catch(() => undefined);
      return {
        async next(input) {
          // The caller's points move to the worker; it must not reuse them.
          const reply = await send(worker, { type: 'next', chain, input }, [
            input.points.buffer as ArrayBuffer,
          ]);
          if (reply.type !== 'view') throw new Error(`view pool: unexpected reply ${reply.type}`);
          return reply.output;
        },
        async steps() {
          const reply = await send(worker, { type: 'steps', chain });
          if (reply.type !== 'steps') throw new Error(`view pool: unexpected reply ${reply.type}`);
          return reply.steps;
        },
      };
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
