/** What every experiment kind provides to the runner, and what the runner gives it. */
import type { ExperimentEntry, FileEntry } from '../contract.ts';
import type { ViewPool } from '../view/pool.ts';

export interface ExperimentContext<Config> {
  /** Experiment id, also its folder in data/. */
  readonly name: string;
  readonly config: Config;
  readonly seed: number;
  /** tfjs backend in use. */
  readonly backend: string;
  /** Where view chains run (worker threads or inline). */
  readonly views: ViewPool;
  /** Worker threads an experiment may train independent runs in at once (0: inline, on this thread). */
  readonly trainWorkers: number;
  /**
   * Runs `train` while holding the main thread's training slot: experiments train one at a
   * time (tfjs runs on this thread) while their views keep the workers busy.
   */
  readonly training: <T>(train: () => Promise<T>) => Promise<T>;
  /** Also write the activations the views were computed from (`--activations`); kinds without an activations table ignore it. */
  readonly exportActivations?: boolean;
  /** Per-step hook: fraction in [0, 1] and what is happening. */
  readonly onProgress: (fraction: number, detail: string) => void;
}

export interface EncodedTable {
  /** Table role in the kind's registry (contract KIND_TABLES). */
  readonly table: FileEntry['table'];
  /** Split tables only: the split value (layer index, β index). */
  readonly split?: number;
  readonly bytes: Uint8Array;
  readonly rows: number;
}

export interface ExperimentResult {
  readonly tables: readonly EncodedTable[];
  /** Manifest fields the experiment knows; the runner adds config, hashes and files. */
  readonly entry: Pick<
    ExperimentEntry,
    'kind' | 'title' | 'dataset' | 'nodes' | 'layers' | 'betas' | 'snapshots' | 'summary'
  >;
  /** Number of snapshots computed (for the summary table). */
  readonly snapshotCount: number;
}

export interface ExperimentDefinition<Config> {
  readonly kind: ExperimentEntry['kind'];
  readonly title: string;
  run(context: ExperimentContext<Config>): Promise<ExperimentResult>;
}
