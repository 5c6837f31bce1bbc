/**
 * Browser-side loading with one cache per page: figures that show the same experiment share
 * its downloads (every file is fetched at most once). Layouts and edges load one layer at a
 * time (positions-l<k>.arrow, edges-l<k>.arrow), only when first asked for; images on first use.
 * A figure opens on the first snapshot from head files (`load…Head`, see heads.ts), or on the
 * last from tail files (`load…Tail`), and loads the whole table when the reader engages with it.
 */
import { MANIFEST_FILE, type Manifest, type TableName } from '../../../../pipeline/contract.ts';
import {
  assembleCore,
  assembleEdges,
  assembleImages,
  assembleLayerViews,
  assembleNodes,
  assembleProjections,
  assembleRegions,
  assembleStepEdges,
  assembleSteps,
  assembleUnits,
  clampIndex,
  type Core,
  type Edges,
  type LayerViews,
  type Nodes,
  type Projections,
  type Regions,
  type StepEdges,
  type Steps,
  type Thumbnails,
  type Units,
} from './experiment.ts';
import { fetchFile } from './fetch-file.ts';
import { headFileName, tailFileName } from './heads.ts';
import {
  assembleGradients,
  assembleSaliency,
  assembleSensitivity,
  type GradientSummaries,
  type LayerSensitivity,
  type Saliency,
} from './sensitivity.ts';
import { experimentEntry, fileEntry, parseManifest, requireFile } from './manifest.ts';

let manifestPromise: Promise<Manifest> | undefined;
const files = new Map<string, Promise<Uint8Array>>();
const cores = new Map<string, Promise<Core>>();
const edges = new Map<string, Promise<Edges>>();
const layouts = new Map<string, Promise<LayerViews>>();
const images = new Map<string, Promise<Thumbnails | null>>();
const steps = new Map<string, Promise<StepsData>>();
const projections = new Map<string, Promise<Projections>>();
const regions = new Map<string, Promise<Regions | null>>();
const units = new Map<string, Promise<Units>>();

/** Forgets failed loads so a retry fetches again. */
function remember<T>(
  cache: Map<string, Promise<T>>,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  let promise = cache.get(key);
  if (!promise) {
    promise = load();
    promise.catch(() => cache.delete(key));
    cache.set(key, promise);
  }
  return promise;
}

/** data/manifest.json, parsed and version-checked. */
export function loadManifest(): Promise<Manifest> {
  if (!manifestPromise) {
    manifestPromise = fetchFile(MANIFEST_FILE).then((bytes) =>
      parseManifest(new TextDecoder().decode(bytes)),
    );
    manifestPromise.catch(() => (manifestPromise = undefined));
  }
  return manifestPromise;
}

/** The checked bytes of one table file of an experiment (fetched once per page). */
export async function tableBytes(
  name: string,
  table: TableName,
  layer?: number,
): Promise<Uint8Array> {
  const file = requireFile(experimentEntry(await loadManifest(), name), name, table, layer);
  return remember(files, file.name, () => fetchFile(file.name, file));
}

/** Nodes and metrics of an experiment. */
export function loadCore(name: string): Promise<Core> {
  return remember(cores, name, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    const [nodes, metrics] = await Promise.all([
      tableBytes(name, 'nodes'),
      tableBytes(name, 'metrics'),
    ]);
    return assembleCore(name, entry, { nodes, metrics });
  });
}

/** Every snapshot's layout of one layer (`layer` as in the manifest): only positions-l<layer>.arrow. */
export function loadLayer(name: string, layer: number): Promise<LayerViews> {
  return remember(layouts, `${name}\u0000${layer}`, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    return assembleLayerViews(name, entry, layer, await tableBytes(name, 'positions', layer));
  });
}

/** Every snapshot's linear view of one layer (`layer` as in the manifest): only projections-l<layer>.arrow. */
export function loadProjections(name: string, layer: number): Promise<Projections> {
  return remember(projections, `${name}\u0000${layer}`, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    return assembleProjections(name, entry, layer, await tableBytes(name, 'projections', layer));
  });
}

/** Decision regions of a 2-D toy experiment, or null when it has none (regions.arrow). */
export function loadRegions(name: string): Promise<Regions | null> {
  return remember(regions, name, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    if (!fileEntry(entry, 'regions')) return null;
    return assembleRegions(name, entry, await tableBytes(name, 'regions'));
  });
}

/**
 * The core and the layouts of some layers (or 'all'), fetched in parallel. `layerPos` are
 * positions in the manifest's layer list, resolved by clampIndex (default: the last layer).
 */
export async function loadCoreWithLayers(
  name: string,
  layerPos: readonly number[] | 'all',
): Promise<{ core: Core; layers: LayerViews[] }> {
  const entry = experimentEntry(await loadManifest(), name);
  const L = entry.layers.length;
  const shown =
    layerPos === 'all' ? entry.layers : layerPos.map((p) => entry.layers[clampIndex(p, L, L - 1)]);
  const indices = shown.map((l) => l?.index ?? 1);
  const [core, layers] = await Promise.all([
    loadCore(name),
    Promise.all(indices.map((i) => loadLayer(name, i))),
  ]);
  return { core, layers };
}

/** Display edges of one layer (`layer` as in the manifest), fetched on first use: only edges-l<layer>.arrow. */
export function loadEdges(name: string, layer: number): Promise<Edges> {
  return remember(edges, `${name}\u0000${layer}`, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    return assembleEdges(name, entry, layer, await tableBytes(name, 'edges', layer));
  });
}

/** What Figure 2 draws: node labels, the pipeline's layout stages and the last snapshot's edges. */
export interface StepsData {
  name: string;
  entry: Manifest['experiments'][string];
  nodes: Nodes;
  steps: Steps;
  edges: StepEdges;
}

/** nodes.arrow + steps.arrow + step-edges.arrow of an experiment (nothing else). */
export function loadSteps(name: string): Promise<StepsData> {
  return remember(steps, name, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    const [nodes, stepBytes, edgeBytes] = await Promise.all([
      tableBytes(name, 'nodes'),
      tableBytes(name, 'steps'),
      tableBytes(name, 'stepEdges'),
    ]);
    return {
      name,
      entry,
      nodes: assembleNodes(name, entry, nodes),
      steps: assembleSteps(name, entry, stepBytes),
      edges: assembleStepEdges(name, entry, edgeBytes),
    };
  });
}

/** The sample images (see Thumbnails), or null when the experiment has none. */
export function loadImages(name: string): Promise<Thumbnails | null> {
  return remember(images, name, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    if (!fileEntry(entry, 'images')) return null;
    return assembleImages(name, entry, await tableBytes(name, 'images'));
  });
}

const sensitivities = new Map<string, Promise<LayerSensitivity>>();
const gradients = new Map<string, Promise<GradientSummaries>>();
const saliencies = new Map<string, Promise<Saliency | null>>();

/** Gradient norms of one layer (`layer` as in the manifest): only sensitivity-l<layer>.arrow. */
export function loadSensitivity(name: string, layer: number): Promise<LayerSensitivity> {
  return remember(sensitivities, `${name}\u0000${layer}`, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    return assembleSensitivity(name, entry, layer, await tableBytes(name, 'sensitivity', layer));
  });
}

/** The gradient-norm summaries of every layer and snapshot (gradients.arrow). */
export function loadGradients(name: string): Promise<GradientSummaries> {
  return remember(gradients, name, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    return assembleGradients(name, entry, await tableBytes(name, 'gradients'));
  });
}

/** Input saliency images, or null when the experiment has none (saliency.arrow, fetched on first use). */
export function loadSaliency(name: string): Promise<Saliency | null> {
  return remember(saliencies, name, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    if (!fileEntry(entry, 'saliency')) return null;
    return assembleSaliency(name, entry, await tableBytes(name, 'saliency'));
  });
}

/** What every hidden unit does at every snapshot (units.arrow, mlp-bipartite). */
export function loadUnits(name: string): Promise<Units> {
  return remember(units, name, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    return assembleUnits(name, entry, await tableBytes(name, 'units'));
  });
}

/** Objects built from head files: the first snapshot only. */
const headObjects = new WeakSet<object>();
const headCache = new Map<string, Promise<unknown>>();

/** True when `data` came from a head file (it holds the first snapshot only). */
export function isHead(data: object | null | undefined): boolean {
  return !!data && headObjects.has(data);
}

/** Objects built from tail files, and the one snapshot each holds (the last). */
const tailObjects = new WeakMap<object, number>();
const tailCache = new Map<string, Promise<unknown>>();

/**
 * Forgets everything loaded, so the next load fetches again: for the site build, which runs
 * each figure's opening load on its own to list the files it fetches (lib/build/opening.ts).
 */
export function forgetLoaded(): void {
  manifestPromise = undefined;
  for (const cache of [
    files,
    cores,
    edges,
    layouts,
    images,
    steps,
    projections,
    regions,
    units,
    sensitivities,
    gradients,
    saliencies,
    headCache,
    tailCache,
  ])
    cache.clear();
}

/**
 * The one snapshot `data` holds when it came from a head (0) or tail file (the last);
 * undefined for a whole table.
 */
export function sliceSnapshot(data: object | null | undefined): number | undefined {
  if (!data) return undefined;
  return headObjects.has(data) ? 0 : tailObjects.get(data);
}

/**
 * The last snapshot of one table file, indexed as in the whole table (the other snapshots are
 * empty). Falls back to the whole file (`full`) like loadHead.
 */
function loadTail<T extends object>(
  name: string,
  table: TableName,
  layer: number,
  assemble: (entry: Manifest['experiments'][string], bytes: Uint8Array) => T,
  full: () => Promise<T>,
): Promise<T> {
  return remember(
    tailCache as Map<string, Promise<T>>,
    `${name}\u0000${table}\u0000${layer}`,
    async () => {
      const entry = experimentEntry(await loadManifest(), name);
      const file = requireFile(entry, name, table, layer);
      try {
        const tail = assemble(entry, await fetchFile(tailFileName(file.name)));
        tailObjects.set(tail, entry.snapshots.length - 1);
        return tail;
      } catch {
        return full();
      }
    },
  );
}

/** The last snapshot's layout of one layer (positions-l<layer>.tail.arrow), at index S − 1. */
export function loadLayerTail(name: string, layer: number): Promise<LayerViews> {
  return loadTail(
    name,
    'positions',
    layer,
    (entry, bytes) => {
      const S = entry.snapshots.length;
      const last = { ...entry, snapshots: entry.snapshots.slice(-1) };
      const views = assembleLayerViews(name, last, layer, bytes);
      const xy = new Float32Array(S * views.xy.length);
      xy.set(views.xy, (S - 1) * views.xy.length);
      const predicted = new Int8Array(S * views.predicted.length);
      predicted.set(views.predicted, (S - 1) * views.predicted.length);
      return { ...views, xy, predicted };
    },
    () => loadLayer(name, layer),
  );
}

/** The last snapshot's display edges of one layer (edges-l<layer>.tail.arrow), at index S − 1. */
export function loadEdgesTail(name: string, layer: number): Promise<Edges> {
  // Assembled against every snapshot: the offsets of all but the last are empty.
  return loadTail(
    name,
    'edges',
    layer,
    (entry, bytes) => assembleEdges(name, entry, layer, bytes),
    () => loadEdges(name, layer),
  );
}

/**
 * The first snapshot of one table file, assembled as if the experiment had that snapshot only.
 * Falls back to the whole file (`full`) when the head cannot be fetched (the dev server has
 * none) or read.
 */
function loadHead<T extends object>(
  name: string,
  table: TableName,
  layer: number | undefined,
  assemble: (entry: Manifest['experiments'][string], bytes: Uint8Array) => T,
  full: () => Promise<T>,
): Promise<T> {
  return remember(
    headCache as Map<string, Promise<T>>,
    `${name}\u0000${table}\u0000${layer ?? ''}`,
    async () => {
      const entry = experimentEntry(await loadManifest(), name);
      const file = requireFile(entry, name, table, layer);
      try {
        const bytes = await fetchFile(headFileName(file.name));
        const head = assemble({ ...entry, snapshots: entry.snapshots.slice(0, 1) }, bytes);
        headObjects.add(head);
        return head;
      } catch {
        return full();
      }
    },
  );
}

/** The first snapshot's layout of one layer (positions-l<layer>.head.arrow). */
export function loadLayerHead(name: string, layer: number): Promise<LayerViews> {
  return loadHead(
    name,
    'positions',
    layer,
    (entry, bytes) => assembleLayerViews(name, entry, layer, bytes),
    () => loadLayer(name, layer),
  );
}

/** The first snapshot's linear view of one layer (projections-l<layer>.head.arrow). */
export function loadProjectionsHead(name: string, layer: number): Promise<Projections> {
  return loadHead(
    name,
    'projections',
    layer,
    (entry, bytes) => assembleProjections(name, entry, layer, bytes),
    () => loadProjections(name, layer),
  );
}

/** The first snapshot's decision regions, or null when the experiment has none. */
export async function loadRegionsHead(name: string): Promise<Regions | null> {
  const entry = experimentEntry(await loadManifest(), name);
  if (!fileEntry(entry, 'regions')) return null;
  return loadHead(
    name,
    'regions',
    undefined,
    (e, bytes) => assembleRegions(name, e, bytes),
    async () => (await loadRegions(name))!,
  );
}

/** The first snapshot's display edges of one layer (edges-l<layer>.head.arrow). */
export function loadEdgesHead(name: string, layer: number): Promise<Edges> {
  return loadHead(
    name,
    'edges',
    layer,
    (entry, bytes) => assembleEdges(name, entry, layer, bytes),
    () => loadEdges(name, layer),
  );
}

/** The core and the first snapshot's layouts of some layers (see loadCoreWithLayers). */
export function loadCoreWithLayerHeads(
  name: string,
  layerPos: readonly number[] | 'all',
): Promise<{ core: Core; layers: LayerViews[] }> {
  return loadCoreWithSlices(name, layerPos, loadLayerHead);
}

/** The core and the last snapshot's layouts of some layers (see loadCoreWithLayers). */
export function loadCoreWithLayerTails(
  name: string,
  layerPos: readonly number[] | 'all',
): Promise<{ core: Core; layers: LayerViews[] }> {
  return loadCoreWithSlices(name, layerPos, loadLayerTail);
}

async function loadCoreWithSlices(
  name: string,
  layerPos: readonly number[] | 'all',
  loadSlice: (name: string, layer: number) => Promise<LayerViews>,
): Promise<{ core: Core; layers: LayerViews[] }> {
  const entry = experimentEntry(await loadManifest(), name);
  const L = entry.layers.length;
  const shown =
    layerPos === 'all' ? entry.layers : layerPos.map((p) => entry.layers[clampIndex(p, L, L - 1)]);
  const indices = shown.map((l) => l?.index ?? 1);
  const [core, layers] = await Promise.all([
    loadCore(name),
    Promise.all(indices.map((i) => loadSlice(name, i))),
  ]);
  return { core, layers };
}
