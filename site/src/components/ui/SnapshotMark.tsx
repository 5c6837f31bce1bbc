import { SPARK_H } from './sparkline.ts';

/** A vertical mark across a sparkline plot at x (the shown snapshot, the early-stopping epoch). */
export function SnapshotMark(props: { class: string; x: number }) {
  return (
    <line
      class={props.class}
      x1={props.x}
      x2={props.x}
      y1={-3}
      y2={SPARK_H + 3}
      vector-effect="non-scaling-stroke"
    />
  );
}
