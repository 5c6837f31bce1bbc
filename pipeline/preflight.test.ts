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
});
