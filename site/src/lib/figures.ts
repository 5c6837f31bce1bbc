/**
 * The figure kinds: the one list that `Figure.astro`, `FigureFrame`, the e2e helpers and the
 * site bench share. A kind names its Preact island, whether the article places it, and the
 * tables its download links offer (the figure itself fetches only what it shows).
 */
import type { TableName } from '../../../pipeline/contract.ts';

export interface FigureKindInfo {
  /** The island component (its file name in components/figures/). */
  readonly island: string;
  /** Placed in the article by `Figure.astro` (the explorer has a page of its own). */
  readonly article: boolean;
  /** Tables offered for download with the figure. */
  readonly tables: readonly TableName[];
}

export const FIGURE_KINDS = {
  // Every layer's file is linked; the figure fetches only the shown layer's.
  scrubber: {
    island: 'ScrubberFigure',
    article: true,
    tables: ['nodes', 'positions', 'metrics', 'edges', 'images'],
  },
  // Figure 2 reads only the pipeline's own layout stages of the last snapshot.
  'graph-steps': {
    island: 'GraphStepsFigure',
    article: true,
    tables: ['nodes', 'steps', 'stepEdges'],
  },
  toy: {
    island: 'ToyFigure',
    article: true,
    tables: ['nodes', 'positions', 'projections', 'regions', 'metrics'],
  },
  // Scrambled labels: the scrubber with the scrambled digits ringed and a chart of where they sit.
  scrambled: {
    island: 'ScrambledFigure',
    article: true,
    tables: ['nodes', 'positions', 'metrics', 'edges', 'images'],
  },
  // Sensitivity: the training scrubber coloured and sized by each digit's gradient norm.
  sensitivity: {
    island: 'SensitivityFigure',
    article: true,
    tables: [
      'nodes',
      'positions',
      'metrics',
      'sensitivity',
      'attributions',
      'gradients',
      'images',
      'saliency',
    ],
  },
  // Neurons × samples: hidden units (ink) among the samples, linked where a unit fires strongly.
  bipartite: {
    island: 'BipartiteFigure',
    article: true,
    tables: ['nodes', 'positions', 'edges', 'metrics', 'units', 'images'],
  },
  // The β-VAE sweep: latent layouts per β, KL per dimension, image strips, the linear-VAE check.
  vae: {
    island: 'VaeFigure',
    article: true,
    tables: ['nodes', 'latents', 'latentAxes', 'metrics', 'latentKl', 'strips', 'theory'],
  },
  // The explorer page offers no download links of its own (the article's figures do).
  explorer: { island: 'ExplorerFigure', article: false, tables: [] },
} as const satisfies Record<string, FigureKindInfo>;

export type FigureKind = keyof typeof FIGURE_KINDS;

/** The kinds the article places, in FIGURE_KINDS order. */
export const ARTICLE_FIGURES = (Object.keys(FIGURE_KINDS) as FigureKind[]).filter(
  (k) => FIGURE_KINDS[k].article,
);
