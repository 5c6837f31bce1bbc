/**
 * A view worker: holds the view chains assigned to it and answers their calls, and the layout
 * comparisons the pool sends it, by priority (see `waiting`; pool.ts has the protocol). A
 * chain's result depends only on its options and inputs, never on which worker holds it or what
 * else runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, type BackendChoice } from '../train/backend.ts';
import { createViewChain, type ViewChain } from './chain.ts';
import { compareLayouts } from './fidelity-comparison.ts';
import {
  comparisonTransfers,
  outputTransfers,
  type PoolReply,
  type PoolRequest,
} from './protocol.ts';

if (!parentPort) throw new Error('view worker: must run in a worker thread');
const port = parentPort;
// View workers run at the main thread's priority. They are the critical path (profiled on the
// default preset: 87–99 % busy against the training thread's 22 %). At nice +10 they starved
// beside other work: the quick preset took 98.8 s beside two busy loops, against 24.6 s quiet.
const chains = new Map<number, ViewChain>();
/** Chains whose creation failed, with the reason, reported on each later call. */
const failed = new Map<number, string>();
// The distances run on tfjs: the same backend as the main thread, so the bytes match an inline run.
// Messages that arrive meanwhile wait in the port until the listener below is attached.
await selectBackend((workerData as { backend: BackendChoice }).backend);

function chainOf(id: number): ViewChain {
  const chain = chains.get(id);
  if (!chain) throw new Error(failed.get(id) ?? `view worker: no chain ${id}`);
  return chain;
}

/**
 * Requests waiting in this worker, served by priority and in arrival order within one: layout
 * comparisons (2), then the calls of chains with comparisons (1: mlp-classes', whose last views
 * gate Figure 8's final comparisons), then the rest (0). A chain's calls share its priority, so
 * they keep their order. Served in arrival order, mlp-classes' last views waited behind later
 * experiments' and the final comparisons were the run's last 30 s, with a worker idle beside them.
 */
const waiting: PoolRequest[] = [];
const chainPriority = new Map<number, number>();
let scheduled = false;

function priority(request: PoolRequest): number {
  return request.type === 'compare' ? 2 : (chainPriority.get(request.chain) ?? 0);
}

function schedule(): void {
  if (scheduled || waiting.length === 0) return;
  scheduled = true;
  // One request per macrotask, so requests that arrive meanwhile are weighed too.
  setImmediate(() => {
    scheduled = false;
    let best = 0;
    for (let i = 1; i < waiting.length; i++) {
      const request = waiting[i];
      const first = waiting[best];
      if (request && first && priority(request) > priority(first)) best = i;
    }
    const [request] = waiting.splice(best, 1);
    if (request) handle(request);
    schedule();
  });
}

port.on('message', (request: PoolRequest) => {
  if (request.type === 'chain')
    chainPriority.set(request.chain, request.options.compareAt?.length ? 1 : 0);
  waiting.push(request);
  schedule();
});

function handle(request: PoolRequest): void {
  const started = performance.now();
  let reply: PoolReply;
  let transfer: ArrayBuffer[] = [];
  try {
    switch (request.type) {
      case 'chain':
        try {
          chains.set(request.chain, createViewChain(request.options));
        } catch (error) {
          failed.set(request.chain, error instanceof Error ? error.message : String(error));
          throw error;
        }
        reply = { type: 'done', job: request.job };
        break;
      case 'next': {
        const output = chainOf(request.chain).next(request.input);
        reply = { type: 'view', job: request.job, output };
        transfer = outputTransfers(output);
        break;
      }
      case 'compare': {
        const layouts = compareLayouts(request.view, request.options);
        reply = { type: 'compare', job: request.job, layouts };
        transfer = comparisonTransfers(layouts);
        break;
      }
      case 'steps': {
        const steps = chainOf(request.chain).steps();
        chains.delete(request.chain);
        chainPriority.delete(request.chain);
        reply = { type: 'steps', job: request.job, steps };
        transfer = steps.map((s) => s.buffer as ArrayBuffer);
        break;
      }
    }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { type: 'error', job: request.job, message: e.message, stack: e.stack ?? '' };
  }
  port.postMessage({ ...reply, seconds: (performance.now() - started) / 1000 }, transfer);
}
