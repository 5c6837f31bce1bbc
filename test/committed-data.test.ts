/**
 * The committed data/ is what the site publishes: it must pass `check`, document itself,
 * and (default preset) show what the article claims.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkData } from '../pipeline/check.ts';
import { PRESETS } from '../pipeline/config.ts';
import type { Manifest } from '../pipeline/contract.ts';
import { dataReadme } from '../pipeline/io/data-readme.ts';
import { configHash } from '../pipeline/manifest.ts';
import { ROOT } from './helpers/cli.ts';

const DATA = join(ROOT, 'data');
const manifest = JSON.parse(readFileSync(join(DATA, 'manifest.json'), 'utf8')) as Manifest;

describe('committed data/', () => {
  it('passes check (contract, hashes, sort order, box)', () => {
    expect(checkData(DATA)).toEqual([]);
  });

  it('has an up-to-date data/README.md', () => {
    expect(readFileSync(join(DATA, 'README.md'), 'utf8')).toBe(dataReadme());
  });

  it('is the default preset with the current configs (else: npm run pipeline)', () => {
    expect(manifest.preset).toBe('default');
    for (const [name, config] of Object.entries(PRESETS.default ?? {})) {
      const entry = manifest.experiments[name];
      expect(entry, name).toBeDefined();
      expect(entry?.configHash, name).toBe(configHash(config, manifest.seed, entry?.backend ?? ''));
    }
  });

  it('shows classes pulling apart in the last hidden layer of the MNIST model', () => {
    const s = manifest.experiments['mlp-classes']?.summary ?? {};
    expect(s.finalTestAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(
      (s.lastLayerSilhouetteLayoutFinal ?? 0) - (s.lastLayerSilhouetteLayoutInitial ?? 0),
    ).toBeGreaterThanOrEqual(0.2);
    expect(s.lastLayerNeighborhoodHitFinal).toBeGreaterThanOrEqual(0.85);
    expect(s.lastLayerTrustworthinessFinal).toBeGreaterThanOrEqual(0.9);
  });
});
