// Module resolution hooks for register.mjs.
import { URL } from 'node:url';

const PACKAGE = '@tensorflow/tfjs-node';
let mode = 'stub';

export function initialize(data) {
  mode = data.mode;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier !== PACKAGE) return nextResolve(specifier, context);
  if (mode === 'stub')
    return { url: new URL('./stub.mjs', import.meta.url).href, shortCircuit: true };
  // What Node says when the optional dependency did not install.
  const error = new Error(`Cannot find package '${PACKAGE}' imported from ${context.parentURL}`);
  error.code = 'ERR_MODULE_NOT_FOUND';
  throw error;
}
