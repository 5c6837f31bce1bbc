/**
 * Island: a 2-D toy set. The input plane, shaded by the network's decision regions, above or
 * beside every hidden layer in two views: its kNN-graph layout and its linear view (top two
 * principal components), all coloured by true class at one synced snapshot. Hovering a
 * sample rings it in every panel.
 */
import { isDrawn } from '../../lib/globals.ts';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { classColour, fillColours, hexToRgb } from '../../lib/colour.ts';
import {
  nodeTrail,
  regionBox,
  viewPositions,
  viewPredicted,
  viewRegions,
  type Core,
  type LayerViews,
  type Projections,
  type Regions,
} from '../../lib/data/experiment.ts';
import { DataError } from '../../lib/data/errors.ts';
import { experimentEntry } from '../../lib/data/manifest.ts';
import {
  loadCoreWithLayerHeads,
  loadCoreWithLayers,
  loadManifest,
  loadProjections,
  loadProjectionsHead,
  loadRegions,
  loadRegionsHead,
} from '../../lib/data/store.ts';
import { formatEpoch, formatPercent, formatScore, sampleText } from '../../lib/format.ts';
import { regionPixels } from '../../lib/regions.ts';
import type { PanelImage } from '../../lib/render/scene.ts';
import { toyGrid } from '../../lib/toy-grid.ts';
import { FigureFrame, type ArticleFigureProps } from '../ui/FigureFrame.tsx';
import { Legend } from '../ui/Legend.tsx';
import { MetricStrip, trainingSeries } from '../ui/MetricStrip.tsx';
import { Scrubber } from '../ui/Scrubber.tsx';
import { Tooltip } from '../ui/Tooltip.tsx';
import { WheelHint, ZoomButtons } from '../ui/ZoomControls.tsx';
import { useFigure } from './use-figure.ts';
import { useLinkedSelection } from './use-linked-selection.ts';
import { useNodeCard, type NodeRef } from './use-node-card.ts';
import { usePlayback } from './use-playback.ts';

interface Toy {
  core: Core;
  /** Every hidden layer's layouts and linear views, in manifest order. */
  layers: LayerViews[];
  linear: Projections[];
  /** Decision regions per snapshot (null when the experiment has none). */
  regions: Regions | null;
}

/**
 * The toy figure shows every layer at once, so it fetches every layer's files: their first
 * snapshot (`head`) to open with, all of them once the reader engages.
 */
async function loadToy(experiment: string, head: boolean): Promise<Toy> {
  const entry = experimentEntry(await loadManifest(), experiment);
  const [{ core, layers }, linear, regions] = await Promise.all([
    head ? loadCoreWithLayerHeads(experiment, 'all') : loadCoreWithLayers(experiment, 'all'),
    Promise.all(
      entry.layers.map((l) =>
        head ? loadProjectionsHead(experiment, l.index) : loadProjections(experiment, l.index),
      ),
    ),
    head ? loadRegionsHead(experiment) : loadRegions(experiment),
  ]);
  if (!core.input)
    throw new DataError(
      `${experiment}/nodes.arrow`,
      'schema',
      `${experiment}/nodes.arrow has no input_x / input_y columns, so there is no input plane to draw.`,
    );
  return { core, layers, linear, regions };
}

/** What the figure fetches to draw its first frame (lib/build/opening.ts lists it). */
export const opening = ({ experiment }: Pick<ArticleFigureProps, 'experiment'>) =>
  loadToy(experiment, true);

/** True when the figure is narrower than a phone-sized breakpoint. */
function useNarrow(ref: { current: HTMLElement | null }): boolean {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setNarrow(el.clientWidth < 560));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref.current]);
  return narrow;
}

/** The regions of one snapshot as an image for the input panel. */
function regionImage(
  core: Core,
  regions: Regions,
  snapshot: number,
  target?: Uint8Array,
): PanelImage | null {
  if (!core.inputFit) return null;
  const view = viewRegions(regions, snapshot);
  return {
    pixels: regionPixels(
      view.predicted,
      view.confidence,
      core.entry.dataset.classes.length,
      target,
    ),
    width: regions.size,
    height: regions.size,
    bounds: regionBox(view.bounds, core.inputFit),
  };
}

export default function ToyFigure({
  experiment,
  downloads,
  children,
  caption,
}: Omit<ArticleFigureProps, 'layer'>) {
  const [snapshot, setSnapshot] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [highlight, setHighlight] = useState<number | null>(null);
  const [pinned, setPinned] = useState<NodeRef | null>(null);
  const cardRef = useRef<ReturnType<typeof useNodeCard> | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const fig = useFigure<Toy>(
    'toy',
    () => opening({ experiment }),
    ({ core }) => {
      const grid = toyGrid(core.L, (wrapper.current?.clientWidth ?? 800) < 560);
      return {
        // Room for the panel labels drawn over the canvas.
        topInset: 26,
        interactive: true,
        wheelNeedsModifier: true,
        columns: grid.columns,
        cells: grid.cells,
        panels: [
          // The input plane keeps the box its decision regions are computed in; the layouts fit.
          { id: 'input', n: core.entry.nodes.sample ?? core.n, fit: false },
          // Each layer's panels hold that layer's view nodes (the manifest's count).
          ...core.entry.layers.map((l) => ({ id: `layer-${l.index}`, n: l.nodes })),
          ...core.entry.layers.map((l) => ({ id: `linear-${l.index}`, n: l.nodes })),
        ],
      };
    },
    {
      onHover: (pick) => cardRef.current?.onHover(pick),
      onClick: (pick) => cardRef.current?.onClick(pick),
    },
    { images: true },
  );
  const { scene } = fig;
  // The arrow keys walk in the input plane; the card follows its node in whichever panel.
  const nodeCard = useNodeCard({
    scene,
    canvas: fig.canvasRef,
    keyPanel: 'input',
    pinned,
    onPin: setPinned,
  });
  cardRef.current = nodeCard;
  const card = nodeCard.card;
  useLinkedSelection('toy', experiment, !!fig.data, highlight, pinned?.index ?? null, (s) => {
    setHighlight(s.highlight);
    setPinned(s.node === null ? null : { panel: 'input', index: s.node });
  });
  // Every snapshot once the reader engages (or the figure leaves the first snapshot).
  const [full, setFull] = useState<Toy | null>(null);
  const wantFull = fig.engaged || snapshot !== 0 || playing || pinned !== null;
  useEffect(() => {
    if (!wantFull || full || !fig.data) return;
    let cancelled = false;
    loadToy(experiment, false).then(
      (loaded) => !cancelled && setFull(loaded),
      (error: unknown) => console.warn('structviz: toy:', error),
    );
    return () => {
      cancelled = true;
    };
  }, [wantFull, !!fig.data]);
  const data = full ?? fig.data;
  const core = data?.core ?? null;
  const layers = data?.layers ?? [];
  const linear = data?.linear ?? [];
  const regions = data?.regions ?? null;
  // The snapshot drawn: the first until every snapshot is in.
  const shown = full ? snapshot : 0;
  const narrow = useNarrow(wrapper);
  const grid = toyGrid(core?.L ?? 3, narrow);
  const panelIds = core
    ? [
        'input',
        ...core.entry.layers.map((l) => `layer-${l.index}`),
        ...core.entry.layers.map((l) => `linear-${l.index}`),
      ]
    : [];

  useEffect(
    () => scene?.setColumns(grid.columns, grid.cells),
    [scene, grid.columns, grid.cells.join()],
  );

  // The decision regions of the shown snapshot under the input plane (one reused buffer).
  const regionBuffer = useMemo(() => new Uint8Array(4 * (regions?.size ?? 0) ** 2), [regions]);
  useEffect(() => {
    if (!scene || !core || !regions) return;
    scene.setImage('input', regionImage(core, regions, shown, regionBuffer));
  }, [scene, core, regions, shown]);

  const first = useRef(true);
  useEffect(() => {
    if (!scene || !core?.input) return;
    const animate = !first.current;
    if (first.current) scene.setPositions('input', core.input, false);
    first.current = false;
    for (const views of layers)
      scene.setPositions(`layer-${views.layer}`, viewPositions(views, shown), animate);
    for (const views of linear)
      scene.setPositions(`linear-${views.layer}`, viewPositions(views, shown), animate);
  }, [scene, core, shown, layers]);

  // Every panel by true class: in the input plane the shading shows the prediction.
  useEffect(() => {
    if (!scene || !core) return;
    const byLabel = fillColours(core.labels, highlight);
    for (const id of panelIds) scene.setColours(id, byLabel);
  }, [scene, core, highlight]);

  // The pinned sample's path over training in every layer panel, faintly, in its class colour.
  useEffect(() => {
    if (!scene || !core) return;
    const node = pinned?.index ?? null;
    const colour = [...hexToRgb(classColour(core.labels[node ?? 0] ?? 0)), 120];
    const trail = (views: { n: number; xy: Float32Array }) =>
      node === null ? null : nodeTrail(views, node);
    for (const views of layers) scene.setTrail(`layer-${views.layer}`, trail(views), colour);
    for (const views of linear) scene.setTrail(`linear-${views.layer}`, trail(views), colour);
  }, [scene, core, pinned?.index, layers]);

  useEffect(() => {
    if (!scene || !core) return;
    for (const id of panelIds) scene.setMarks(id, nodeCard.marks);
  }, [scene, core, nodeCard.marks.join()]);

  usePlayback(playing, snapshot, (core?.S ?? 1) - 1, fig.reducedMotion, setSnapshot, () =>
    setPlaying(false),
  );

  const disabled = !isDrawn(fig.state) || !core;
  const { columns, rows } = grid;
  const lastLayer = (core?.L ?? 1) - 1;
  const predicted = layers[0] ? viewPredicted(layers[0], shown) : null;
  const announced = card && (card.keyboard || card.pinned) && core ? card.index : null;
  const live =
    core && !playing
      ? `${announced === null ? '' : `${sampleText(announced, core.entry.dataset.classes, core.labels[announced] ?? 0, predicted?.[announced] ?? 0, card?.pinned ?? false)} `}Epoch ${formatEpoch(core.metrics.snapshot('epoch')[snapshot] ?? 0)} of ${formatEpoch(core.metrics.snapshot('epoch')[core.S - 1] ?? 0)}, test accuracy ${formatPercent(core.metrics.snapshot('test_accuracy')[snapshot] ?? 0)}.`
      : '';

  const controls = core && (
    <>
      <Scrubber
        epochs={core.metrics.snapshot('epoch')}
        accuracy={core.metrics.snapshot('test_accuracy')}
        snapshot={snapshot}
        playing={playing}
        disabled={disabled}
        label="Training progress of the toy network"
        onChange={setSnapshot}
        onPlay={(p) => {
          if (p && snapshot >= core.S - 1) setSnapshot(0);
          setPlaying(p);
        }}
      />
      <Legend
        classes={core.entry.dataset.classes}
        highlight={highlight}
        disabled={disabled}
        onHighlight={setHighlight}
      />
      {/* Every corner of the panel grid is taken (labels, metrics, the key): the buttons sit here. */}
      <ZoomButtons scene={scene} inline />
      <MetricStrip
        epochs={core.metrics.snapshot('epoch')}
        snapshot={snapshot}
        disabled={disabled}
        onSeek={setSnapshot}
        series={trainingSeries(
          core.metrics,
          lastLayer,
          core.entry.layers[lastLayer]?.index ?? lastLayer + 1,
          false,
        )}
      />
    </>
  );

  // Each panel's title, and the number that goes with it at this snapshot.
  const labels = core
    ? [
        {
          text: 'Input plane',
          metric: `test accuracy ${formatPercent(core.metrics.snapshot('test_accuracy')[snapshot] ?? 0, 1)}`,
          key: 'accuracy',
        },
        ...core.entry.layers.map((l, p) => ({
          text: `Layer ${l.index} · kNN-graph layout`,
          metric: `silhouette ${formatScore(core.metrics.view('silhouette_layout', p)[snapshot] ?? 0)}`,
          key: 'silhouette',
        })),
        ...core.entry.layers.map((l, p) => ({
          text: `Layer ${l.index} · linear view`,
          metric: core.metrics.columns.view.includes('linear_probe')
            ? `linear probe ${formatPercent(core.metrics.view('linear_probe', p)[snapshot] ?? 0, 1)}`
            : '',
          key: 'linear-probe',
        })),
      ]
    : [];
  const cell = (i: number) => ({
    gridColumn: `${(i % columns) + 1}`,
    gridRow: `${Math.floor(i / columns) + 1}`,
  });
  const overlay = (
    <>
      <div
        class="sv-panel-labels"
        style={{
          gridTemplateColumns: `repeat(${columns}, 1fr)`,
          gridTemplateRows: `repeat(${rows}, 1fr)`,
        }}
        aria-hidden="true"
      >
        {labels.map(({ text, metric, key }, k) => {
          const i = grid.cells[k] ?? k;
          return (
            <div
              key={text}
              style={cell(i)}
              class={`sv-panel-cell${i % columns ? ' sv-panel-cell--left' : ''}${i >= columns ? ' sv-panel-cell--top' : ''}`}
            >
              <span>{text}</span>
              {metric && (
                <span class="sv-panel-metric" data-panel-metric={key}>
                  {metric}
                </span>
              )}
            </div>
          );
        })}
        <div
          style={cell(grid.key)}
          class={`sv-panel-cell sv-panel-key${grid.key % columns ? ' sv-panel-cell--left' : ''}${grid.key >= columns ? ' sv-panel-cell--top' : ''}`}
        >
          <p>
            Dots: true class. Input plane shading: the network’s prediction, paler where it is less
            sure. {narrow ? 'Left' : 'Top row'}: each layer’s kNN-graph layout, which keeps
            neighbourhoods. {narrow ? 'Right' : 'Bottom row'}: the same activations on their top two
            principal components, where a straight line can split the classes once the layer has
            untangled them.
          </p>
        </div>
      </div>
      <WheelHint canvas={fig.canvasRef} />
      {card && core && predicted && (
        <Tooltip
          x={card.x}
          y={card.y}
          stageWidth={wrapper.current?.clientWidth ?? 600}
          node={card.index}
          label={core.labels[card.index] ?? 0}
          predicted={predicted[card.index] ?? 0}
          classes={core.entry.dataset.classes}
          images={null}
          input={
            core.input
              ? [core.input[2 * card.index] ?? 0, core.input[2 * card.index + 1] ?? 0]
              : undefined
          }
          pinned={card.pinned}
          trail
          elementRef={nodeCard.cardRef}
        />
      )}
    </>
  );

  return (
    <div ref={wrapper} class="sv-toy-wrap" style={{ '--sv-aspect': `${columns} / ${rows}` }}>
      <FigureFrame
        {...fig.frame}
        kind="toy"
        class="sv-figure--wide"
        poster={children}
        caption={caption}
        live={live}
        canvasLabel={live || 'Input plane and hidden layers of the toy network'}
        overlay={overlay}
        controls={controls}
        downloads={downloads}
      />
    </div>
  );
}
