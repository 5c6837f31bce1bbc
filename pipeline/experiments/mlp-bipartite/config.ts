/** Config schema of the mlp-bipartite kind: the mlp-classes network, its units and samples in one graph per layer. */
import { z } from 'zod';
import { MLP_CLASSES_CONFIG, mlpClassesProblems } from '../mlp-classes/config.ts';
import type { ConfigProblem } from '../types.ts';

export const MLP_BIPARTITE_CONFIG = MLP_CLASSES_CONFIG.extend({
  kind: z.literal('mlp-bipartite'),
  /** A unit fires strongly for the top this share of the traced samples by its activation (> 0). */
  firingShare: z.number().gt(0).max(1),
  /** ForceAtlas2's LinLog mode (Noack's energy model) instead of the linear attraction. */
  linLog: z.boolean(),
}).strict();

export type MlpBipartiteConfig = z.infer<typeof MLP_BIPARTITE_CONFIG>;

/** mlp-classes' checks (dataset, split, trace set, neighbourhood sizes). */
export function mlpBipartiteProblems(config: MlpBipartiteConfig): ConfigProblem[] {
  return mlpClassesProblems({ ...config, kind: 'mlp-classes' });
}
