/**
 * A view worker: holds the view chains the pool runs here and answers their calls, and the
 * layout comparisons the pool sends it, in arrival order (the pool sends at most WINDOW at a
 * time and chooses their order; pool.ts has the protocol). A chain's result depends only on its
 * options and inputs, never on which worker holds it or what else runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, type BackendChoice } from '../train/backend.ts';
import { createViewChain, type ViewChain } from './chain.ts';
import { compareLayouts } from './fidelity-comparison.ts';
import {
  comparisonTransfers,
  outputTransfers,
  type ChainSetup,
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

/** The chain a call is for: built from its setup when the pool sends one, else the one held here. */
function chainOf(id: number, setup: ChainSetup | undefined): ViewChain {
  if (setup) {
    failed.delete(id);
    try {
      chains.set(id, createViewChain(setup.options, setup.state));
    } catch (error) {
      chains.delete(id);
      failed.set(id, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }
  const chain = chains.get(id);
  if (!chain) throw new Error(failed.get(id) ?? `view worker: no chain ${id}`);
  return chain;
}

port.on('message', (request: PoolRequest) => handle(request));

function handle(request: PoolRequest): void {
  const started = performance.now();
  let reply: PoolReply;
  let transfer: ArrayBuffer[] = [];
  try {
    switch (request.type) {
      case 'next': {
        const chain = chainOf(request.chain, request.setup);
        const output = chain.next(request.input);
        // The state is copied into the message (this chain keeps using it).
        reply = { type: 'view', job: request.job, output, state: chain.state() };
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
        const steps = chainOf(request.chain, request.setup).steps();
        chains.delete(request.chain);
        reply = { type: 'steps', job: request.job, steps };
        transfer = steps.map((s) => s.buffer as ArrayBuffer);
        break;
      }
      case 'drop':
        chains.delete(request.chain);
        failed.delete(request.chain);
        reply = { type: 'done', job: request.job };
        break;
    }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { type: 'error', job: request.job, message: e.message, stack: e.stack ?? '' };
  }
  port.postMessage({ ...reply, seconds: (performance.now() - started) / 1000 }, transfer);
}
