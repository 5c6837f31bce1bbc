import { describe, expect, it } from 'vitest';
import { buildManifest } from './read-data.ts';
import { buildVaeFacts, settledEpoch } from './vae-facts.ts';

describe('vae facts', () => {
  it('finds the epoch from which a series stays at or above a bound', () => {
    const epochs = [0, 0.5, 1, 2, 4];
    expect(settledEpoch([0.6, 0.2, 0.9, 1, 1], epochs, 0.9)).toBe('1');
    expect(settledEpoch([1, 1, 0.8, 1, 1], epochs, 0.9)).toBe('2');
    expect(settledEpoch([1, 1, 1, 1, 0.8], epochs, 0.9)).toBe('never');
    expect(settledEpoch([1, 1, 1, 1, 1], epochs, 0.9)).toBe('0');
  });

  it('states what the article says of the committed sweep over training', () => {
    const facts = buildVaeFacts('vae-beta');
    const manifest = buildManifest();
    if (!facts.ok) throw new Error(facts.error);
    if (!manifest.ok) throw new Error(manifest.error);
    const f = facts.value;
    const entry = manifest.value.experiments['vae-beta'];
    const summary = entry?.summary ?? {};
    const at = (key: string): number => summary[key] ?? NaN;
    expect(f.vaeEpochs).toBe(String(entry?.snapshots.at(-1)?.epoch));
    // β = 0.25 polarises during training; β = 1 mostly; β = 4 does not (its active latents sit between).
    expect(f.polarisedFrom1).not.toBe('never');
    expect(at('polarisedShare_b2')).toBeGreaterThanOrEqual(0.7);
    expect(at('activePosteriorVariance_b2')).toBeLessThan(0.1);
    expect(at('activePosteriorVariance_b3')).toBeGreaterThan(0.2);
    expect(f.polarisedFrom3).toBe('never');
    // Early, every compared β is further from orthogonal than the autoencoder ...
    for (const v of [f.earlyOrth1, f.earlyOrth2, f.earlyOrth3])
      expect(Number(v)).toBeGreaterThan(Number(f.earlyOrthAe));
    // ... and once polarised the order turns: β = 1 below it, β = 0.25 level (within 0.005), β = 4 above.
    const ae = at('autoencoderJacobianOrthogonality');
    expect(at('jacobianOrthogonality_b2')).toBeLessThan(ae);
    expect(Math.abs(at('jacobianOrthogonality_b1') - ae)).toBeLessThan(0.005);
    expect(at('jacobianOrthogonality_b3')).toBeGreaterThan(ae);
  });
});
