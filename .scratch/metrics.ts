import { drawnView, REFERENCE_PANEL_PX } from '../pipeline/contract.ts';
import { fitToBox } from '../pipeline/layout/align.ts';
import { pairwiseDistances } from '../pipeline/graph/distances.ts';
import { knn } from '../pipeline/graph/knn.ts';
export function visible(raw: Float32Array, n: number): number {
  const pos = fitToBox(raw, n);
  const { pixels, radius } = drawnView(pos, n, REFERENCE_PANEL_PX);
  let vis = 0;
  for (let i = 0; i < n; i++) {
    const x = pixels[2 * i], y = pixels[2 * i + 1];
    if (x < 0 || y < 0 || x > 700 || y > 700) continue;
    let cov = false;
    for (let j = i + 1; j < n && !cov; j++) if (Math.hypot(pixels[2 * j] - x, pixels[2 * j + 1] - y) < radius) cov = true;
    if (!cov) vis++;
  }
  return vis / n;
}
export function radiusR(highDist: Float32Array, raw: Float32Array, n: number, k = 10): number {
  const low = pairwiseDistances(raw, n, 2);
  const hn = knn(highDist, n, { k }).indices, ln = knn(low, n, { k }).indices;
  const a = new Float64Array(n), b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0, t = 0;
    for (let r = 0; r < k; r++) { s += highDist[i * n + hn[i * k + r]] ** 2; t += low[i * n + ln[i * k + r]] ** 2; }
    a[i] = Math.log(s / k + 1e-12); b[i] = Math.log(t / k + 1e-12);
  }
  const m = (x: Float64Array) => x.reduce((p, c) => p + c, 0) / n;
  const ma = m(a), mb = m(b);
  let c = 0, va = 0, vb = 0;
  for (let i = 0; i < n; i++) { c += (a[i] - ma) * (b[i] - mb); va += (a[i] - ma) ** 2; vb += (b[i] - mb) ** 2; }
  return c / Math.sqrt(va * vb);
}
