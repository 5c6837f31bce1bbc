/**
 * The imported kind's record: its config schema and checks load with the CLI; its run (and
 * TensorFlow.js with it) only when an experiment of the kind runs.
 */
import { IMPORTED_CONFIG, importedProblems, importedMemory } from './config.ts';
import { defineKind } from '../types.ts';

export const IMPORTED = defineKind({
  kind: 'imported',
  title: 'Your own network: activations imported from any framework',
  schema: IMPORTED_CONFIG,
  problems: importedProblems,
  memory: importedMemory,
  run: async (context) => (await import('./definition.ts')).run(context),
});
