/**
 * Island: scrambled labels. The training scrubber of an mlp-scrambled experiment: every digit
 * filled with its true class, the scrambled training digits ringed in ink (their given label
 * on the card), and a chart of where those digits sit, layer by layer, over training.
 */
import type { Core } from '../../lib/data/experiment.ts';
import type { ArticleFigureProps } from '../ui/FigureFrame.tsx';
import { ShareChart } from '../ui/ShareChart.tsx';
import { TrainingView, articleViewProps, loadTrainingOpening } from './TrainingView.tsx';

/** What the figure fetches to draw its first frame (lib/build/opening.ts lists it). */
export const opening = (props: ArticleFigureProps) => loadTrainingOpening(articleViewProps(props));

/**
 * The scrambled samples and their rings, in ink (alpha 0: the page's ring colour). A ring in
 * the given label's colour round a fill in the true class's colour, among ten hues at 8 px,
 * could not be read; the given label is on the card.
 */
function scrambledRings(core: Core): { nodes: number[]; colours: Uint8Array } {
  const nodes: number[] = [];
  core.scrambled?.forEach((s, i) => s === 1 && nodes.push(i));
  return { nodes, colours: new Uint8Array(nodes.length * 4) };
}

/** The snapshot where test accuracy peaks (the manifest's summary says which). */
function stopOf(core: Core): number {
  return core.entry.summary['earlyStoppingSnapshot'] ?? 0;
}

export default function ScrambledFigure(props: ArticleFigureProps) {
  return (
    <TrainingView
      kind="scrambled"
      {...articleViewProps(props)}
      rings={scrambledRings}
      strip={(core, snapshot, seek) => (
        <ShareChart
          metrics={core.metrics}
          layers={core.entry.layers}
          stop={stopOf(core)}
          snapshot={snapshot}
          onSeek={seek}
        />
      )}
    />
  );
}
