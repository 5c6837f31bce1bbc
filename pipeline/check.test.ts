import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../test/helpers/cli.ts';
import { checkData } from './check.ts';
import { POSITIONS, type Manifest } from './contract.ts';
import { decodeTable, encodeTable } from './io/arrow.ts';
import { sha256 } from './io/atomic.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the committed data/ whose file `name` is replaced by `bytes`, manifest updated to match. */
function copyWith(name: string, bytes: Uint8Array): string {
  dir = mkdtempSync(join(tmpdir(), 'structviz-check-'));
  cpSync(join(ROOT, 'data'), dir, { recursive: true });
  writeFileSync(join(dir, name), bytes);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  for (const entry of Object.values(manifest.experiments)) {
    for (const file of entry.files) {
      if (file.name === name) Object.assign(file, { bytes: bytes.length, sha256: sha256(bytes) });
    }
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

function positionsOf(layer: number): Record<string, Int8Array | Int16Array | Int32Array> {
  const table = decodeTable(readFileSync(join(ROOT, 'data', 'mlp-toy', `positions-l${layer}.arrow`)));
  return Object.fromEntries(POSITIONS.columns.map((c) => [c.name, table.getChild(c.name)?.toArray() as Int16Array]));
}

describe('check on per-layer files', () => {
  it('names a per-layer file that holds another layer', () => {
    const other = readFileSync(join(ROOT, 'data', 'mlp-toy', 'positions-l2.arrow'));
    const problems = checkData(copyWith('mlp-toy/positions-l1.arrow', other));
    expect(problems).toEqual(['mlp-toy/positions-l1.arrow: layer[0] = 2, but this file holds layer 1']);
  });

  it('names a stored coordinate outside the box', () => {
    const columns = positionsOf(1);
    const y = Int16Array.from(columns['y'] as Int16Array);
    y[5] = -32768;
    const problems = checkData(copyWith('mlp-toy/positions-l1.arrow', encodeTable(POSITIONS, { ...columns, y })));
    expect(problems).toEqual(['mlp-toy/positions-l1.arrow: y[5] = -32768 is outside -32767 … 32767']);
  });
});
