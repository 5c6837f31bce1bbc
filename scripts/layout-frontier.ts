/**
 * `npm run bench:frontier -- DIR`: the layout's attraction–repulsion frontier, measured on an
 * `--activations` export (DIR holds mlp-classes/activations-l<layer>.arrow). For every hidden
 * layer at ¼ epoch and at the end, the published layout method run cold on that snapshot's graph
 * (spectral → ForceAtlas2 → neighbour embedding, as fidelity.arrow's `ours-cold`) for each
 * exaggeration ρ (1 = t-SNE … 16 ≈ tight, ForceAtlas2-like clusters) and density weight λ, scored
 * like every view: T@10, kNN preservation@10, local-radius r, visible dots (700 px panel).
 * Writes bench/frontier.{md,json} and docs/layout-frontier.svg (the README shows it).
 * `--layers 1,2,3`, `--snapshots 1,last`, `--rho 1,2,4,8,16`, `--lambda 0,0.1,0.3,1`.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gramDistances } from '../pipeline/graph/distances.ts';
import { firstNeighbors, knn } from '../pipeline/graph/knn.ts';
import { knnGraph } from '../pipeline/graph/knn-graph.ts';
import { decodeTable } from '../pipeline/io/arrow.ts';
import { createLayoutSequence } from '../pipeline/layout/sequence.ts';
import { layoutFidelity } from '../pipeline/metrics/fidelity.ts';
import { createRandom } from '../pipeline/util/random.ts';
import { affinityNeighbors, embeddingInputs } from '../pipeline/view/chain.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    layers: { type: 'string', default: '1,2,3' },
    snapshots: { type: 'string', default: '1,last' },
    rho: { type: 'string', default: '1,2,4,8,16' },
    lambda: { type: 'string', default: '0,0.1,0.3,1' },
    out: { type: 'string', default: 'bench' },
    svg: { type: 'string', default: 'docs/layout-frontier.svg' },
    /** Re-plot (and re-table) rows saved by earlier runs (frontier.json files, comma-separated) instead of computing. */
    from: { type: 'string' },
  },
});
const dir = positionals[0] ?? '';
if (!dir && !values.from) {
  console.error('bench:frontier: give the folder of an --activations run (e.g. /tmp/act)');
  process.exit(2);
}
const list = (s: string): number[] => s.split(',').map(Number);

/** One view's activations and labels from the export. */
function loadView(layer: number) {
  const folder = join(dir, 'mlp-classes');
  const files = readdirSync(folder);
  const file = (prefix: string): string => {
    const name = files.find((f) => f.startsWith(prefix));
    if (!name)
      throw new Error(`bench:frontier: no ${prefix}*.arrow in ${folder} (run with --activations)`);
    return join(folder, name);
  };
  const table = decodeTable(readFileSync(file(`activations-l${layer}.`)));
  const labels = Int32Array.from(
    decodeTable(readFileSync(file('nodes.')))
      .getChild('label')!
      .toArray() as ArrayLike<number>,
  );
  const column = table.getChild(table.schema.fields[table.schema.fields.length - 1].name)!;
  const dim = (column.type as { listSize: number }).listSize;
  const flat = Float32Array.from(
    column.data.flatMap((d) => Array.from(d.children[0].values as Float32Array)),
  );
  const n = labels.length;
  return { n, dim, labels, snapshots: flat.length / (n * dim), flat };
}

interface Row {
  layer: number;
  snapshot: number;
  rho: number;
  lambda: number;
  trustworthiness: number;
  knnPreservation: number;
  localRadiusR: number;
  visibleShare: number;
  seconds: number;
}

const rows: Row[] = values.from
  ? values.from.split(',').flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as Row[])
  : [];
for (const layer of values.from ? [] : list(values.layers)) {
  const view = loadView(layer);
  const snapshots = values.snapshots
    .split(',')
    .map((s) => (s === 'last' ? view.snapshots - 1 : Number(s)));
  for (const snapshot of snapshots) {
    const { n, dim } = view;
    const points = view.flat.subarray(snapshot * n * dim, (snapshot + 1) * n * dim);
    const distances = gramDistances(points, n, dim);
    const neighbors = knn(distances, n, { k: affinityNeighbors(n), refine: { data: points, dim } });
    const graph = knnGraph(firstNeighbors(neighbors, 15));
    const { affinities, radii } = embeddingInputs(neighbors, graph, distances);
    const high = { distances, neighbors: firstNeighbors(neighbors, 10).indices };
    for (const rho of list(values.rho))
      for (const lambda of list(values.lambda)) {
        const started = performance.now();
        const { positions } = createLayoutSequence({
          random: createRandom(7),
          refine: { exaggeration: rho, density: lambda },
        }).next(graph, { affinities, radii });
        const seconds = (performance.now() - started) / 1000;
        const f = layoutFidelity(points, dim, positions, view.labels, 10, high);
        rows.push({
          layer,
          snapshot,
          rho,
          lambda,
          trustworthiness: f.trustworthiness,
          knnPreservation: f.knn_preservation,
          localRadiusR: f.local_radius_r,
          visibleShare: f.visible_share,
          seconds,
        });
        const r = rows[rows.length - 1];
        console.log(
          `layer ${layer} snapshot ${snapshot} ρ ${rho} λ ${lambda}: T ${r.trustworthiness.toFixed(4)} kNN ${r.knnPreservation.toFixed(4)} r ${r.localRadiusR.toFixed(3)} visible ${r.visibleShare.toFixed(3)} (${seconds.toFixed(1)} s)`,
        );
      }
  }
}

mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'frontier.json'), JSON.stringify(rows, null, 2));
const header =
  '| layer | snapshot | ρ | λ | T@10 | kNN pres.@10 | local-radius r | visible |\n|---|---|---|---|---|---|---|---|\n';
const md = rows
  .map(
    (r) =>
      `| ${r.layer} | ${r.snapshot} | ${r.rho} | ${r.lambda} | ${r.trustworthiness.toFixed(4)} | ${r.knnPreservation.toFixed(4)} | ${r.localRadiusR.toFixed(3)} | ${r.visibleShare.toFixed(3)} |`,
  )
  .join('\n');
writeFileSync(join(values.out, 'frontier.md'), `${header}${md}\n`);
writeFileSync(values.svg, frontierSvg(rows));
console.log(`wrote ${join(values.out, 'frontier.md')}, ${values.svg}`);

/** Three small plots over the (ρ, λ) grid, means over the measured views: kNN preservation, r and visible dots against ρ, one line per λ. */
function frontierSvg(all: Row[]): string {
  const rhos = [...new Set(all.map((r) => r.rho))].sort((a, b) => a - b);
  const lambdas = [...new Set(all.map((r) => r.lambda))].sort((a, b) => a - b);
  const mean = (rho: number, lambda: number, key: keyof Row): number => {
    const sel = all.filter((r) => r.rho === rho && r.lambda === lambda);
    return sel.reduce((s, r) => s + r[key], 0) / Math.max(sel.length, 1);
  };
  const panels: [keyof Row, string][] = [
    ['knnPreservation', 'kNN preservation@10'],
    ['localRadiusR', 'local-radius r'],
    ['visibleShare', 'visible dots (700 px)'],
  ];
  const colours = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e'];
  const W = 260;
  const H = 200;
  const pad = { l: 44, r: 10, t: 26, b: 36 };
  const x = (rho: number): number =>
    pad.l +
    ((Math.log2(rho) - Math.log2(rhos[0])) /
      Math.max(1e-9, Math.log2(rhos[rhos.length - 1]) - Math.log2(rhos[0]))) *
      (W - pad.l - pad.r);
  const parts: string[] = [];
  panels.forEach(([key, title], p) => {
    const vals = rhos.flatMap((rho) => lambdas.map((l) => mean(rho, l, key)));
    const lo = Math.floor(Math.min(...vals) * 20) / 20;
    const hi = Math.ceil(Math.max(...vals) * 20) / 20;
    const y = (v: number): number =>
      pad.t + (1 - (v - lo) / Math.max(1e-9, hi - lo)) * (H - pad.t - pad.b);
    const g: string[] = [`<g transform="translate(${p * W},0)">`];
    g.push(`<text x="${pad.l}" y="16" font-size="12" font-weight="600">${title}</text>`);
    g.push(
      `<line x1="${pad.l}" y1="${H - pad.b}" x2="${W - pad.r}" y2="${H - pad.b}" stroke="#888"/>`,
    );
    g.push(`<line x1="${pad.l}" y1="${pad.t}" x2="${pad.l}" y2="${H - pad.b}" stroke="#888"/>`);
    for (const rho of rhos)
      g.push(
        `<text x="${x(rho)}" y="${H - pad.b + 14}" font-size="10" text-anchor="middle">${rho}</text>`,
      );
    g.push(
      `<text x="${(pad.l + W - pad.r) / 2}" y="${H - 6}" font-size="10" text-anchor="middle">exaggeration ρ (1 = t-SNE)</text>`,
    );
    for (const v of [lo, (lo + hi) / 2, hi])
      g.push(
        `<text x="${pad.l - 4}" y="${y(v) + 3}" font-size="10" text-anchor="end">${v.toFixed(2)}</text>`,
      );
    lambdas.forEach((l, c) => {
      const pts = rhos.map((rho) => `${x(rho).toFixed(1)},${y(mean(rho, l, key)).toFixed(1)}`);
      g.push(
        `<polyline points="${pts.join(' ')}" fill="none" stroke="${colours[c % colours.length]}" stroke-width="2"/>`,
      );
      for (const pt of pts)
        g.push(
          `<circle cx="${pt.split(',')[0]}" cy="${pt.split(',')[1]}" r="2.5" fill="${colours[c % colours.length]}"/>`,
        );
    });
    g.push('</g>');
    parts.push(g.join(''));
  });
  const legend = lambdas
    .map(
      (l, c) =>
        `<g transform="translate(${pad.l + c * 90},${H + 8})"><rect width="12" height="3" y="-4" fill="${colours[c % colours.length]}"/><text x="16" font-size="10">density λ = ${l}</text></g>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${3 * W}" height="${H + 16}" viewBox="0 0 ${3 * W} ${H + 16}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}${legend}</svg>\n`;
}
