import { loadView } from './load.ts';
import { gramDistances } from '../pipeline/graph/distances.ts';
import { knn } from '../pipeline/graph/knn.ts';
import { perplexityAffinities } from '../pipeline/layout/affinities.ts';
import { neighborEmbedding } from '../pipeline/layout/neighbor-embedding.ts';
import { pcaProjection } from '../pipeline/layout/pca.ts';
const v = loadView('/tmp/act', 3);
const points = v.points(33);
const dist = gramDistances(points, v.n, v.dim);
const nb = knn(dist, v.n, { k: 90, refine: { data: points, dim: v.dim } });
const P = perplexityAffinities(nb, { perplexity: 30 });
const init = pcaProjection(points, v.n, v.dim);
const y = neighborEmbedding(P, Float32Array.from(init, (x) => x * 0.01), { iterations: 750, early: { iterations: 250, exaggeration: 12 }, theta: 0.8 });
for (const th of [0.8]) {
  const t0 = process.cpuUsage();
  const out = neighborEmbedding(P, y, { iterations: 200, theta: th });
  const c = process.cpuUsage(t0);
  console.log(`theta ${th}: ${((c.user + c.system) / 1000 / 200).toFixed(2)} ms CPU per iteration; edges ${P.colIdx.length}; ${out[0]}`);
}
