/**
 * The mlp-classes kind's record: its config schema and checks load with the CLI; its run (and
 * TensorFlow.js with it) only when an experiment of the kind runs.
 */
import { MLP_CLASSES_CONFIG, mlpClassesProblems } from './config.ts';
import { defineKind } from '../types.ts';
import { traceMemory } from '../memory.ts';
import { mlpTrainingKey } from '../mlp-training.ts';

export const MLP_CLASSES = defineKind({
  kind: 'mlp-classes',
  title: 'Classes pull apart: kNN graphs of hidden activations through training',
  schema: MLP_CLASSES_CONFIG,
  problems: mlpClassesProblems,
  memory: traceMemory,
  trainingKey: mlpTrainingKey,
  run: async (context) => (await import('./definition.ts')).run(context),
});
