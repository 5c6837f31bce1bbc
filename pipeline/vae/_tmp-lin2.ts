import { selectBackend } from '../train/backend.ts';
import { trainLinearVae } from './linear.ts';
await selectBackend('wasm');
const eig = Array.from({ length: 10 }, (_, i) => 2 ** (6 - i + 0.5));
const [beta, steps, lr] = process.argv.slice(2).map(Number);
const t = Date.now();
const r = trainLinearVae(beta, { eigenvalues: eig, seed: 1, steps, learningRate: lr });
console.log(beta, steps, lr, 'ms', Date.now() - t, 'loss', r.loss.toFixed(4));
console.log(
  r.dimensions
    .map((d) => `${d.predictedKl.toFixed(3)}/${d.measuredKl.toFixed(3)}/${d.latents}`)
    .join(' '),
);
