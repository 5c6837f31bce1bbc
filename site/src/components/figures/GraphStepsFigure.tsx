/**
 * Island: "how the graph is built". The last snapshot of one layer, stepped through the
 * pipeline's own stages: kNN graph (one small circle of nodes per class) → spectral layout (stage 0 of
 * steps.arrow) → ForceAtlas2 run cold from it (stage 1) → the published, warm-started layout
 * (stage 2). Reads only nodes.arrow, steps.arrow and step-edges.arrow.
 */
import { isDrawn } from '../../lib/globals.ts';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { fillColours } from '../../lib/colour.ts';
import { stepEdgesOf, stepPositions } from '../../lib/data/experiment.ts';
import { loadSteps, type StepsData } from '../../lib/data/store.ts';
import { formatEpoch } from '../../lib/format.ts';
import { ringLayout } from '../../lib/layout/ring.ts';
import { FigureFrame, type ArticleFigureProps } from '../ui/FigureFrame.tsx';
import { Legend } from '../ui/Legend.tsx';
import { ZoomControls } from '../ui/ZoomControls.tsx';
import { useFigure } from './use-figure.ts';
import { useLinkedSelection } from './use-linked-selection.ts';

interface View {
  data: StepsData;
  layerPos: number;
  n: number;
  edges: { source: Int32Array; target: Int32Array };
  /** One layout per step: the ring, then the pipeline's stages in order. */
  layouts: Float32Array[];
}

const STEPS = [
  {
    name: 'kNN graph',
    text: 'Each sample is linked to the samples whose activations are nearest to its own. The graph has no coordinates yet: here each class sits on a small circle of its own, so links inside a class are chords of that circle (in the class colour) and links between classes run from circle to circle (grey).',
  },
  {
    name: 'Spectral layout',
    text: 'Two eigenvectors of the graph’s normalised adjacency give every node a first position: strongly linked groups land near each other, dense regions crowd together. These are the pipeline’s own spectral coordinates for this graph.',
  },
  {
    name: 'ForceAtlas2',
    text: 'ForceAtlas2, started from the spectral layout, lets linked nodes attract and all nodes repel until the drawing settles. This is the pipeline’s own ForceAtlas2 run, cold from the spectral start.',
  },
  {
    name: 'Warm-started, aligned',
    text: 'The published layout: during training every snapshot starts from the previous one’s positions and is Procrustes-aligned to it, so Figure 1 can animate. It can differ from the cold run in detail, because it inherits the arrangement of earlier snapshots.',
  },
] as const;

async function loadView(experiment: string, layer: number | undefined): Promise<View> {
  const data = await loadSteps(experiment);
  const L = data.entry.layers.length;
  const found = layer === undefined ? -1 : data.entry.layers.findIndex((l) => l.index === layer);
  const layerPos = found >= 0 ? found : L - 1;
  const stages = Math.min(data.steps.stages, STEPS.length - 1);
  const layouts = [ringLayout(data.nodes.labels)];
  for (let st = 0; st < stages; st++) layouts.push(stepPositions(data.steps, layerPos, st));
  return { data, layerPos, n: data.nodes.n, edges: stepEdgesOf(data.edges, layerPos), layouts };
}

/** What the figure fetches to draw its first frame (lib/build/opening.ts lists it). */
export const opening = ({
  experiment,
  layer,
}: {
  experiment: string;
  layer?: number | undefined;
}) => loadView(experiment, layer);

export default function GraphStepsFigure({
  experiment,
  layer,
  downloads,
  children,
  caption,
}: ArticleFigureProps) {
  const [step, setStep] = useState(0);
  const [highlight, setHighlight] = useState<number | null>(null);
  const fig = useFigure<View>(
    'graph-steps',
    () => opening({ experiment, layer }),
    (d) => ({ panels: [{ id: 'main', n: d.n }], interactive: true, wheelNeedsModifier: true }),
  );
  const { data, scene } = fig;

  useEffect(() => {
    if (!scene || !data) return;
    scene.setEdges('main', data.edges, true);
  }, [scene, data]);
  const [shown, setShown] = useState(-1);
  useEffect(() => {
    if (!scene || !data) return;
    const layout = data.layouts[step] ?? data.layouts[data.layouts.length - 1];
    if (layout) scene.setPositions('main', layout, shown >= 0);
    setShown(step);
  }, [scene, data, step]);
  useEffect(() => {
    if (scene && data) scene.setColours('main', fillColours(data.data.nodes.labels, highlight));
  }, [scene, data, highlight]);
  // The sample pinned in another figure of this experiment is ringed here too.
  const [linkedNode, setLinkedNode] = useState<number | null>(null);
  useLinkedSelection('graph-steps', experiment, !!data, highlight, linkedNode, (s) => {
    setHighlight(s.highlight);
    setLinkedNode(s.node);
  });
  useEffect(() => {
    if (scene && data) scene.setMarks('main', linkedNode === null ? [] : [linkedNode]);
  }, [scene, data, linkedNode]);

  const disabled = !isDrawn(fig.state);
  const meta = useMemo(() => {
    if (!data) return '';
    const { entry } = data.data;
    const info = entry.layers[data.layerPos];
    const last = entry.snapshots[entry.snapshots.length - 1];
    return `Layer ${info?.index ?? ''} at epoch ${formatEpoch(last?.epoch ?? 0)}: ${data.n.toLocaleString('en')} samples, ${data.edges.source.length.toLocaleString('en')} edges.`;
  }, [data]);
  // Steps shown: the ring plus as many pipeline stages as steps.arrow holds (3 → 4 steps).
  const steps = STEPS.slice(0, data ? data.layouts.length : STEPS.length);
  const current = steps[step] ?? STEPS[0];
  const live = data ? `Step ${step + 1} of ${steps.length}, ${current.name}. ${meta}` : '';

  const controls = (
    <>
      <div class="sv-steps" role="group" aria-label="Layout step">
        {steps.map((s, i) => (
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
          disabled={disabled || step >= steps.length - 1}
          onClick={() => setStep(step + 1)}
        >
          Next step →
        </button>
      </div>
      {data && (
        <Legend
          classes={data.data.entry.dataset.classes}
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
      {...fig.frame}
      kind="graph-steps"
      poster={children}
      caption={caption}
      live={live}
      canvasLabel={live || 'The kNN graph of one snapshot'}
      controls={controls}
      overlay={<ZoomControls scene={scene} canvas={fig.canvasRef} wheelHint />}
      downloads={downloads}
    />
  );
}
