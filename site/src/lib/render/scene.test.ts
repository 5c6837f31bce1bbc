import { OrthographicViewport } from '@deck.gl/core';
import { describe, expect, it } from 'vitest';
import { cellView } from './deck-scene.ts';
import { Scene, project, unproject, type Box, type ViewState } from './scene.ts';

/**
 * The Canvas2D renderer and the CPU picking place nodes with `project`; deck.gl draws them with
 * its OrthographicViewport. A node must land on the same pixel in both, in every grid cell.
 */
describe('scene projection', () => {
  const states: ViewState[] = [
    { target: [0, 0, 0], zoom: 7.2 },
    { target: [0.31, -0.52, 0], zoom: 8.9 },
    { target: [-3.5, 12.25, 0], zoom: 2.25 },
  ];
  const boxes: Box[] = [
    { x: 0, y: 0, width: 700, height: 540 },
    { x: 233, y: 0, width: 233, height: 270 },
    { x: 0, y: 180, width: 391, height: 181 },
  ];
  const points: [number, number][] = [
    [0, 0],
    [0.9, -0.7],
    [-1.08, 1.08],
    [13, -4],
  ];

  it('projects a box-unit point where deck.gl’s OrthographicView (flipY false) draws it', () => {
    for (const state of states)
      for (const box of boxes) {
        const viewport = new OrthographicViewport({ ...state, ...box, flipY: false });
        for (const [x, y] of points) {
          const [dx = NaN, dy = NaN] = viewport.project([x, y]);
          const [px, py] = project(state, box, x, y);
          expect(px).toBeCloseTo(dx, 6);
          expect(py).toBeCloseTo(dy, 6);
          const [ux, uy] = unproject(state, box, px, py);
          expect(ux).toBeCloseTo(x, 9);
          expect(uy).toBeCloseTo(y, 9);
        }
      }
  });

  it('gives each panel of a grid the pixels deck.gl gives its percentage view', () => {
    // A Scene without a renderer, on a stand-in canvas (no DOM here): only its grid is used.
    globalThis.ResizeObserver ??= class {
      observe(): void {}
      disconnect(): void {}
    } as unknown as typeof ResizeObserver;
    const canvas = {
      clientWidth: 1001,
      clientHeight: 601,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    } as unknown as HTMLCanvasElement;
    const scene = new Scene(canvas);
    const panels = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, n: 1 }));
    scene.setLayout({ panels, columns: 3, cells: [0, 1, 2, 4, 5] });
    const cells = scene.cellsOf();
    expect(cells.map((c) => c.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const cell of cells) {
      // The view DeckRenderer gives the panel.
      const deck = cellView(cell).makeViewport({
        width: 1001,
        height: 601,
        viewState: { target: [0, 0, 0], zoom: 0 },
      });
      expect(scene.boxOf(cell.id)).toEqual({
        x: deck?.x,
        y: deck?.y,
        width: deck?.width,
        height: deck?.height,
      });
    }
    // Cell 4 is the second row's middle: 1001 / 3 rounds to 334 px from x = 334.
    expect(scene.boxOf('d')).toEqual({ x: 334, y: 301, width: 334, height: 301 });
    scene.destroy();
  });
});
