/**
 * Browser-side loading with one cache per page: figures that show the same experiment share
 * its downloads. Edges and images load only when first asked for.
 */
import { MANIFEST_FILE, type Manifest } from '../../../../pipeline/contract.ts';
import { assembleCore, assembleEdges, assembleImages, type Core, type Edges } from './experiment.ts';
import { fetchFile } from './fetch-file.ts';
import { experimentEntry, fileEntry, parseManifest, requireFile } from './manifest.ts';

let manifestPromise: Promise<Manifest> | undefined;
const cores = new Map<string, Promise<Core>>();
const edges = new Map<string, Promise<Edges>>();
const images = new Map<string, Promise<Uint8Array | null>>();

/** Forgets failed loads so a retry fetches again. */
function remember<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
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
    manifestPromise = fetchFile(MANIFEST_FILE).then((bytes) => parseManifest(new TextDecoder().decode(bytes)));
    manifestPromise.catch(() => (manifestPromise = undefined));
  }
  return manifestPromise;
}

/** Nodes, positions and metrics of an experiment. */
export function loadCore(name: string): Promise<Core> {
  return remember(cores, name, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    const get = (table: 'nodes' | 'positions' | 'metrics'): Promise<Uint8Array> => {
      const file = requireFile(entry, name, table);
      return fetchFile(file.name, file);
    };
    const [nodes, positions, metrics] = await Promise.all([get('nodes'), get('positions'), get('metrics')]);
    return assembleCore(name, entry, { nodes, positions, metrics });
  });
}

/** Display edges of an experiment (fetched on first use). */
export function loadEdges(name: string): Promise<Edges> {
  return remember(edges, name, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    const file = requireFile(entry, name, 'edges');
    return assembleEdges(name, entry, await fetchFile(file.name, file));
  });
}

/** Thumbnails (n × 784 bytes), or null when the experiment has no images. */
export function loadImages(name: string): Promise<Uint8Array | null> {
  return remember(images, name, async () => {
    const entry = experimentEntry(await loadManifest(), name);
    const file = fileEntry(entry, 'images');
    if (!file) return null;
    return assembleImages(name, entry, await fetchFile(file.name, file));
  });
}
