/** Reading and writing data/manifest.json; the generator version ties artifacts to code. */
import {
  KIND_TABLES,
  OPT_IN_TABLES,
  SCHEMA_VERSION,
  type ExperimentEntry,
  type Manifest,
} from './contract.ts';
import { sha256 } from './io/atomic.ts';

/**
 * Bump together with any change that alters artifacts for the same config.
 * 2.1.0: table files are published under content-addressed names (`positions-l1.<sha>.arrow`).
 * 3.0.0: the MLP views' refinement is a neighbour embedding (t-SNE with a density term) instead of UMAP's forces; fidelity.arrow has a t-SNE row.
 */
export const GENERATOR_VERSION = 'structviz-pipeline/3.3.0';

/** JSON with sorted keys: a stable text for hashing and for byte-identical manifests. */
export function canonicalJson(value: unknown, indent = 0): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value), null, indent);
}

/** The table specs of some kinds, opt-in exports left out (see TABLES_HASH). */
function tablesHash(kinds: readonly string[]): string {
  return sha256(
    canonicalJson(
      Object.fromEntries(
        Object.entries(KIND_TABLES)
          .filter(([kind]) => kinds.includes(kind))
          .map(([kind, tables]) => [
            kind,
            Object.fromEntries(Object.entries(tables).filter(([role]) => !OPT_IN_TABLES.has(role))),
          ]),
      ),
    ),
  ).slice(0, 16);
}

/** Kinds whose hashes cover their own tables only; every other kind's cover all of theirs together. */
const OWN_TABLES_KINDS: readonly string[] = ['imported'];

/**
 * The table specs, hashed into every config hash: a new column (a new metric) invalidates
 * caches by itself. Opt-in exports (activations) are left out: they change no other file, so
 * adding one keeps every hash, cache entry and published manifest valid, and the run checks
 * itself that a cache entry holds the exports it asks for (run.ts). Changing an opt-in
 * table's format needs a GENERATOR_VERSION bump. The kinds trained here hash all of their
 * tables together (as since schema 4); a kind added later (imported) hashes its own, so adding
 * it left every published hash as it was.
 */
const TABLES_HASH = tablesHash(
  Object.keys(KIND_TABLES).filter((kind) => !OWN_TABLES_KINDS.includes(kind)),
);
const OWN_TABLES_HASH = new Map(OWN_TABLES_KINDS.map((kind) => [kind, tablesHash([kind])]));

/** Hash of everything that determines an experiment's artifacts. */
export function configHash(config: unknown, seed: number, backend: string): string {
  return sha256(
    canonicalJson({
      config,
      seed,
      backend,
      schema: SCHEMA_VERSION,
      generator: GENERATOR_VERSION,
      tables: OWN_TABLES_HASH.get(String((config as { kind?: unknown }).kind)) ?? TABLES_HASH,
    }),
  ).slice(0, 16);
}

/** Manifest text, deterministic (sorted keys, no timestamps). */
export function manifestText(manifest: Manifest): string {
  return `${canonicalJson(manifest, 2)}\n`;
}

/** A manifest of this schema and generator version, experiments in name order (as a run and a merge write it). */
export function newManifest(
  run: Pick<Manifest, 'backend' | 'seed' | 'preset'>,
  experiments: ReadonlyMap<string, ExperimentEntry>,
): Manifest {
  return {
    schemaVersion: SCHEMA_VERSION,
    generatorVersion: GENERATOR_VERSION,
    backend: run.backend,
    seed: run.seed,
    preset: run.preset,
    experiments: Object.fromEntries([...experiments].sort(([a], [b]) => a.localeCompare(b))),
  };
}
