/**
 * Island: sensitivity. The training scrubber of an mlp-classes experiment with every digit
 * coloured (viridis) and sized by the rank of its gradient norm ‖∂L/∂h‖ in the shown layer
 * among the digits at the shown snapshot, a card with the digit's input saliency, and a chart of how concentrated the
 * gradient mass is over training.
 */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Core } from '../../lib/data/experiment.ts';
import { viewGradNorms } from '../../lib/data/sensitivity.ts';
import { formatEpoch } from '../../lib/format.ts';
import type { ArticleFigureProps } from '../ui/FigureFrame.tsx';
import { ColourBar, GradientChart } from '../ui/GradientChart.tsx';
import { Thumb } from '../ui/Tooltip.tsx';
import {
  TrainingView,
  articleViewProps,
  loadTrainingOpening,
  type TrainingState,
} from './TrainingView.tsx';

/** What the figure fetches to draw its first frame (lib/build/opening.ts lists it). */
export const opening = (props: ArticleFigureProps) => loadTrainingOpening(articleViewProps(props));
import { useSensitivity, type SensitivityView } from './use-sensitivity.ts';

/** The card's extra: the digit's gradient norm at the shown snapshot and its saliency image (loaded with the first card). */
function SaliencyCard({ s, node }: { s: SensitivityView; node: number }) {
  useEffect(() => s.wantSaliency(), []);
  const norm =
    s.sensitivity && s.shown ? viewGradNorms(s.sensitivity, s.shown.snapshot)[node] : undefined;
  const epoch = formatEpoch(s.shown?.core.entry.snapshots[s.saliency?.snapshot ?? 0]?.epoch ?? 0);
  return (
    <div class="sv-saliency">
      {s.saliency ? (
        <Thumb
          images={s.saliency.pixels}
          node={node}
          label={`Input saliency of sample ${node} after epoch ${epoch}`}
        />
      ) : (
        <span class="sv-thumb sv-thumb--loading" aria-label="Loading saliency" />
      )}
      <span>|∂L/∂x|, epoch {epoch}</span>
      {norm !== undefined && <span class="sv-saliency-norm">‖∂L/∂h‖ ≈ {norm.toPrecision(2)}</span>}
    </div>
  );
}

/** The card's extra for a node of the sensitivity view. */
export function sensitivityCard(s: SensitivityView, node: number): ComponentChildren {
  return <SaliencyCard s={s} node={node} />;
}

/** The controls under the figure: the colour key and the concentration chart. */
export function sensitivityStrip(
  s: SensitivityView,
  core: Core,
  snapshot: number,
  seek: (snapshot: number) => void,
): ComponentChildren {
  return (
    <>
      {s.range && <ColourBar range={s.range} />}
      {s.gradients && s.shown && (
        <GradientChart
          gradients={s.gradients}
          epochs={core.metrics.snapshot('epoch')}
          layers={core.entry.layers}
          layerPos={s.shown.layerPos}
          snapshot={snapshot}
          onSeek={seek}
        />
      )}
      {s.error && <p class="sv-note">{s.error}</p>}
    </>
  );
}

export default function SensitivityFigure(props: ArticleFigureProps) {
  const s = useSensitivity(props.experiment, true);
  return (
    <TrainingView
      kind="sensitivity"
      {...articleViewProps(props)}
      onViewChange={(view: TrainingState, c: Core) => s.track(view, c)}
      nodeStyle={s.style}
      cardExtra={(node) => sensitivityCard(s, node)}
      strip={(c, snapshot, seek) => sensitivityStrip(s, c, snapshot, seek)}
    />
  );
}
