/**
 * The vae-beta kind's record: its config schema and checks load with the CLI; its run (and
 * TensorFlow.js with it) only when an experiment of the kind runs.
 */
import { VAE_BETA_CONFIG, vaeBetaProblems } from './config.ts';
import { defineKind } from '../types.ts';
import { traceMemory } from '../memory.ts';

export const VAE_BETA = defineKind({
  kind: 'vae-beta',
  title: 'β-VAE: posterior collapse across a β sweep, checked against linear-VAE theory',
  schema: VAE_BETA_CONFIG,
  problems: vaeBetaProblems,
  memory: traceMemory,
  run: async (context) => (await import('./definition.ts')).run(context),
});
