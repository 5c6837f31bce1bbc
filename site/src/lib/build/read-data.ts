/**
 * Build-time access to data/ (Node): the same decoding as the browser, from files on disk.
 * Failures are returned, never thrown, so a site without data still builds (figures then
 * show their messages and the article says the numbers are unavailable).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MANIFEST_FILE,
  type ExperimentEntry,
  type Manifest,
  type TableName,
} from '../../../../pipeline/contract.ts';
import {
  assembleCore,
  assembleLayerViews,
  assembleProjections,
  assembleRegions,
  assembleStepEdges,
  type Core,
  type LayerViews,
  type Projections,
  type Regions,
  type StepEdges,
} from '../data/experiment.ts';
import { DataError, describeError } from '../data/errors.ts';
import { assembleSensitivity, type LayerSensitivity } from '../data/sensitivity.ts';
import {
  assembleAutoencoder,
  assembleLatentAxes,
  assembleVae,
  type AutoencoderTrajectory,
  type VaeData,
} from '../data/vae.ts';
import { experimentEntry, fileEntry, parseManifest, requireFile } from '../data/manifest.ts';
import { resolveDataDir } from './data-dir.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

let manifestResult: Result<Manifest> | undefined;
const cores = new Map<string, Result<Core>>();
const layouts = new Map<string, Result<LayerViews[]>>();
const stepEdges = new Map<string, Result<StepEdges>>();
const projections = new Map<string, Result<Projections[]>>();
const regions = new Map<string, Result<Regions | null>>();
const sensitivities = new Map<string, Result<LayerSensitivity[]>>();
const vaes = new Map<string, Result<VaeData & { axes: Float32Array[] }>>();
const autoencoders = new Map<string, Result<AutoencoderTrajectory>>();

/** data/manifest.json, parsed once per build. */
export function buildManifest(): Result<Manifest> {
  if (!manifestResult) {
    const path = join(resolveDataDir(), MANIFEST_FILE);
    try {
      if (!existsSync(path))
        throw new DataError(
          MANIFEST_FILE,
          'missing',
          `${MANIFEST_FILE} was not found when this page was built (run npm run pipeline).`,
        );
      manifestResult = { ok: true, value: parseManifest(readFileSync(path, 'utf8')) };
    } catch (error) {
      manifestResult = { ok: false, error: describeError(error) };
    }
  }
  return manifestResult;
}

/** Reads one table file of an experiment (per-layer tables: the given layer). */
export function readTable(
  entry: ExperimentEntry,
  name: string,
  table: TableName,
  layer?: number,
): Uint8Array {
  const file = requireFile(entry, name, table, layer);
  return new Uint8Array(readFileSync(join(resolveDataDir(), file.name)));
}

/** Decodes something of an experiment once per build; failures become results. */
export function once<T>(
  cache: Map<string, Result<T>>,
  name: string,
  make: (entry: ExperimentEntry) => T,
): Result<T> {
  let result = cache.get(name);
  if (!result) {
    const manifest = buildManifest();
    if (!manifest.ok) return manifest;
    try {
      result = { ok: true, value: make(experimentEntry(manifest.value, name)) };
    } catch (error) {
      result = { ok: false, error: describeError(error) };
    }
    cache.set(name, result);
  }
  return result;
}

/** Nodes and metrics of one experiment. */
export function buildCore(name: string): Result<Core> {
  return once(cores, name, (entry) =>
    assembleCore(name, entry, {
      nodes: readTable(entry, name, 'nodes'),
      metrics: readTable(entry, name, 'metrics'),
    }),
  );
}

/** Every layer's layouts of one experiment, in manifest layer order. */
export function buildLayers(name: string): Result<LayerViews[]> {
  return once(layouts, name, (entry) =>
    entry.layers.map((l) =>
      assembleLayerViews(name, entry, l.index, readTable(entry, name, 'positions', l.index)),
    ),
  );
}

/** The display edges of the last snapshot of every layer (Figure 2's graph). */
export function buildStepEdges(name: string): Result<StepEdges> {
  return once(stepEdges, name, (entry) =>
    assembleStepEdges(name, entry, readTable(entry, name, 'stepEdges')),
  );
}

/** Every layer's linear views of one experiment, in manifest layer order. */
export function buildProjections(name: string): Result<Projections[]> {
  return once(projections, name, (entry) =>
    entry.layers.map((l) =>
      assembleProjections(name, entry, l.index, readTable(entry, name, 'projections', l.index)),
    ),
  );
}

/** The decision regions of a 2-D toy experiment, or null when it has none. */
export function buildRegions(name: string): Result<Regions | null> {
  return once(regions, name, (entry) =>
    fileEntry(entry, 'regions')
      ? assembleRegions(name, entry, readTable(entry, name, 'regions'))
      : null,
  );
}

/** Every layer's gradient norms (sensitivity-l<k>.arrow) of one experiment, in manifest layer order. */
export function buildSensitivity(name: string): Result<LayerSensitivity[]> {
  return once(sensitivities, name, (entry) =>
    entry.layers.map((l) =>
      assembleSensitivity(name, entry, l.index, readTable(entry, name, 'sensitivity', l.index)),
    ),
  );
}

/** A vae-beta experiment with every β's layouts and raw two-latent views. */
export function buildVae(name: string): Result<VaeData & { axes: Float32Array[] }> {
  return once(vaes, name, (entry) => {
    const betas = entry.betas ?? [];
    const data = assembleVae(name, entry, {
      nodes: readTable(entry, name, 'nodes'),
      metrics: readTable(entry, name, 'metrics'),
      latentKl: readTable(entry, name, 'latentKl'),
      theory: readTable(entry, name, 'theory'),
      latents: betas.map((b) => readTable(entry, name, 'latents', b.index)),
    });
    const axes = betas.map((b) =>
      assembleLatentAxes(name, entry, b.index, readTable(entry, name, 'latentAxes', b.index)),
    );
    return { ...data, axes };
  });
}

/** The vae-beta autoencoder baseline over training (autoencoder.arrow). */
export function buildAutoencoder(name: string): Result<AutoencoderTrajectory> {
  return once(autoencoders, name, (entry) =>
    assembleAutoencoder(name, entry, readTable(entry, name, 'autoencoder')),
  );
}
