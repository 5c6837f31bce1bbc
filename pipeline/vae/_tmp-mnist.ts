import { selectBackend } from '../train/backend.ts';
import { prepareTraceData } from '../experiments/trace-data.ts';
import { createRandom } from '../util/random.ts';
import { createVae } from './model.ts';
import { trainVae } from './train-vae.ts';
import { probeVae, jacobianOrthogonality } from './probe.ts';
import { standardNormal } from './gaussian.ts';
await selectBackend('wasm');
const [beta, epochs, trainPerClass, hidden] = process.argv.slice(2).map(Number);
const d = prepareTraceData(
  { dataset: 'mnist', testPerClass: 100, trainPerClass, tracePerClass: 100 } as never,
  1,
);
const vae = createVae({ inputDim: 784, hidden, latent: 10 }, createRandom(5));
const inputs = {
  x: d.train.xTrace,
  eps: standardNormal(createRandom(9), 1000, 10),
  prior: standardNormal(createRandom(10), 16, 10),
  reconstructed: Int32Array.from({ length: 16 }, (_, i) => i),
  traversalOrigin: 0,
};
let t = Date.now();
trainVae(vae, d.train.xTrain, {
  beta,
  autoencoder: beta === 0,
  epochs,
  batchSize: 100,
  learningRate: 1e-3,
  snapshotsInFirstEpoch: 0,
  random: createRandom(1),
  noise: createRandom(2),
  onSnapshot: (s) => {
    const t0 = Date.now();
    const p = probeVae(vae, inputs);
    const active = Array.from(p.muVariance.keys()).filter((j) => p.muVariance[j] > 0.01);
    const t1 = Date.now();
    const o = jacobianOrthogonality(
      vae,
      p.mu,
      100,
      beta === 0 ? Array.from({ length: 10 }, (_, j) => j) : active,
    );
    console.log(
      `ep ${s.epoch} t ${Date.now() - t} probe ${t1 - t0} jac ${Date.now() - t1} recon ${p.recon.toFixed(1)} kl ${p.kl.toFixed(2)} active ${p.activeUnits} orth ${o.toFixed(3)} kls ${Array.from(p.klPerDim, (v) => v.toFixed(2)).join(' ')}`,
    );
  },
});
