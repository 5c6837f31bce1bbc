import { describe, expect, it } from 'vitest';
import { nearestSnapshot, parseHash, serializeHash, type ViewState } from './url-state.ts';

describe('url-state', () => {
  const state: ViewState = {
    experiment: 'mlp-classes',
    layer: 2,
    epoch: 12,
    highlight: 3,
    node: 417,
    edges: true,
    zoom: 1.5,
    cx: 0.2,
    cy: -0.125,
  };

  it('round-trips a full state through the hash', () => {
    const hash = serializeHash(state);
    expect(hash).toBe(
      '#experiment=mlp-classes&layer=2&epoch=12&class=3&node=417&edges=1&zoom=1.5&cx=0.2&cy=-0.125',
    );
    expect(parseHash(hash)).toEqual(state);
  });

  it('keeps the sensitivity view in the hash only when it is on', () => {
    const hash = serializeHash({ ...state, sensitivity: true });
    expect(hash).toContain('&edges=1&sensitivity=1&zoom=');
    expect(parseHash(hash).sensitivity).toBe(true);
    expect(serializeHash({ ...state, sensitivity: null })).not.toContain('sensitivity');
  });

  it('omits null properties and keeps fractional epochs', () => {
    const hash = serializeHash({
      ...state,
      highlight: null,
      node: null,
      epoch: 0.25,
      edges: false,
      zoom: null,
      cx: null,
      cy: null,
    });
    expect(hash).toBe('#experiment=mlp-classes&layer=2&epoch=0.25&edges=0');
    expect(parseHash(hash)).toEqual({
      experiment: 'mlp-classes',
      layer: 2,
      epoch: 0.25,
      edges: false,
    });
  });

  it('writes the wrong-only filter only when it is on', () => {
    const hash = serializeHash({ ...state, wrong: true });
    expect(hash).toBe(
      '#experiment=mlp-classes&layer=2&epoch=12&class=3&node=417&edges=1&wrong=1&zoom=1.5&cx=0.2&cy=-0.125',
    );
    expect(parseHash(hash).wrong).toBe(true);
    expect(serializeHash({ ...state, wrong: null })).not.toContain('wrong');
  });

  it('rounds epochs to three decimals and the view to four', () => {
    const hash = serializeHash({
      ...state,
      epoch: 0.25396825396825395,
      zoom: 1.23456,
      cx: -0.00012,
      cy: 0.33333333,
    });
    expect(hash).toBe(
      '#experiment=mlp-classes&layer=2&epoch=0.254&class=3&node=417&edges=1&zoom=1.2346&cx=-0.0001&cy=0.3333',
    );
  });

  it('drops malformed values instead of guessing', () => {
    expect(parseHash('#experiment=<script>&layer=two&epoch=&class=1.5&edges=maybe&node=7')).toEqual(
      { node: 7 },
    );
  });

  it('resolves an epoch to the nearest snapshot', () => {
    const epochs = [0, 0.248, 0.504, 0.752, 1, 2, 3];
    expect(nearestSnapshot(epochs, 0.25)).toBe(1);
    expect(nearestSnapshot(epochs, 2.4)).toBe(5);
    expect(nearestSnapshot(epochs, 99)).toBe(6);
  });
});
