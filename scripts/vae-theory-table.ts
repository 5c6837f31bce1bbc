/** Prints the linear-VAE theory table of a preset's vae-beta config (β, direction, λ, predicted vs measured): `tsx scripts/vae-theory-table.ts [preset]`. */
import { PRESETS } from '../pipeline/config.ts';
import { selectBackend } from '../pipeline/train/backend.ts';
import { deriveSeed } from '../pipeline/util/random.ts';
import { trainLinearVaeSweep } from '../pipeline/vae/linear.ts';

const preset = process.argv[2] ?? 'default';
const config = PRESETS[preset]?.['vae-beta'];
if (config?.kind !== 'vae-beta') throw new Error(`no vae-beta experiment in preset ${preset}`);
await selectBackend('wasm');
console.log(
  '| β | dim | λ_i | β·σ² | active pred / meas | KL pred | KL meas | rel. err | ‖w‖² pred | ‖w‖² meas |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
const { linear } = config;
const results = trainLinearVaeSweep(config.betas, { ...linear, seed: deriveSeed(1, 'linear') });
for (const result of results) {
  const { beta } = result;
  result.dimensions.forEach((d, i) => {
    const err = d.predictedActive ? Math.abs(d.measuredKl - d.predictedKl) / d.predictedKl : NaN;
    console.log(
      `| ${beta} | ${i} | ${d.eigenvalue.toFixed(3)} | ${(beta * linear.noise).toFixed(2)} | ${d.predictedActive ? 1 : 0} / ${d.measuredActive ? 1 : 0} | ${d.predictedKl.toFixed(4)} | ${d.measuredKl.toFixed(4)} | ${Number.isNaN(err) ? '–' : `${(100 * err).toFixed(1)} %`} | ${d.predictedColumnNorm2.toFixed(3)} | ${d.measuredColumnNorm2.toFixed(3)} |`,
    );
  });
}
