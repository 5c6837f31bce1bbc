/**
 * The sensitivity view of a TrainingView: loads the shown layer's gradient norms
 * (sensitivity-l<k>.arrow) and the summaries, colours and sizes every digit by its
 * ‖∂L/∂h‖ ranked within the shown snapshot, and gives the card the digit's saliency (loaded with the
 * first card). Used by the article's sensitivity figure and by the explorer.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { DIMMED_ALPHA } from '../../lib/colour.ts';
import { rankPositions, valueRange, valueStyle } from '../../lib/colour-scale.ts';
import { describeError } from '../../lib/data/errors.ts';
import type { Core } from '../../lib/data/experiment.ts';
import {
  viewGradNorms,
  type GradientSummaries,
  type LayerSensitivity,
  type Saliency,
} from '../../lib/data/sensitivity.ts';
import { loadGradients, loadSaliency, loadSensitivity } from '../../lib/data/store.ts';
import type { TrainingState } from './TrainingView.tsx';

/** What the view shows, as TrainingView reports it. */
interface Shown {
  layer: number;
  layerPos: number;
  snapshot: number;
  highlight: number | null;
  card: number | null;
  core: Core;
}

export interface SensitivityView {
  /** Call from TrainingView's onViewChange. */
  track: (view: TrainingState, core: Core) => void;
  /** Call when a card opens (loads the saliency images once). */
  wantSaliency: () => void;
  style: { colours: Uint8Array; radii: Float32Array } | null;
  /** Smallest, median and largest gradient norm of the shown layer and snapshot (the colour bar's range). */
  range: readonly [number, number, number] | null;
  sensitivity: LayerSensitivity | null;
  gradients: GradientSummaries | null;
  saliency: Saliency | null | undefined;
  shown: Shown | null;
  error: string;
}

/** The sensitivity view of `experiment`; inert (no loads, no style) when `enabled` is false. */
export function useSensitivity(experiment: string, enabled: boolean): SensitivityView {
  const [shown, setShown] = useState<Shown | null>(null);
  const [sensitivity, setSensitivity] = useState<LayerSensitivity | null>(null);
  const [gradients, setGradients] = useState<GradientSummaries | null>(null);
  const [saliency, setSaliency] = useState<Saliency | null | undefined>(undefined);
  const [saliencyWanted, setSaliencyWanted] = useState(false);
  const [error, setError] = useState('');

  const layer = enabled ? shown?.layer : undefined;
  useEffect(() => {
    if (layer === undefined) return;
    let cancelled = false;
    Promise.all([loadSensitivity(experiment, layer), loadGradients(experiment)]).then(
      ([s, g]) => {
        if (cancelled) return;
        setSensitivity(s);
        setGradients(g);
      },
      (e: unknown) => !cancelled && setError(describeError(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [experiment, layer]);
  useEffect(() => {
    if (!enabled || !saliencyWanted) return;
    loadSaliency(experiment).then(setSaliency, (e: unknown) => {
      setSaliency(null);
      setError(describeError(e));
    });
  }, [experiment, enabled, saliencyWanted]);

  const current = sensitivity && sensitivity.layer === layer ? sensitivity : null;
  // Ranked within the snapshot: a log axis fixed over training put 12 decades on one bar and
  // drew every digit at initialisation in one colour.
  const norms = useMemo(
    () => (current && shown ? viewGradNorms(current, shown.snapshot) : null),
    [current, shown?.snapshot],
  );
  const range = useMemo(() => (norms ? valueRange(norms) : null), [norms]);
  const positions = useMemo(() => (norms ? rankPositions(norms) : null), [norms]);
  const style = useMemo(() => {
    if (!positions || !shown) return null;
    return valueStyle(positions, shown.core.labels, shown.highlight, DIMMED_ALPHA);
  }, [positions, shown?.highlight]);

  return {
    track: (view, core) => {
      const index = core.entry.layers[view.layerPos]?.index;
      if (index === undefined) return;
      const next = {
        layer: index,
        layerPos: view.layerPos,
        snapshot: view.snapshot,
        highlight: view.highlight,
        card: view.node,
        core,
      };
      setShown((s) =>
        s &&
        s.layer === next.layer &&
        s.snapshot === next.snapshot &&
        s.highlight === next.highlight &&
        s.card === next.card
          ? s
          : next,
      );
    },
    wantSaliency: () => setSaliencyWanted(true),
    style: enabled ? style : null,
    range,
    sensitivity: current,
    gradients,
    saliency,
    shown,
    error,
  };
}
