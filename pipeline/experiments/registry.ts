/** Experiment kinds by name, derived from `kinds.ts` (add a kind there, not here). */
import { KINDS, type ExperimentConfig } from './kinds.ts';
import type { KindRecord } from './types.ts';

/** The record of a config's kind (every config's kind is in KINDS: the union is built from it). */
export function kindOf(config: ExperimentConfig): KindRecord {
  const record = KINDS.find((k) => k.kind === config.kind);
  if (!record) throw new Error(`experiments: unknown kind "${config.kind}"`);
  return record;
}

/** The known kinds, for messages and --help. */
export const KIND_NAMES: readonly string[] = KINDS.map((k) => k.kind);
