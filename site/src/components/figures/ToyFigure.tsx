/**
 * Island: a 2-D toy set. The input plane (coloured by the network's prediction) beside every
 * hidden layer's layout (coloured by true class), all at one synced snapshot. Hovering a
 * sample rings it in every panel.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { fillColours } from '../../lib/colour.ts';
import {
  viewPositions,
  viewPredicted,
  type Core,
  type LayerViews,
} from '../../lib/data/experiment.ts';
import { DataError } from '../../lib/data/errors.ts';
import { loadCoreWithLayers } from '../../lib/data/store.ts';
import { formatEpoch, formatPercent, sampleText } from '../../lib/format.ts';
import { FigureFrame, type ArticleFigureProps } from '../ui/FigureFrame.tsx';
import { Legend } from '../ui/Legend.tsx';
import { MetricStrip, trainingSeries } from '../ui/MetricStrip.tsx';
import { Scrubber } from '../ui/Scrubber.tsx';
import { Tooltip } from '../ui/Tooltip.tsx';
import { useFigure } from './use-figure.ts';
import { useNodeCard, type NodeRef } from './use-node-card.ts';
import { usePlayback } from './use-playback.ts';

interface Toy {
  core: Core;
  /** Every hidden layer's layouts, in manifest order. */
  layers: LayerViews[];
}

/** The toy figure shows every layer at once, so it fetches every layer's small file. */
async function loadToy(experiment: string): Promise<Toy> {
  const { core, layers } = await loadCoreWithLayers(experiment, 'all');
  if (!core.input)
    throw new DataError(
      `${experiment}/nodes.arrow`,
      'schema',
      `${experiment}/nodes.arrow has no input_x / input_y columns, so there is no input plane to draw.`,
    );
  return { core, layers };
}

/** Two columns on narrow screens, one row otherwise. */
function useColumns(panels: number, ref: { current: HTMLElement | null }): number {
  const [columns, setColumns] = useState(panels);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setColumns(el.clientWidth < 560 ? 2 : panels));
    observer.observe(el);
    return () => observer.disconnect();
  }, [panels, ref.current]);
  return columns;
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
    () => loadToy(experiment),
    ({ core }) => ({
      // Room for the panel labels drawn over the canvas.
      topInset: 26,
      panels: [
        { id: 'input', n: core.entry.nodes.sample ?? core.n },
        // Each layer's panel holds that layer's view nodes (the manifest's count).
        ...core.entry.layers.map((l) => ({ id: `layer-${l.index}`, n: l.nodes })),
      ],
    }),
    {
      onHover: (pick) => cardRef.current?.onHover(pick),
      onClick: (pick) => cardRef.current?.onClick(pick),
    },
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
  const core = fig.data?.core ?? null;
  const layers = fig.data?.layers ?? [];
  const panels = (core?.L ?? 3) + 1;
  const columns = useColumns(panels, wrapper);

  useEffect(() => scene?.setColumns(columns), [scene, columns]);

  const first = useRef(true);
  useEffect(() => {
    if (!scene || !core?.input) return;
    const animate = !first.current;
    if (first.current) scene.setPositions('input', core.input, false);
    first.current = false;
    for (const views of layers)
      scene.setPositions(`layer-${views.layer}`, viewPositions(views, snapshot), animate);
  }, [scene, core, snapshot]);

  useEffect(() => {
    if (!scene || !core) return;
    const byLabel = fillColours(core.labels, highlight);
    for (const l of core.entry.layers) scene.setColours(`layer-${l.index}`, byLabel);
    if (layers[0])
      scene.setColours('input', fillColours(viewPredicted(layers[0], snapshot), highlight));
  }, [scene, core, snapshot, highlight]);

  useEffect(() => {
    if (!scene || !core) return;
    scene.setMarks('input', nodeCard.marks);
    for (const l of core.entry.layers) scene.setMarks(`layer-${l.index}`, nodeCard.marks);
  }, [scene, core, nodeCard.marks.join()]);

  usePlayback(playing, snapshot, (core?.S ?? 1) - 1, fig.reducedMotion, setSnapshot, () =>
    setPlaying(false),
  );

  const disabled = fig.state !== 'ready' || !core;
  const rows = Math.ceil(panels / columns);
  const lastLayer = (core?.L ?? 1) - 1;
  const predicted = layers[0] ? viewPredicted(layers[0], snapshot) : null;
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

  const labels = core
    ? [
        'Input plane · colour = prediction',
        ...core.entry.layers.map((l) => `Layer ${l.index} · ${l.width} units`),
      ]
    : [];
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
        {labels.map((text, i) => (
          <div
            key={text}
            class={`sv-panel-cell${i % columns ? ' sv-panel-cell--left' : ''}${i >= columns ? ' sv-panel-cell--top' : ''}`}
          >
            <span>{text}</span>
          </div>
        ))}
      </div>
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
