import { loadView } from './load.ts';
import { visible, radiusR } from './metrics.ts';
import { gramDistances } from '../pipeline/graph/distances.ts';
import { knn } from '../pipeline/graph/knn.ts';
import { pcaProjection } from '../pipeline/layout/pca.ts';
import { perplexityAffinities } from '../pipeline/layout/affinities.ts';
import { neighborEmbedding } from '../pipeline/layout/neighbor-embedding.ts';
import { layoutFidelity } from '../pipeline/metrics/fidelity.ts';
const layers = (process.env.LAYERS ?? '1,2,3').split(',').map(Number);
const snaps = (process.env.SNAPS ?? '1,33').split(',').map(Number);
const rho = Number(process.env.RHO ?? 1);
const iters = Number(process.env.ITERS ?? 750);
for (const layer of layers) {
  const v = loadView('/tmp/act', layer);
  for (const s of snaps) {
    const points = v.points(s);
    const dist = gramDistances(points, v.n, v.dim);
    const nb = knn(dist, v.n, { k: 90, refine: { data: points, dim: v.dim } });
    const P = perplexityAffinities(nb, { perplexity: 30 });
    const init = pcaProjection(points, v.n, v.dim);
    let sd = 0; for (const x of init) sd += x * x; sd = Math.sqrt(sd / init.length);
    const y0 = Float32Array.from(init, (x) => (x / sd) * 1e-4 * 100);
    const t0 = performance.now();
    const y = neighborEmbedding(P, y0, { iterations: iters, exaggeration: rho, early: { iterations: 250, exaggeration: 12 } });
    const secs = (performance.now() - t0) / 1000;
    const f = layoutFidelity(points, v.dim, y, v.labels, 10, { distances: dist, neighbors: knn(dist, v.n, {k:10}).indices });
    console.log(`L${layer} s${s} rho${rho} T ${f.trustworthiness.toFixed(4)} kNN ${f.knn_preservation.toFixed(4)} NH ${f.neighborhood_hit.toFixed(4)} r ${radiusR(dist, y, v.n).toFixed(3)} vis ${visible(y, v.n).toFixed(3)} ${secs.toFixed(2)}s`);
  }
}
