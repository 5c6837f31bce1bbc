/**
 * The mlp-scrambled kind's record: its config schema and checks load with the CLI; its run (and
 * TensorFlow.js with it) only when an experiment of the kind runs.
 */
import { MLP_SCRAMBLED_CONFIG, mlpScrambledProblems } from './config.ts';
import { defineKind } from '../types.ts';
import { traceMemory } from '../memory.ts';

export const MLP_SCRAMBLED = defineKind({
  kind: 'mlp-scrambled',
  title: 'Scrambled labels: the pattern first, the noise later?',
  schema: MLP_SCRAMBLED_CONFIG,
  problems: mlpScrambledProblems,
  memory: traceMemory,
  run: async (context) => (await import('./definition.ts')).run(context),
});
