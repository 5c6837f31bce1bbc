/** Experiment kinds by name: experiments are data composed from shared stages, not code paths. */
import type { ExperimentConfig } from '../config.ts';
import type { ExperimentDefinition } from './types.ts';
import { MLP_BIPARTITE } from './mlp-bipartite/definition.ts';
import { MLP_CLASSES } from './mlp-classes/definition.ts';
import { MLP_SCRAMBLED } from './mlp-scrambled/definition.ts';
import { VAE_BETA } from './vae-beta/definition.ts';

/** Each kind's definition, typed by its own config. */
export const EXPERIMENT_KINDS: {
  [K in ExperimentConfig['kind']]: ExperimentDefinition<Extract<ExperimentConfig, { kind: K }>>;
} = {
  'mlp-classes': MLP_CLASSES,
  'mlp-scrambled': MLP_SCRAMBLED,
  'mlp-bipartite': MLP_BIPARTITE,
  'vae-beta': VAE_BETA,
};
