import { loadView } from './load.ts';
const v = loadView('/tmp/act', 3);
console.log(v.n, v.dim, v.snapshots, v.points(33).slice(0, 5));
