/**
 * What every experiment kind provides (one record, `defineKind`) and what the runner gives it.
 * To add a kind: a folder `experiments/<kind>/` (`config.ts` its schema, `definition.ts` its
 * run, `kind.ts` its record: `defineKind({ … })` loading the run lazily), plus one line in
 * `experiments/kinds.ts`; `config.ts`, `registry.ts` and `--help` derive
 * from that list. Its tables are declared in the contract (`KIND_TABLES`), which the site reads.
 */
import type { z } from 'zod';
import type { ExperimentEntry, FileEntry } from '../contract.ts';
import type { TrainingShare } from '../train/shared-training.ts';
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
   * time, in the run's order (train/slot.ts; tfjs runs on this thread), while their views keep
   * the workers busy.
   */
  readonly training: <T>(train: () => Promise<T>) => Promise<T>;
  /** This experiment's training key (its kind's `trainingKey`), when it has one. */
  readonly trainingKey?: string;
  /** Training runs shared between this run's experiments with equal training keys. */
  readonly trainingShare?: TrainingShare;
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
    'kind' | 'title' | 'dataset' | 'nodes' | 'layers' | 'betas' | 'images' | 'snapshots' | 'summary'
  >;
  /** Number of snapshots computed (for the summary table). */
  readonly snapshotCount: number;
}

/** A problem a config's values have together (known before any work), at a config key. */
export interface ConfigProblem {
  readonly key: string;
  readonly message: string;
}

export interface ExperimentDefinition<Config> {
  readonly kind: ExperimentEntry['kind'];
  readonly title: string;
  run(context: ExperimentContext<Config>): Promise<ExperimentResult>;
}

/** A zod object schema whose `kind` field is a literal: one member of the config union. */
export type KindSchema = z.ZodObject<{ kind: z.ZodLiteral<string> } & z.ZodRawShape, 'strict'>;

/** One experiment kind: its config schema, its checks across fields, its memory estimate and its run. */
export interface KindRecord<S extends KindSchema = KindSchema> extends ExperimentDefinition<
  z.infer<S>
> {
  readonly schema: S;
  /** What the schema cannot see alone (dataset sizes, neighbourhood sizes), before any work. */
  problems(config: z.infer<S>): ConfigProblem[];
  /** Bytes the experiment needs at least, from its sizes alone (config.ts refuses above a budget). @default 0 */
  memory?(config: z.infer<S>): number;
  /**
   * What decides the trained weights (config fields and seed), when experiments of this run with
   * an equal key may share one training run (train/shared-training.ts). @default none: trains alone
   */
  trainingKey?(config: z.infer<S>, seed: number): string;
}

/** One experiment kind's record (see the file header). */
export function defineKind<S extends KindSchema>(record: KindRecord<S>): KindRecord<S> {
  return record;
}
