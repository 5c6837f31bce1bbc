import { readFileSync, readdirSync } from 'node:fs';
import { decodeTable } from '../pipeline/io/arrow.ts';
export function loadView(dir: string, layer: number) {
  const files = readdirSync(`${dir}/mlp-classes`);
  const f = (p: string) => `${dir}/mlp-classes/${files.find((x) => x.startsWith(p))}`;
  const t = decodeTable(readFileSync(f(`activations-l${layer}.`)));
  const nodes = decodeTable(readFileSync(f('nodes.')));
  const labels = Int32Array.from(nodes.getChild('label')!.toArray() as ArrayLike<number>);
  const snap = t.getChild('snapshot')!.toArray() as ArrayLike<number>;
  const values = t.getChild(t.schema.fields[t.schema.fields.length - 1].name)!;
  const n = labels.length;
  const rows = snap.length;
  const dim = (values.type as { listSize: number }).listSize;
  const flat = values.data[0].children[0].values as Float32Array;
  return { n, dim, labels, snapshots: rows / n, points: (s: number) => flat.subarray(s * n * dim, (s + 1) * n * dim) };
}
