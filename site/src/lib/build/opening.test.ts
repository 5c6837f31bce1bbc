import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../../pipeline/contract.ts';
import { opening as bipartiteOpening } from '../../components/figures/BipartiteFigure.tsx';
import { opening as scrubberOpening } from '../../components/figures/ScrubberFigure.tsx';
import { opening as vaeOpening } from '../../components/figures/VaeFigure.tsx';
import { loadCoreWithLayers, loadManifest } from '../data/store.ts';
import { headFileName, tailFileName } from '../data/heads.ts';
import { openingFiles } from './opening.ts';

const DATA = resolve(import.meta.dirname, '..', '..', '..', '..', 'data');
const manifest = JSON.parse(readFileSync(join(DATA, 'manifest.json'), 'utf8')) as Manifest;
/** A table file's name as the site serves it. */
const named = (experiment: string, table: string, layer?: number) => {
  const file = manifest.experiments[experiment]?.files.find(
    (f) => f.table === table && (layer === undefined || f.split === layer),
  );
  if (!file) throw new Error(`no ${experiment} ${table} ${layer ?? ''}`);
  return file.name;
};
const url = (name: string) => `/data/${name}`;
const lastLayer = (experiment: string) =>
  manifest.experiments[experiment]?.layers.at(-1)?.index ?? NaN;

describe('opening files', () => {
  it('lists the files a figure’s first frame fetches: the core and the shown layer’s head, or its tail', async () => {
    const classes = lastLayer('mlp-classes');
    expect(
      (await openingFiles(() => scrubberOpening({ experiment: 'mlp-classes' }))).sort(),
    ).toEqual(
      [
        url(headFileName(named('mlp-classes', 'positions', classes))),
        url(named('mlp-classes', 'nodes')),
        url(named('mlp-classes', 'metrics')),
      ].sort(),
    );
    // Layer 1 of Figure 1, and neurons × samples, which opens at the end of training.
    expect(
      await openingFiles(() => scrubberOpening({ experiment: 'mlp-classes', layer: 1 })),
    ).toContain(url(headFileName(named('mlp-classes', 'positions', 1))));
    const units = lastLayer('mlp-bipartite');
    expect(await openingFiles(() => bipartiteOpening({ experiment: 'mlp-bipartite' }))).toContain(
      url(tailFileName(named('mlp-bipartite', 'positions', units))),
    );
  });

  it('records one opening at a time, each on an empty cache, and leaves the loading code as it was', async () => {
    const [classes, vae, again] = await Promise.all([
      openingFiles(() => scrubberOpening({ experiment: 'mlp-classes' })),
      openingFiles(() => vaeOpening({ experiment: 'vae-beta' })),
      openingFiles(() => scrubberOpening({ experiment: 'mlp-classes' })),
    ]);
    expect(classes.every((u) => u.startsWith('/data/mlp-classes/'))).toBe(true);
    expect(vae.every((u) => u.startsWith('/data/vae-beta/'))).toBe(true);
    expect(vae).toContain(url(named('vae-beta', 'latentKl')));
    // Not empty the second time: the first recording's cache was forgotten.
    expect(again).toEqual(classes);
    // A whole-file load lists whole files (no slice is asked for).
    expect(await openingFiles(() => loadCoreWithLayers('mlp-classes', [-1]))).toContain(
      url(named('mlp-classes', 'positions', lastLayer('mlp-classes'))),
    );
    // Afterwards the loading code fetches over the network again (none here).
    await expect(loadManifest()).rejects.toThrow();
  });

  it('lists nothing for a figure that cannot open on the data (it shows its error in the page)', async () => {
    expect(await openingFiles(() => scrubberOpening({ experiment: 'no-such-experiment' }))).toEqual(
      [],
    );
  });
});
