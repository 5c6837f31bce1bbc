/** Island: the article's training scrubber for one experiment. */
import type { ArticleFigureProps } from '../ui/FigureFrame.tsx';
import { TrainingView, articleViewProps, loadTrainingOpening } from './TrainingView.tsx';

/** What the figure fetches to draw its first frame (lib/build/opening.ts lists it). */
export const opening = (props: ArticleFigureProps) => loadTrainingOpening(articleViewProps(props));

export default function ScrubberFigure(props: ArticleFigureProps) {
  return <TrainingView kind="scrubber" {...articleViewProps(props)} />;
}
