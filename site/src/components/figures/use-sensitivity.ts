/**
 * The sensitivity view of a TrainingView: loads the shown layer's gradient norms
 * (sensitivity-l<k>.arrow) and the summaries, colours and sizes every digit by its
 * ‖∂L/∂h‖ at the shown snapshot, and gives the card the digit's saliency (loaded with the
 * first card). Used by the article's sensitivity figure and by the explorer.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { DIMMED_ALPHA } from '../../lib/colour.ts';
import { logDomain, valueStyle } from '../../lib/colour-scale.ts';
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
  /** Log10 axis of the shown layer's gradient norms (over every snapshot). */
  domain: readonly [number, number] | null;
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
  const domain = useMemo(() => (current ? logDomain(current.gradNorm) : null), [current]);
  const style = useMemo(() => {
    if (!current || !domain || !shown) return null;
    return valueStyle(
      viewGradNorms(current, shown.snapshot),
      domain,
      shown.core.labels,
      shown.highlight,
      DIMMED_ALPHA,
    );
  }, [current, domain, shown?.snapshot, shown?.highlight]);

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
    domain,
    sensitivity: current,
    gradients,
    saliency,
    shown,
    error,
  };
}
