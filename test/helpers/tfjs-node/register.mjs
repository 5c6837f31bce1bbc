// Loaded with `node --import`: makes `@tensorflow/tfjs-node` resolve as STRUCTVIZ_TFJS_NODE says
// ("stub": stub.mjs, a native backend stand-in; "absent": not installed), whatever node_modules holds.
import process from 'node:process';
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url, {
  data: { mode: process.env['STRUCTVIZ_TFJS_NODE'] ?? 'stub' },
});
