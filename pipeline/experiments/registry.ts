/** Experiment kinds by name: experiments are data composed from shared stages, not code paths. */
import type { ExperimentDefinition } from './types.ts';
import { MLP_CLASSES } from './mlp-classes.ts';

export const EXPERIMENT_KINDS: Record<string, ExperimentDefinition> = {
  [MLP_CLASSES.kind]: MLP_CLASSES,
};
