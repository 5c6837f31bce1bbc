/**
 * Island: "how the graph is built". One snapshot of one layer, stepped through
 * kNN graph (nodes on a ring by class) → spectral layout → ForceAtlas2 (the pipeline's layout).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { FileEntry } from '../../../../pipeline/contract.ts';
import { fillColours } from '../../lib/colour.ts';
import { viewEdges, viewPositions, type Core } from '../../lib/data/experiment.ts';
import { loadCore, loadEdges } from '../../lib/data/store.ts';
import { formatEpoch } from '../../lib/format.ts';
import { ringLayout } from '../../lib/layout/ring.ts';
import { spectralLayout } from '../../lib/layout/spectral.ts';
import { FigureFrame } from '../ui/FigureFrame.tsx';
import { Legend } from '../ui/Legend.tsx';
import { useFigure } from './use-figure.ts';

interface Props {
  experiment: string;
  /** Layer index as in the manifest; default the last hidden layer. */
  layer?: number;
  /** Snapshot index; default the last. */
  snapshot?: number;
  downloads?: FileEntry[];
  children?: ComponentChildren;
  caption?: ComponentChildren;
}

interface StepsData {
  core: Core;
  layerPos: number;
  snapshot: number;
  edges: { source: Int32Array; target: Int32Array };
  layouts: [Float32Array, Float32Array, Float32Array];
}

const STEPS = [
  {
    name: 'kNN graph',
    text: 'Each sample is linked to the samples whose activations are nearest to its own. The graph has no coordinates yet: here the nodes sit on a ring, grouped by true class, so links inside a class are short chords and links between classes cross the ring.',
  },
  {
    name: 'Spectral layout',
    text: 'Two eigenvectors of the graph’s normalised adjacency give every node a first position: strongly linked groups land near each other. This one is computed in your browser from the edges drawn here.',
  },
  {
    name: 'ForceAtlas2',
    text: 'ForceAtlas2 lets linked nodes attract and all nodes repel until the drawing settles. The pipeline starts it from a spectral layout at the first snapshot and from the previous snapshot’s positions afterwards; these are the positions it published.',
  },
] as const;

async function loadSteps(
  experiment: string,
  layer: number | undefined,
  snapshot: number | undefined,
): Promise<StepsData> {
  const [core, allEdges] = await Promise.all([loadCore(experiment), loadEdges(experiment)]);
  const found = layer === undefined ? -1 : core.entry.layers.findIndex((l) => l.index === layer);
  const layerPos = found >= 0 ? found : core.L - 1;
  const s = snapshot !== undefined && snapshot >= 0 && snapshot < core.S ? snapshot : core.S - 1;
  const edges = viewEdges(allEdges, core.S, layerPos, s);
  const layouts: [Float32Array, Float32Array, Float32Array] = [
    ringLayout(core.labels),
    spectralLayout(core.n, edges.source, edges.target),
    viewPositions(core, layerPos, s),
  ];
  return { core, layerPos, snapshot: s, edges, layouts };
}

export default function GraphStepsFigure({
  experiment,
  layer,
  snapshot,
  downloads,
  children,
  caption,
}: Props) {
  const [step, setStep] = useState(0);
  const [highlight, setHighlight] = useState<number | null>(null);
  const fig = useFigure<StepsData>(
    'graph-steps',
    () => loadSteps(experiment, layer, snapshot),
    (d) => ({ panels: [{ id: 'main', n: d.core.n }] }),
  );
  const { data, scene } = fig;

  useEffect(() => {
    if (!scene || !data) return;
    scene.setEdges('main', data.edges, true);
  }, [scene, data]);
  const [shown, setShown] = useState(-1);
  useEffect(() => {
    if (!scene || !data) return;
    scene.setPositions('main', data.layouts[step], shown >= 0);
    setShown(step);
  }, [scene, data, step]);
  useEffect(() => {
    if (scene && data) scene.setColours('main', fillColours(data.core.labels, highlight));
  }, [scene, data, highlight]);

  const disabled = fig.state !== 'ready';
  const meta = useMemo(() => {
    if (!data) return '';
    const info = data.core.entry.layers[data.layerPos];
    return `Layer ${info?.index ?? ''} at epoch ${formatEpoch(data.core.metrics.epoch[data.snapshot] ?? 0)}: ${data.core.n.toLocaleString('en')} samples, ${data.edges.source.length.toLocaleString('en')} edges.`;
  }, [data]);
  const current = STEPS[step] ?? STEPS[0];
  const live = data ? `Step ${step + 1} of 3, ${current.name}. ${meta}` : '';

  const controls = (
    <>
      <div class="sv-steps" role="group" aria-label="Layout step">
        {STEPS.map((s, i) => (
          <button
            type="button"
            key={s.name}
            class="sv-chip sv-step-button"
            data-step={i + 1}
            aria-pressed={step === i}
            disabled={disabled}
            onClick={() => setStep(i)}
          >
            <span class="sv-step-number">{i + 1}</span> {s.name}
          </button>
        ))}
      </div>
      <p class="sv-step-text">{current.text}</p>
      <div class="sv-row">
        <button
          type="button"
          class="sv-button sv-prev"
          disabled={disabled || step === 0}
          onClick={() => setStep(step - 1)}
        >
          ← Back
        </button>
        <button
          type="button"
          class="sv-button sv-next"
          disabled={disabled || step === STEPS.length - 1}
          onClick={() => setStep(step + 1)}
        >
          Next step →
        </button>
      </div>
      {data && (
        <Legend
          classes={data.core.entry.dataset.classes}
          highlight={highlight}
          disabled={disabled}
          onHighlight={setHighlight}
        />
      )}
      {meta && <p class="sv-note">{meta}</p>}
    </>
  );

  return (
    <FigureFrame
      kind="graph-steps"
      state={fig.state}
      message={fig.message}
      poster={children}
      caption={caption}
      live={live}
      canvasKey={fig.canvasKey}
      canvasRef={fig.canvasRef}
      canvasLabel={live || 'The kNN graph of one snapshot'}
      controls={controls}
      {...(downloads ? { downloads } : {})}
      onRetry={fig.retry}
    />
  );
}
