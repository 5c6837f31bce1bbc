/**
 * Chooses the tfjs backend: native TensorFlow when @tensorflow/tfjs-node is installed (an
 * optionalDependency that fails to install offline), else WebAssembly, else plain JS.
 * Results are bit-reproducible within one backend, not across backends: record which one ran.
 * The native backend is loaded on the main thread only: tfjs-node is reported to fail in a
 * second worker thread (tensorflow/tfjs#8388), so a run on it keeps its views inline.
 */
import { isMainThread } from 'node:worker_threads';
import type * as Tf from '@tensorflow/tfjs';
import { requireCjs } from '../util/require-cjs.ts';
import { BACKEND_CHOICES } from './backend-choices.ts';

export { BACKEND_CHOICES };
/** A `--backend` value. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
/** A concrete backend name, as tfjs reports it. */
export type BackendName = Exclude<BackendChoice, 'auto'>;

/** The order 'auto' tries, fastest first. */
export const AUTO_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

// A variable specifier keeps TypeScript and bundlers from resolving a package that may be absent.
const TFJS_NODE = '@tensorflow/tfjs-node';

const HINTS: Record<BackendName, string> = {
  tensorflow: `; install ${TFJS_NODE} or use --backend wasm`,
  wasm: '; use --backend cpu',
  cpu: '',
};

const TFJS = '@tensorflow/tfjs';

/**
 * @tensorflow/tfjs (by `requireCjs`: util/require-cjs.ts says why); later calls return the same
 * module. This module calls it when a backend is first selected, not when it is loaded, so a run
 * whose experiments all come from the cache or the published folder never loads tfjs; tfjs.ts
 * calls it for the modules that compute.
 */
export function loadTfjs(): typeof Tf {
  return requireCjs<typeof Tf>(TFJS);
}

/** Loads a backend's package (a failure to load is a rejection). */
const IMPORTERS: Record<BackendName, () => Promise<unknown>> = {
  // import(), not require: the tests put a stand-in at this path with a module resolve hook.
  tensorflow: () => import(TFJS_NODE),
  wasm: () => new Promise((loaded) => loaded(requireCjs('@tensorflow/tfjs-backend-wasm'))),
  // The cpu backend ships inside @tensorflow/tfjs, which tryBackend loads first.
  cpu: () => Promise.resolve(),
};

/** One import attempt per backend and process; a failed import is remembered, not retried. */
const imports = new Map<BackendName, Promise<unknown>>();

const PACKAGES: Record<BackendName, string> = {
  tensorflow: TFJS_NODE,
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: TFJS,
};

function describeFailure(name: BackendName, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  // Only the package itself missing means "not installed"; a missing dependency of it is reported as is.
  if (missing && message.includes(`'${PACKAGES[name]}'`))
    return `${PACKAGES[name]} is not installed`;
  return message.split('\n')[0] ?? message;
}

/** Backends that may be loaded in a worker thread (tfjs-node may not: tensorflow/tfjs#8388). */
export function loadsInWorkers(name: BackendName): boolean {
  return name !== 'tensorflow';
}

/** Loads and activates one backend; returns why it failed, or null on success. */
async function tryBackend(name: BackendName): Promise<string | null> {
  if (!isMainThread && !loadsInWorkers(name))
    return 'the native backend is never loaded in a worker thread (tensorflow/tfjs#8388)';
  // First, so that the backend packages' own require of tfjs finds it loaded.
  const tf = loadTfjs();
  let pending = imports.get(name);
  if (!pending) {
    pending = IMPORTERS[name]();
    imports.set(name, pending);
  }
  try {
    await pending;
  } catch (error) {
    return describeFailure(name, error);
  }
  if (tf.findBackendFactory(name) == null) {
    // tfjs-node registers into its own copy of @tensorflow/tfjs when versions differ.
    return `it did not register with this copy of @tensorflow/tfjs ${tf.version.tfjs}`;
  }
  try {
    if (!(await tf.setBackend(name)))
      return 'its initialisation failed (see the tfjs warning above)';
    await tf.ready();
  } catch (error) {
    return describeFailure(name, error);
  }
  return null;
}

/** The backend in use and why it was chosen (one clause, for the run's log line). */
export interface BackendSelection {
  readonly name: BackendName;
  readonly why: string;
}

/**
 * Activates a backend and returns the name of the one in use. 'auto' tries tensorflow,
 * wasm, cpu in turn; a forced backend that cannot load throws. Safe to call repeatedly.
 */
export async function selectBackend(choice: BackendChoice = 'auto'): Promise<BackendName> {
  return (await chooseBackend(choice)).name;
}

/** A known `--backend` value, or a clear error. */
function known(choice: BackendChoice): BackendChoice {
  if (!(BACKEND_CHOICES as readonly string[]).includes(choice)) {
    throw new Error(
      `backend: unknown backend "${String(choice)}" (choices: ${BACKEND_CHOICES.join(', ')})`,
    );
  }
  return choice;
}

/** A named backend's selection, before it is loaded (`chooseBackend` loads it). */
export function namedSelection(name: BackendName): BackendSelection {
  return { name: known(name) as BackendName, why: `--backend ${name}` };
}

/** `selectBackend`, also saying why: the forced choice, or what 'auto' found before its pick. */
export async function chooseBackend(choice: BackendChoice = 'auto'): Promise<BackendSelection> {
  if (known(choice) !== 'auto') {
    const name = choice as BackendName;
    const failure = await tryBackend(name);
    if (failure !== null)
      throw new Error(`backend: "${name}" is not available (${failure})${HINTS[name]}`);
    return namedSelection(name);
  }
  const failures: string[] = [];
  for (const name of AUTO_ORDER) {
    const failure = await tryBackend(name);
    if (failure === null) {
      const first = name === AUTO_ORDER[0] ? `${PACKAGES[name]} is installed` : failures.join('; ');
      return { name, why: `auto, the first that loads of ${AUTO_ORDER.join(', ')}: ${first}` };
    }
    failures.push(`${name}: ${failure}`);
  }
  throw new Error(`backend: no backend could be initialised (${failures.join('; ')})`);
}
