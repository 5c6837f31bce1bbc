/**
 * Column buffers for one experiment's views, filled snapshot by snapshot and laid out in the
 * contract's sort order (layer, snapshot, node), so one view is a contiguous slice.
 */
import { quantiseCoordinate, quantiseWeight, type TableSpec } from '../contract.ts';
import type { DisplayEdges } from '../graph/display-edges.ts';
import { encodeTable } from '../io/arrow.ts';
import type { StructureMetrics } from '../metrics/index.ts';

export interface MetricsRow extends StructureMetrics {
  epoch: number;
  deadUnits: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
}

/** Encodes display edges of several views, given in (layer, snapshot) order, as an EDGES-shaped table. */
export function encodeEdges(spec: TableSpec, views: readonly { layer: number; snapshot: number; edges: DisplayEdges }[]): { bytes: Uint8Array; rows: number } {
  const rows = views.reduce((sum, v) => sum + v.edges.source.length, 0);
  const columns = { layer: new Int8Array(rows), snapshot: new Int16Array(rows), source: new Int32Array(rows), target: new Int32Array(rows), weight: new Uint8Array(rows) };
  let r = 0;
  for (const { layer, snapshot, edges } of views) {
    const m = edges.source.length;
    columns.layer.fill(layer, r, r + m);
    columns.snapshot.fill(snapshot, r, r + m);
    columns.source.set(edges.source, r);
    columns.target.set(edges.target, r);
    for (let i = 0; i < m; i++) columns.weight[r + i] = quantiseWeight(edges.weight[i]);
    r += m;
  }
  return { bytes: encodeTable(spec, columns), rows };
}

export class ViewBuffers {
  private readonly x: Float32Array;
  private readonly y: Float32Array;
  private readonly predicted: Int8Array;
  private readonly edges: (DisplayEdges | undefined)[];
  private readonly metrics: (MetricsRow | undefined)[];

  constructor(
    private readonly n: number,
    private readonly layers: number,
    private readonly snapshots: number,
  ) {
    const rows = n * layers * snapshots;
    this.x = new Float32Array(rows);
    this.y = new Float32Array(rows);
    this.predicted = new Int8Array(rows);
    // Filled with undefined, not holes: `some` and `filter` skip holes.
    this.edges = new Array<DisplayEdges | undefined>(layers * snapshots).fill(undefined);
    this.metrics = new Array<MetricsRow | undefined>(layers * snapshots).fill(undefined);
  }

  private view(layer: number, snapshot: number): number {
    if (layer < 0 || layer >= this.layers || snapshot < 0 || snapshot >= this.snapshots) {
      throw new Error(`view-buffers: view (layer ${layer}, snapshot ${snapshot}) is outside ${this.layers}×${this.snapshots}`);
    }
    return layer * this.snapshots + snapshot;
  }

  /** The stored layout of a view as n×2 positions, or undefined before it exists. */
  layout(layer: number, snapshot: number): Float32Array | undefined {
    // A view exists once its metrics row is in; before the first snapshot there is none.
    if (snapshot < 0 || snapshot >= this.snapshots || !this.metrics[this.view(layer, snapshot)]) return undefined;
    const start = this.view(layer, snapshot) * this.n;
    const out = new Float32Array(this.n * 2);
    for (let i = 0; i < this.n; i++) {
      out[2 * i] = this.x[start + i];
      out[2 * i + 1] = this.y[start + i];
    }
    return out;
  }

  addView(layer: number, snapshot: number, positions: Float32Array, predicted: Int8Array, edges: DisplayEdges): void {
    const v = this.view(layer, snapshot);
    const start = v * this.n;
    for (let i = 0; i < this.n; i++) {
      this.x[start + i] = positions[2 * i];
      this.y[start + i] = positions[2 * i + 1];
      this.predicted[start + i] = predicted[i];
    }
    this.edges[v] = edges;
  }

  addMetrics(layer: number, snapshot: number, row: MetricsRow): void {
    this.metrics[this.view(layer, snapshot)] = row;
  }

  private check(): void {
    if (this.metrics.some((m) => !m)) {
      throw new Error(`view-buffers: ${this.metrics.filter(Boolean).length} of ${this.metrics.length} views were filled`);
    }
  }

  /** Layouts encoded per layer (one file each), sorted by (snapshot, node), coordinates as int16. */
  encodedPositions(spec: TableSpec): { layer: number; bytes: Uint8Array; rows: number }[] {
    this.check();
    const rows = this.n * this.snapshots;
    return Array.from({ length: this.layers }, (_, l) => {
      const start = l * rows;
      const x = new Int16Array(rows);
      const y = new Int16Array(rows);
      const snapshot = new Int16Array(rows);
      const node = new Int32Array(rows);
      for (let r = 0; r < rows; r++) {
        x[r] = quantiseCoordinate(this.x[start + r]);
        y[r] = quantiseCoordinate(this.y[start + r]);
        snapshot[r] = Math.floor(r / this.n);
        node[r] = r % this.n;
      }
      const columns = { layer: new Int8Array(rows).fill(l + 1), snapshot, node, x, y, predicted: this.predicted.subarray(start, start + rows) };
      return { layer: l + 1, bytes: encodeTable(spec, columns), rows };
    });
  }

  /** Display edges encoded per layer (one file each), sorted by (snapshot, source, target). */
  encodedEdges(spec: TableSpec): { layer: number; bytes: Uint8Array; rows: number }[] {
    this.check();
    return Array.from({ length: this.layers }, (_, l) => {
      const views = this.edges.slice(l * this.snapshots, (l + 1) * this.snapshots) as DisplayEdges[];
      const encoded = encodeEdges(spec, views.map((edges, snapshot) => ({ layer: l + 1, snapshot, edges })));
      return { layer: l + 1, ...encoded };
    });
  }

  metricColumns(): Record<string, Int8Array | Int16Array | Float32Array> {
    this.check();
    const rows = this.metrics as MetricsRow[];
    const f = (pick: (m: MetricsRow) => number): Float32Array => Float32Array.from(rows, pick);
    return {
      layer: Int8Array.from(rows, (_, v) => Math.floor(v / this.snapshots) + 1),
      snapshot: Int16Array.from(rows, (_, v) => v % this.snapshots),
      epoch: f((m) => m.epoch),
      train_loss: f((m) => m.trainLoss),
      train_accuracy: f((m) => m.trainAccuracy),
      test_loss: f((m) => m.testLoss),
      test_accuracy: f((m) => m.testAccuracy),
      silhouette_activation: f((m) => m.silhouetteActivation),
      silhouette_layout: f((m) => m.silhouetteLayout),
      neighborhood_hit: f((m) => m.neighborhoodHit),
      trustworthiness: f((m) => m.trustworthiness),
      continuity: f((m) => m.continuity),
      knn_preservation: f((m) => m.knnPreservation),
      displacement: f((m) => m.displacement),
      dead_units: Int16Array.from(rows, (m) => m.deadUnits),
    };
  }

  /** Headline numbers for the manifest: final accuracy and the last hidden layer's structure. */
  summary(): Record<string, number> {
    this.check();
    const round = (v: number): number => Math.round(v * 1e4) / 1e4;
    const last = this.layers - 1;
    const first = this.metrics[this.view(last, 0)] as MetricsRow;
    const final = this.metrics[this.view(last, this.snapshots - 1)] as MetricsRow;
    return {
      finalTestAccuracy: round(final.testAccuracy),
      finalTrainAccuracy: round(final.trainAccuracy),
      lastLayerSilhouetteLayoutInitial: round(first.silhouetteLayout),
      lastLayerSilhouetteLayoutFinal: round(final.silhouetteLayout),
      lastLayerSilhouetteActivationFinal: round(final.silhouetteActivation),
      lastLayerNeighborhoodHitFinal: round(final.neighborhoodHit),
      lastLayerTrustworthinessFinal: round(final.trustworthiness),
      lastLayerContinuityFinal: round(final.continuity),
    };
  }
}
