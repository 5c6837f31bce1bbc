import { loadView } from './load.ts';
import { radiusR, visible } from './metrics.ts';
import { createViewChain } from '../pipeline/view/chain.ts';
import { gramDistances } from '../pipeline/graph/distances.ts';
const layer = Number(process.env.LAYER ?? 1);
const refine = JSON.parse(process.env.REFINE ?? '{}');
const compare = process.env.COMPARE === '1';
const v = loadView('/tmp/act', layer);
const chain = createViewChain({
  graph: { builder: 'knn', k: 15 }, metricsK: 10, metrics: ['trustworthiness', 'knn_preservation'],
  labels: Array.from(v.labels), displayEdgesPerNode: 0,
  layout: { seed: 7, coldIterations: 300, warmIterations: 80, refine },
  metricsSeed: 1, ...(compare ? { compareAt: [1, v.snapshots - 1] } : {}),
});
let total = 0;
for (let s = 0; s < v.snapshots; s++) {
  const t0 = performance.now();
  const out = chain.next({ snapshot: s, points: v.points(s), dim: v.dim });
  const dt = (performance.now() - t0) / 1000;
  if (s > 0) total += out.layoutSeconds ?? 0;
  if (s === 1 || s === v.snapshots - 1 || process.env.ALL) {
    const dist = gramDistances(v.points(s), v.n, v.dim);
    console.log(`L${layer} s${s} T ${out.metrics.trustworthiness.toFixed(4)} kNN ${out.metrics.knn_preservation.toFixed(4)} r ${radiusR(dist, out.positions, v.n).toFixed(3)} vis ${visible(out.positions, v.n).toFixed(3)} layout ${out.layoutSeconds?.toFixed(2)}s`);
    out.comparison?.forEach((c, m) => console.log(`   method ${m} T ${c.fidelity.trustworthiness.toFixed(4)} kNN ${c.fidelity.knn_preservation.toFixed(4)} r ${radiusR(dist, c.positions, v.n).toFixed(3)} vis ${visible(c.positions, v.n).toFixed(3)} ${c.seconds.toFixed(2)}s`));
  }
}
console.log(`L${layer} warm layout total ${total.toFixed(1)} s over ${v.snapshots - 1} steps`);
