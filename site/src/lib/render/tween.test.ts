import { describe, expect, it } from 'vitest';
import { UNSTARTED, easeInOut, lerpInto, tweenTime } from './tween.ts';

describe('tweenTime', () => {
  it('starts the clock at the first frame after the tween was set, not when it was set', () => {
    // Set at 1000 ms; a 284 ms task delays the first frame to 1284 ms (a trace of the e2e flake).
    const tween = { start: UNSTARTED, duration: 450 };
    expect(tweenTime(tween, 1284)).toBe(0);
    expect(tween.start).toBe(1284);
    // Every frame after that moves by its own share: no step swallows most of the move.
    const steps = [1300.7, 1317.4, 1334.1].map((now) => easeInOut(tweenTime(tween, now)));
    expect(Math.max(...steps)).toBeLessThan(0.01);
    expect(tweenTime(tween, 1284 + 225)).toBeCloseTo(0.5, 12);
    expect(tweenTime(tween, 1284 + 450)).toBe(1);
    expect(tweenTime(tween, 5000)).toBe(1);
  });

  it('keeps a started clock (negative control: a clock started at set time jumps)', () => {
    const tween = { start: 1000, duration: 450 };
    expect(easeInOut(tweenTime(tween, 1284))).toBeGreaterThan(0.75);
    expect(tween.start).toBe(1000);
  });

  it('is at the end at once for a zero duration (reduced motion)', () => {
    expect(tweenTime({ start: UNSTARTED, duration: 0 }, 10)).toBe(1);
  });
});

describe('lerpInto', () => {
  it('mixes in place and lands exactly on the target', () => {
    const a = Float32Array.from([0, 10]);
    const b = Float32Array.from([2, 20]);
    const out = new Float32Array(2);
    lerpInto(out, a, b, 0.5);
    expect([...out]).toEqual([1, 15]);
    lerpInto(out, a, b, 1);
    expect([...out]).toEqual([...b]);
  });
});
