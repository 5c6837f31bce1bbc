/** Island: the article's training scrubber for one experiment. */
import type { ArticleFigureProps } from '../ui/FigureFrame.tsx';
import { TrainingView, articleViewProps } from './TrainingView.tsx';

export default function ScrubberFigure(props: ArticleFigureProps) {
  return <TrainingView kind="scrubber" {...articleViewProps(props)} />;
}
