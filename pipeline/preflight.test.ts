import { describe, expect, it } from 'vitest';
import { defaultOutFolder } from './preflight.ts';

describe('defaultOutFolder: only the published run writes data/ without --out', () => {
  it('sends the default preset to data/ and other presets to data-<preset>/', () => {
    expect(defaultOutFolder('/repo', 'default', {})).toBe('/repo/data');
    expect(defaultOutFolder('/repo', 'default', { seed: 1 })).toBe('/repo/data');
    expect(defaultOutFolder('/repo', 'quick', {})).toBe('/repo/data-quick');
  });

  it('asks for --out with a config file or another seed', () => {
    expect(defaultOutFolder('/repo', 'default', { seed: 2 })).toEqual({
      problem: expect.stringContaining(
        'with --seed 2 the results are not the published data',
      ) as unknown,
    });
    expect(defaultOutFolder('/repo', 'quick', { config: 'my.json' })).toEqual({
      problem: expect.stringContaining('with --config my.json') as unknown,
    });
  });

  it('asks for --out when the published preset runs on another backend than wasm', () => {
    expect(defaultOutFolder('/repo', 'default', { backend: 'wasm' })).toBe('/repo/data');
    expect(defaultOutFolder('/repo', 'default', { backend: 'auto' })).toEqual({
      problem:
        'pipeline: with --backend auto the results are not the published data; choose where they go with --out DIR (data/ holds the default preset, seed 1, backend wasm)',
    });
    expect(defaultOutFolder('/repo', 'quick', { backend: 'tensorflow' })).toBe('/repo/data-quick');
  });
});
