/**
 * A vae-beta experiment as its figure reads it: nodes, every β's latent layouts, KL per
 * latent dimension, losses and active units per (β, snapshot), the linear-VAE theory rows;
 * image strips per β on demand. Decoding is separate from fetching, so the build (posters)
 * and the browser share it.
 */
import {
  AUTOENCODER,
  LATENT_AXES,
  LATENTS,
  LATENT_KL,
  NODES,
  STRIPS,
  THEORY,
  VAE_METRICS,
  coordinateOf,
  type ExperimentEntry,
} from '../../../../pipeline/contract.ts';
import { experimentEntry } from './manifest.ts';
import { loadManifest, tableBytes } from './store.ts';
import { loadTable, numbers, shapedBytes } from './table.ts';

/** The columns of metrics.arrow a figure reads, per (β, snapshot). */
export type VaeMetricName =
  | 'epoch'
  | 'recon_loss'
  | 'kl'
  | 'elbo'
  | 'active_units'
  | 'jacobian_orthogonality'
  | 'polarised_share'
  | 'active_posterior_variance'
  | 'passive_posterior_variance'
  | 'axis_x_dim'
  | 'axis_y_dim';

/** The plain-autoencoder baseline at every snapshot (autoencoder.arrow). */
export interface AutoencoderTrajectory {
  readonly epoch: Float32Array;
  readonly reconLoss: Float32Array;
  readonly orthogonality: Float32Array;
}

/** Decodes autoencoder.arrow. */
export function assembleAutoencoder(
  name: string,
  entry: ExperimentEntry,
  bytes: Uint8Array,
): AutoencoderTrajectory {
  const table = loadTable(bytes, AUTOENCODER, `${name}/${AUTOENCODER.file}`, { entry });
  return {
    epoch: numbers<Float32Array>(table, 'epoch'),
    reconLoss: numbers<Float32Array>(table, 'recon_loss'),
    orthogonality: numbers<Float32Array>(table, 'jacobian_orthogonality'),
  };
}

export interface VaeData {
  readonly name: string;
  readonly entry: ExperimentEntry;
  readonly n: number;
  /** Latent dimensions. */
  readonly k: number;
  readonly S: number;
  readonly labels: Int8Array;
  readonly betas: readonly number[];
  /** Per β position: S × n × 2 box coordinates, snapshot-major (undefined: not fetched yet, see loadLatents). */
  readonly latents: (Float32Array | undefined)[];
  /** Per (β position, snapshot): metric value; index b·S + s. */
  readonly metric: (name: VaeMetricName, b: number, s: number) => number;
  /** KL and Var μ per (β position, snapshot, dim): index (b·S + s)·k + j. */
  readonly kl: Float32Array;
  readonly muVariance: Float32Array;
  readonly theory: {
    beta: Int8Array;
    eigenvalue: Float32Array;
    threshold: Float32Array;
    predictedKl: Float32Array;
    measuredKl: Float32Array;
    measuredActive: Int8Array;
    predictedNorm2: Float32Array;
    measuredNorm2: Float32Array;
  };
}

/** The raw bytes a VaeData is made of: one file per table, latents per β in manifest order. */
export interface VaeBytes {
  nodes: Uint8Array;
  metrics: Uint8Array;
  latentKl: Uint8Array;
  theory: Uint8Array;
  /** Undefined for a β whose layouts are fetched later. */
  latents: (Uint8Array | undefined)[];
}

/** A positions table's (x, y) columns as box coordinates, interleaved. */
function boxCoordinates(table: ReturnType<typeof loadTable>): Float32Array {
  const x = numbers<Int16Array>(table, 'x');
  const y = numbers<Int16Array>(table, 'y');
  const xy = new Float32Array(2 * x.length);
  for (let i = 0; i < x.length; i++) {
    xy[2 * i] = coordinateOf(x[i] ?? 0);
    xy[2 * i + 1] = coordinateOf(y[i] ?? 0);
  }
  return xy;
}

/** Decodes latents-b<beta>.arrow: S × n × 2 box coordinates, snapshot-major. */
export function assembleLatents(
  name: string,
  entry: ExperimentEntry,
  beta: number,
  bytes: Uint8Array,
): Float32Array {
  return boxCoordinates(
    loadTable(bytes, LATENTS, `${name}/latents-b${beta}.arrow`, { entry, split: beta }),
  );
}

/** Decodes latent-axes-b<beta>.arrow: S × n × 2 box coordinates, snapshot-major (the raw two-latent view). */
export function assembleLatentAxes(
  name: string,
  entry: ExperimentEntry,
  beta: number,
  bytes: Uint8Array,
): Float32Array {
  return boxCoordinates(
    loadTable(bytes, LATENT_AXES, `${name}/latent-axes-b${beta}.arrow`, { entry, split: beta }),
  );
}

/** Decodes and checks a vae-beta experiment's tables. */
export function assembleVae(name: string, entry: ExperimentEntry, bytes: VaeBytes): VaeData {
  const betas = entry.betas ?? [];
  const context = { entry };
  const nodes = loadTable(bytes.nodes, NODES, `${name}/nodes.arrow`, context);
  const labels = numbers<Int8Array>(nodes, 'label');
  const n = labels.length;
  const S = entry.snapshots.length;
  const metrics = loadTable(bytes.metrics, VAE_METRICS, `${name}/metrics.arrow`, context);
  const klTable = loadTable(bytes.latentKl, LATENT_KL, `${name}/latent-kl.arrow`, context);
  const kl = numbers<Float32Array>(klTable, 'kl');
  const k = S && betas.length ? kl.length / (S * betas.length) : 0;
  const latents = betas.map((b, p) => {
    const latentBytes = bytes.latents[p];
    return latentBytes && assembleLatents(name, entry, b.index, latentBytes);
  });
  const theory = loadTable(bytes.theory, THEORY, `${name}/theory.arrow`, context);
  const columns = new Map<string, ArrayLike<number>>();
  const metric: VaeData['metric'] = (column, b, s) => {
    let values = columns.get(column);
    if (!values) columns.set(column, (values = numbers<Float32Array>(metrics, column)));
    return values[b * S + s] ?? NaN;
  };
  return {
    name,
    entry,
    n,
    k,
    S,
    labels,
    betas: betas.map((b) => b.beta),
    latents,
    metric,
    kl,
    muVariance: numbers<Float32Array>(klTable, 'mu_variance'),
    theory: {
      beta: numbers<Int8Array>(theory, 'beta'),
      eigenvalue: numbers<Float32Array>(theory, 'eigenvalue'),
      threshold: numbers<Float32Array>(theory, 'threshold'),
      predictedKl: numbers<Float32Array>(theory, 'predicted_kl'),
      measuredKl: numbers<Float32Array>(theory, 'measured_kl'),
      measuredActive: numbers<Int8Array>(theory, 'measured_active'),
      predictedNorm2: numbers<Float32Array>(theory, 'predicted_column_norm2'),
      measuredNorm2: numbers<Float32Array>(theory, 'measured_column_norm2'),
    },
  };
}

/** One β's image strips: per snapshot, reconstructions, prior samples and traversals (28×28 bytes each). */
export interface VaeStrips {
  /** Images per snapshot of each strip kind (0 reconstruction, 1 prior, 2 traversal). */
  readonly counts: readonly [number, number, number];
  /** Pixels of image `i` of strip `strip` at snapshot `s`. */
  readonly image: (s: number, strip: number, i: number) => Uint8Array;
}

/** Decodes strips-b<beta>.arrow. */
export function assembleStrips(
  name: string,
  entry: ExperimentEntry,
  beta: number,
  bytes: Uint8Array,
): VaeStrips {
  const table = loadTable(bytes, STRIPS, `${name}/strips-b${beta}.arrow`, { entry, split: beta });
  const strip = numbers<Int8Array>(table, 'strip');
  const snapshot = numbers<Int16Array>(table, 'snapshot');
  const pixels = shapedBytes(table, 'pixels');
  const counts: [number, number, number] = [0, 0, 0];
  for (let r = 0; r < strip.length && snapshot[r] === 0; r++) counts[strip[r] ?? 0]++;
  const perSnapshot = counts[0] + counts[1] + counts[2];
  const side = 28 * 28;
  return {
    counts,
    image: (s, kind, i) => {
      const row = s * perSnapshot + (kind > 0 ? counts[0] : 0) + (kind > 1 ? counts[1] : 0) + i;
      return pixels.subarray(row * side, (row + 1) * side);
    },
  };
}

/** Fetches and decodes what the figure opens with: the first β's layouts only (about 30 KB gz each); the others with loadLatents. */
export async function loadVae(name: string): Promise<VaeData> {
  const entry = experimentEntry(await loadManifest(), name);
  const first = entry.betas?.[0];
  const [nodes, metrics, latentKl, theory, latents] = await Promise.all([
    tableBytes(name, 'nodes'),
    tableBytes(name, 'metrics'),
    tableBytes(name, 'latentKl'),
    tableBytes(name, 'theory'),
    first ? tableBytes(name, 'latents', first.index) : undefined,
  ]);
  return assembleVae(name, entry, { nodes, metrics, latentKl, theory, latents: [latents] });
}

/** Fetches one β's latent layouts (`beta` as in the manifest), when the reader switches to it. */
export async function loadLatents(name: string, beta: number): Promise<Float32Array> {
  const entry = experimentEntry(await loadManifest(), name);
  return assembleLatents(name, entry, beta, await tableBytes(name, 'latents', beta));
}

/** Fetches one β's image strips (`beta` as in the manifest). */
export async function loadStrips(name: string, beta: number): Promise<VaeStrips> {
  const entry = experimentEntry(await loadManifest(), name);
  return assembleStrips(name, entry, beta, await tableBytes(name, 'strips', beta));
}

/** Fetches one β's raw latent view (`beta` as in the manifest), on demand: the figure opens on the layouts. */
export async function loadLatentAxes(name: string, beta: number): Promise<Float32Array> {
  const entry = experimentEntry(await loadManifest(), name);
  return assembleLatentAxes(name, entry, beta, await tableBytes(name, 'latentAxes', beta));
}
