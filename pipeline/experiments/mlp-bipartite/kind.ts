/**
 * The mlp-bipartite kind's record: its config schema and checks load with the CLI; its run (and
 * TensorFlow.js with it) only when an experiment of the kind runs.
 */
import { MLP_BIPARTITE_CONFIG, mlpBipartiteProblems } from './config.ts';
import { defineKind } from '../types.ts';
import { traceMemory } from '../memory.ts';
import { mlpTrainingKey } from '../mlp-training.ts';

export const MLP_BIPARTITE = defineKind({
  kind: 'mlp-bipartite',
  title: 'Neurons among samples: which units specialise, die or stay generalists',
  schema: MLP_BIPARTITE_CONFIG,
  problems: mlpBipartiteProblems,
  memory: traceMemory,
  trainingKey: mlpTrainingKey,
  run: async (context) => (await import('./definition.ts')).run(context),
});
