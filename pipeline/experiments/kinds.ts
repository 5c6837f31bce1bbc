/**
 * Every experiment kind, one record each (`defineKind` in the kind's `kind.ts`, which loads
 * the run, and TensorFlow.js, only when the kind runs). To add a kind: write
 * `experiments/<kind>/` and add its record here; the config union (`config.ts`), the
 * runner's registry (`registry.ts`) and `--help` derive from this list. Its tables are
 * declared in the contract (`KIND_TABLES`), which the site reads.
 */
import type { z } from 'zod';
import { IMPORTED } from './imported/kind.ts';
import { MLP_BIPARTITE } from './mlp-bipartite/kind.ts';
import { MLP_CLASSES } from './mlp-classes/kind.ts';
import { MLP_SCRAMBLED } from './mlp-scrambled/kind.ts';
import { VAE_BETA } from './vae-beta/kind.ts';

export const KINDS = [MLP_CLASSES, MLP_SCRAMBLED, MLP_BIPARTITE, VAE_BETA, IMPORTED] as const;

/** A validated experiment config of any kind. */
export type ExperimentConfig = z.infer<(typeof KINDS)[number]['schema']>;
