import { describe, expect, it } from 'vitest';
import { tableFromIPC } from '@uwdata/flechette';
import {
  ACTIVATIONS,
  EDGES,
  IMAGES,
  IMPORTED_IMAGES,
  METRICS,
  NODES,
  POSITIONS,
} from '../contract.ts';
import { decodeTable, encodeTable } from './arrow.ts';
import { createRandom } from '../util/random.ts';

const random = createRandom(7);
const n = 37;
const floats = (len: number): Float32Array =>
  Float32Array.from({ length: len }, () => random() * 2 - 1);
const ints = <T extends Int8Array | Int16Array | Int32Array | Uint8Array>(
  Ctor: new (n: number) => T,
  len: number,
  mod: number,
): T => {
  const a = new Ctor(len);
  for (let i = 0; i < len; i++) a[i] = Math.floor(random() * mod);
  return a;
};

describe('arrow round trip (writer: apache-arrow, second reader: flechette)', () => {
  it('nodes with utf8 and optional float columns', () => {
    const columns = {
      node: Int32Array.from({ length: n }, (_, i) => i),
      kind: new Int8Array(n),
      label: ints(Int8Array, n, 10),
      split: Array.from({ length: n }, (_, i) => (i % 3 ? 'test' : 'train')),
      source_index: ints(Int32Array, n, 1000),
      input_x: floats(n),
      input_y: floats(n),
    };
    const bytes = encodeTable(NODES, columns);
    const table = tableFromIPC(bytes);
    expect(table.names).toEqual([
      'node',
      'kind',
      'label',
      'split',
      'source_index',
      'input_x',
      'input_y',
    ]);
    for (const [name, values] of Object.entries(columns)) {
      expect(Array.from(table.getChild(name).toArray() as ArrayLike<unknown>)).toEqual(
        Array.from(values as ArrayLike<unknown>),
      );
    }
    expect(decodeTable(bytes).numRows).toBe(n);
  });

  it('positions, edges and metrics keep every typed column bit-exact', () => {
    const rows = 3 * n;
    const cases = [
      [
        POSITIONS,
        {
          layer: ints(Int8Array, rows, 3),
          snapshot: ints(Int16Array, rows, 30),
          node: ints(Int32Array, rows, n),
          x: ints(Int16Array, rows, 32767),
          y: ints(Int16Array, rows, 32767),
          predicted: ints(Int8Array, rows, 10),
        },
      ],
      [
        EDGES,
        {
          layer: ints(Int8Array, rows, 3),
          snapshot: ints(Int16Array, rows, 30),
          source: ints(Int32Array, rows, n),
          target: ints(Int32Array, rows, n),
          weight: ints(Uint8Array, rows, 255),
        },
      ],
    ] as const;
    for (const [spec, columns] of cases) {
      const table = tableFromIPC(encodeTable(spec, columns));
      for (const [name, values] of Object.entries(columns)) {
        const read = table.getChild(name).toArray() as ArrayLike<number>;
        expect(read.constructor).toBe(values.constructor);
        expect(
          Buffer.from(
            (read as Float32Array).buffer,
            (read as Float32Array).byteOffset,
            (read as Float32Array).byteLength,
          ),
        ).toEqual(Buffer.from(values.buffer, values.byteOffset, values.byteLength));
      }
    }
    const metricColumns = Object.fromEntries(
      METRICS.columns.map((c) => [
        c.name,
        c.type === 'float32'
          ? floats(4)
          : c.type === 'int16'
            ? ints(Int16Array, 4, 50)
            : ints(Int8Array, 4, 3),
      ]),
    );
    const metrics = tableFromIPC(encodeTable(METRICS, metricColumns));
    expect(metrics.names).toEqual(METRICS.columns.map((c) => c.name));
    expect(Array.from(metrics.getChild('trustworthiness').toArray() as Float32Array)).toEqual(
      Array.from(metricColumns.trustworthiness as Float32Array),
    );
  });

  it('28×28 thumbnails as FixedSizeList<uint8>[784]', () => {
    const pixels = new Uint8Array(3 * 784).map((_, i) => (i * 31) % 256);
    const table = tableFromIPC(encodeTable(IMAGES, { node: new Int32Array([0, 1, 2]), pixels }));
    const second = table.getChild('pixels').at(2) as Uint8Array;
    expect(Array.from(second)).toEqual(Array.from(pixels.subarray(2 * 784, 3 * 784)));
  });

  it('an imported run’s images as FixedSizeList<uint8>[height·width·channels], the size given with the values', () => {
    const stride = 5 * 7 * 3;
    const values = new Uint8Array(2 * stride).map((_, i) => (i * 13) % 256);
    const bytes = encodeTable(IMPORTED_IMAGES, {
      node: new Int32Array([0, 1]),
      pixels: { stride, values },
    });
    const table = tableFromIPC(bytes);
    expect(Array.from(table.getChild('pixels').at(1) as Uint8Array)).toEqual(
      Array.from(values.subarray(stride)),
    );
    expect(() =>
      encodeTable(IMPORTED_IMAGES, { node: new Int32Array([0, 1]), pixels: values }),
    ).toThrow('must be an image column {stride, values: Uint8Array of n×stride}');
  });

  it('activations as FixedSizeList<float32>[width], the width given with the values', () => {
    const width = 5;
    const rows = 6;
    const values = floats(rows * width);
    const columns = {
      layer: new Int8Array(rows).fill(2),
      snapshot: Int16Array.from({ length: rows }, (_, r) => Math.floor(r / 3)),
      node: Int32Array.from({ length: rows }, (_, r) => r % 3),
      activation: { width, values },
    };
    const bytes = encodeTable(ACTIVATIONS, columns);
    const table = tableFromIPC(bytes);
    expect(table.numRows).toBe(rows);
    expect(Array.from(table.getChild('activation').at(4) as unknown as Float32Array)).toEqual(
      Array.from(values.subarray(4 * width, 5 * width)),
    );
    const type: unknown = decodeTable(bytes).getChild('activation')?.type;
    expect(String(type)).toBe('FixedSizeList[5]<Float32>');
    expect(() =>
      encodeTable(ACTIVATIONS, { ...columns, activation: { width: 4, values } }),
    ).toThrow(
      'activations.arrow.activation must be a vector column {width, values: Float32Array of n×width}',
    );
    expect(() =>
      encodeTable(ACTIVATIONS, { ...columns, activation: { width: 3, values } }),
    ).toThrow('activations.arrow.activation has 10 rows, expected 6');
    const bad = values.slice();
    bad[2 * width + 1] = Infinity;
    expect(() =>
      encodeTable(ACTIVATIONS, { ...columns, activation: { width, values: bad } }),
    ).toThrow('activations.arrow.activation row 2, unit 1 is Infinity; values must be finite');
    expect(() => encodeTable(ACTIVATIONS, { ...columns, activation: values })).toThrow(
      'activations.arrow.activation must be a vector column',
    );
    expect(() => encodeTable(ACTIVATIONS, { ...columns, node: { width: 1, values } })).toThrow(
      'activations.arrow.node is not a vector column',
    );
  });

  it('rejects contract violations with the column named', () => {
    expect(() =>
      encodeTable(NODES, {
        node: new Int32Array(2),
        kind: new Int8Array(2),
        label: new Int8Array(3),
        split: ['a', 'b'],
        source_index: new Int32Array(2),
      }),
    ).toThrow('nodes.arrow.label has 3 rows, expected 2');
    expect(() =>
      encodeTable(NODES, {
        node: new Float32Array(2),
        kind: new Int8Array(2),
        label: new Int8Array(2),
        split: ['a', 'b'],
        source_index: new Int32Array(2),
      }),
    ).toThrow('nodes.arrow.node must be a Int32Array');
    expect(() =>
      encodeTable(NODES, {
        node: new Int32Array(1),
        kind: new Int8Array(1),
        label: new Int8Array(1),
        split: ['a'],
      }),
    ).toThrow('missing required column "source_index"');
    expect(() =>
      encodeTable(POSITIONS, {
        layer: new Int8Array(1),
        snapshot: new Int16Array(1),
        node: new Int32Array(1),
        x: new Float32Array(1),
        y: new Int16Array(1),
        predicted: new Int8Array(1),
      }),
    ).toThrow('positions.arrow.x must be a Int16Array (contract type int16)');
    expect(() =>
      encodeTable(
        METRICS,
        Object.fromEntries(
          METRICS.columns.map((c) => [
            c.name,
            c.name === 'epoch'
              ? new Float32Array([NaN])
              : c.type === 'float32'
                ? new Float32Array(1)
                : c.type === 'int16'
                  ? new Int16Array(1)
                  : new Int8Array(1),
          ]),
        ),
      ),
    ).toThrow('metrics.arrow.epoch[0] is NaN');
    expect(() => encodeTable(NODES, { nodes: new Int32Array(1) })).toThrow('no column "nodes"');
  });

  it('encoding is deterministic', () => {
    const columns = {
      node: new Int32Array([0, 1]),
      kind: new Int8Array(2),
      label: new Int8Array([1, 2]),
      split: ['test', 'test'],
      source_index: new Int32Array([4, 5]),
    };
    expect(Buffer.from(encodeTable(NODES, columns))).toEqual(
      Buffer.from(encodeTable(NODES, columns)),
    );
  });
});
