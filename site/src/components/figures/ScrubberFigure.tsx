/** Island: the article's training scrubber for one experiment. */
import type { ComponentChildren } from 'preact';
import type { FileEntry } from '../../../../pipeline/contract.ts';
import { TrainingView } from './TrainingView.tsx';

interface Props {
  experiment: string;
  /** Layer index as in the manifest; default the last hidden layer. */
  layer?: number;
  downloads?: FileEntry[];
  /** The static poster, rendered by Astro at build time. */
  children?: ComponentChildren;
  caption?: ComponentChildren;
}

export default function ScrubberFigure({ experiment, layer, downloads, children, caption }: Props) {
  return (
    <TrainingView
      kind="scrubber"
      experiment={experiment}
      initial={{ layerPos: layer === undefined ? -1 : layer - 1, snapshot: 0 }}
      poster={children}
      caption={caption}
      {...(downloads ? { downloads } : {})}
    />
  );
}
