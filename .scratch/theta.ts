import { loadView } from './load.ts';
import { gramDistances } from '../pipeline/graph/distances.ts';
import { knn } from '../pipeline/graph/knn.ts';
import { pcaProjection } from '../pipeline/layout/pca.ts';
import { perplexityAffinities } from '../pipeline/layout/affinities.ts';
import { neighborEmbedding } from '../pipeline/layout/neighbor-embedding.ts';
import { layoutFidelity } from '../pipeline/metrics/fidelity.ts';
import { knnGraph } from '../pipeline/graph/knn-graph.ts';
import { firstNeighbors } from '../pipeline/graph/knn.ts';
import { logLocalRadii } from '../pipeline/layout/neighbor-embedding.ts';
import { radiusR, visible } from './metrics.ts';
const v = loadView('/tmp/act', Number(process.env.LAYER ?? 1));
const s = Number(process.env.SNAP ?? 33);
const points = v.points(s);
const dist = gramDistances(points, v.n, v.dim);
const nb = knn(dist, v.n, { k: 90, refine: { data: points, dim: v.dim } });
const P = perplexityAffinities(nb, { perplexity: 30 });
const init = pcaProjection(points, v.n, v.dim);
let sd = 0; for (const x of init) sd += x * x; sd = Math.sqrt(sd / init.length);
const y0 = Float32Array.from(init, (x) => (x / sd) * 1e-2);
const G = knnGraph(firstNeighbors(nb, 15));
const radii = logLocalRadii(G, (i, j) => dist[i * v.n + j] ** 2);
//
for (let i = 0; i < v.n; i++) { let a = 0, w = 0; for (let p = P.rowPtr[i]; p < P.rowPtr[i+1]; p++) { a += P.weights[p] * dist[i * v.n + P.colIdx[p]] ** 2; w += P.weights[p]; } radii[i] = Math.log(a / w + 1e-12); }
for (const spec of (process.env.RUNS ?? '0.5:0').split(' ')) {
  const [theta, lambda, rho] = spec.split(':').map(Number);
  const t0 = performance.now();
  const y = neighborEmbedding(P, y0, { iterations: 750, theta, exaggeration: rho || 1, early: { iterations: 250, exaggeration: 12 }, ...(lambda ? { density: { weight: lambda, radii, graph: G } } : {}) });
  const secs = (performance.now() - t0) / 1000;
  const f = layoutFidelity(points, v.dim, y, v.labels, 10, { distances: dist, neighbors: knn(dist, v.n, {k:10}).indices });
  console.log(`theta ${theta} lambda ${lambda} rho ${rho||1} T ${f.trustworthiness.toFixed(4)} kNN ${f.knn_preservation.toFixed(4)} r ${radiusR(dist, y, v.n).toFixed(3)} vis ${visible(y, v.n).toFixed(3)} ${secs.toFixed(2)}s`);
}
