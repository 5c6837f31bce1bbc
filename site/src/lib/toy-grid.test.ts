import { describe, expect, it } from 'vitest';
import { toyGrid } from './toy-grid.ts';

describe('toyGrid', () => {
  it('puts each layer’s graph layout above its linear view on a wide screen', () => {
    expect(toyGrid(3, false)).toEqual({
      columns: 4,
      rows: 2,
      cells: [0, 1, 2, 3, 5, 6, 7],
      key: 4,
    });
  });

  it('gives each layer a row of its own on a phone, every cell used once', () => {
    const grid = toyGrid(3, true);
    expect(grid).toEqual({ columns: 2, rows: 4, cells: [0, 2, 4, 6, 3, 5, 7], key: 1 });
    expect(new Set([...grid.cells, grid.key]).size).toBe(grid.columns * grid.rows);
  });
});
