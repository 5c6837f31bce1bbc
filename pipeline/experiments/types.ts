/** What every experiment definition provides to the runner (TF Playground-style registry). */
import type { ExperimentEntry, TableName } from '../contract.ts';
import type { ExperimentConfig } from '../config.ts';

export interface ExperimentContext {
  /** Experiment id, also its folder in data/. */
  readonly name: string;
  readonly config: ExperimentConfig;
  readonly seed: number;
  /** tfjs backend in use. */
  readonly backend: string;
  /** Per-step hook: fraction in [0, 1] and what is happening. */
  readonly onProgress: (fraction: number, detail: string) => void;
}

export interface EncodedTable {
  readonly table: TableName;
  /** Per-layer tables only. */
  readonly layer?: number;
  readonly bytes: Uint8Array;
  readonly rows: number;
}

export interface ExperimentResult {
  readonly tables: readonly EncodedTable[];
  /** Manifest fields the experiment knows; the runner adds config, hashes and files. */
  readonly entry: Pick<ExperimentEntry, 'kind' | 'title' | 'dataset' | 'layers' | 'snapshots' | 'summary'>;
  /** Number of snapshots computed (for the summary table). */
  readonly snapshotCount: number;
}

export interface ExperimentDefinition {
  readonly kind: string;
  readonly title: string;
  run(context: ExperimentContext): Promise<ExperimentResult>;
}
