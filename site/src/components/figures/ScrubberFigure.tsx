/** Island: the article's training scrubber for one experiment. */
import type { ArticleFigureProps } from '../ui/FigureFrame.tsx';
import { TrainingView } from './TrainingView.tsx';

export default function ScrubberFigure({
  experiment,
  layer,
  downloads,
  children,
  caption,
}: ArticleFigureProps) {
  return (
    <TrainingView
      kind="scrubber"
      experiment={experiment}
      initial={{ layerPos: layer === undefined ? -1 : layer - 1, snapshot: 0 }}
      poster={children}
      caption={caption}
      downloads={downloads}
    />
  );
}
