import { describe, expect, it } from 'vitest';
import { buildFacts } from './facts.ts';
import { formatNorm } from './sensitivity-facts.ts';

describe('sensitivity facts', () => {
  it('prints gradient norms with three digits, small ones as powers of ten', () => {
    expect(formatNorm(1.304)).toBe('1.30');
    expect(formatNorm(0.033)).toBe('0.0330');
    expect(formatNorm(2.6e-6)).toBe('2.60 × 10⁻⁶');
    expect(formatNorm(1.2e-12)).toBe('1.20 × 10⁻¹²');
  });

  it('states the committed run’s sensitivity numbers, and n/a where an experiment has no probe', () => {
    const classes = buildFacts('mlp-classes');
    if (!classes.ok) throw new Error(classes.error);
    const f = classes.value;
    for (const key of ['top10Init', 'top10Final', 'wrongInTop', 'saliencyOnInk'] as const)
      expect(f[key]).toMatch(/^\d+ %$/);
    // Every misclassified digit outranks the rest, so ρ reaches its bound (both rounded).
    expect(Number(f.rhoWrongFinal)).toBeLessThanOrEqual(Number(f.rhoWrongBound) + 0.005);
    const scrambled = buildFacts('mlp-scrambled');
    if (!scrambled.ok) throw new Error(scrambled.error);
    expect(scrambled.value.top10Final).toBe('n/a');
  });
});
