/**
 * Island: the explorer. Any experiment of the manifest with every control; the whole view
 * lives in the URL hash (see lib/url-state.ts), so a reloaded permalink restores it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Manifest } from '../../../../pipeline/contract.ts';
import type { Core } from '../../lib/data/experiment.ts';
import { loadManifest } from '../../lib/data/store.ts';
import { DownloadLinks } from '../ui/DownloadLinks.tsx';
import {
  nearestSnapshot,
  parseHash,
  roundTo,
  serializeHash,
  type ViewState,
} from '../../lib/url-state.ts';
import { sensitivityCard, sensitivityStrip } from './SensitivityFigure.tsx';
import { bipartiteViewProps, useUnits } from './bipartite-view.tsx';
import { TrainingView, type TrainingState } from './TrainingView.tsx';
import { useSensitivity } from './use-sensitivity.ts';

interface Props {
  /** Experiment shown when the hash names none. */
  defaultExperiment: string;
  children?: ComponentChildren;
}

function initialFrom(
  hash: Partial<ViewState>,
  manifest: Manifest | null,
  experiment: string,
): Partial<TrainingState> {
  const entry = manifest?.experiments[experiment];
  const out: Partial<TrainingState> = { snapshot: -1, layerPos: -1 };
  if (entry && hash.layer !== undefined) {
    const pos = entry.layers.findIndex((l) => l.index === hash.layer);
    if (pos >= 0) out.layerPos = pos;
  }
  if (entry && hash.epoch !== undefined)
    out.snapshot = nearestSnapshot(
      entry.snapshots.map((s) => s.epoch),
      hash.epoch,
    );
  if (hash.highlight !== undefined) out.highlight = hash.highlight;
  if (hash.node !== undefined) out.node = hash.node;
  if (hash.edges !== undefined) out.edges = hash.edges;
  if (hash.wrong) out.wrong = true;
  if (hash.zoom != null || hash.cx != null || hash.cy != null)
    out.view = { zoom: hash.zoom ?? 0, x: hash.cx ?? 0, y: hash.cy ?? 0 };
  return out;
}

export default function ExplorerFigure({ defaultExperiment, children }: Props) {
  const [manifest, setManifest] = useState<Manifest | null>(null);
  const [manifestDone, setManifestDone] = useState(false);
  const [hash, setHash] = useState<Partial<ViewState>>({});
  const [generation, setGeneration] = useState(0);
  const [copied, setCopied] = useState(false);
  const lastWritten = useRef('');

  useEffect(() => {
    setHash(parseHash(location.hash));
    loadManifest()
      .then(setManifest, () => setManifest(null))
      .finally(() => setManifestDone(true));
    const onHashChange = () => {
      if (location.hash === lastWritten.current) return;
      setHash(parseHash(location.hash));
      setGeneration((g) => g + 1);
    };
    addEventListener('hashchange', onHashChange);
    return () => removeEventListener('hashchange', onHashChange);
  }, []);

  // Kinds drawn per hidden layer (a β sweep has its own figures, not the explorer's layer view).
  const names = manifest
    ? Object.keys(manifest.experiments).filter((n) => manifest.experiments[n]?.layers.length)
    : [];
  const experiment =
    hash.experiment && (!manifest || names.includes(hash.experiment))
      ? hash.experiment
      : names.includes(defaultExperiment) || !manifest
        ? defaultExperiment
        : (names[0] ?? defaultExperiment);
  const entry = manifest?.experiments[experiment];
  // The sensitivity view: offered when the experiment has gradient norms, kept in the hash.
  const hasSensitivity = !!entry?.files.some((f) => f.table === 'sensitivity');
  const sensitivityOn = hasSensitivity && hash.sensitivity === true;
  const sens = useSensitivity(experiment, sensitivityOn);
  const lastView = useRef<{ view: TrainingState; core: Core } | null>(null);
  // A neuron × sample experiment brings its unit cards and selectivity strip.
  const bipartite = entry?.kind === 'mlp-bipartite';
  const units = useUnits(bipartite ? experiment : null);

  const onViewChange = (view: TrainingState, core: Core) => {
    lastView.current = { view, core };
    sens.track(view, core);
    const state: ViewState = {
      experiment,
      layer: core.entry.layers[view.layerPos]?.index ?? 1,
      // The manifest's float64 epoch, not the float32 metrics column, so permalinks stay clean.
      epoch: core.entry.snapshots[view.snapshot]?.epoch ?? 0,
      highlight: view.highlight,
      node: view.node,
      edges: view.edges,
      wrong: view.wrong ? true : null,
      sensitivity: sensitivityOn ? true : null,
      // Only a view the reader changed goes into the link.
      ...(view.view &&
      (roundTo(view.view.zoom, 4) || roundTo(view.view.x, 4) || roundTo(view.view.y, 4))
        ? { zoom: view.view.zoom, cx: view.view.x, cy: view.view.y }
        : { zoom: null, cx: null, cy: null }),
    };
    const next = serializeHash(state);
    if (next !== location.hash) {
      lastWritten.current = next;
      history.replaceState(null, '', next);
    }
  };

  const picker = (
    <div class="sv-explorer-head">
      <label class="sv-select">
        <span>Experiment</span>
        <select
          class="sv-experiment"
          value={experiment}
          disabled={!manifest}
          onChange={(e) => {
            const name = e.currentTarget.value;
            setHash({ experiment: name });
            history.replaceState(
              null,
              '',
              serializeHash({
                experiment: name,
                layer: 1,
                epoch: 0,
                highlight: null,
                node: null,
                edges: false,
                zoom: null,
                cx: null,
                cy: null,
              }).split('&')[0],
            );
            setGeneration((g) => g + 1);
          }}
        >
          {(names.length ? names : [experiment]).map((name) => (
            <option key={name} value={name}>
              {manifest?.experiments[name]?.title ?? name}
            </option>
          ))}
        </select>
      </label>
      <p class="sv-note sv-explorer-intro">
        Each dot is one traced sample as one hidden layer sees it at one snapshot of training,
        placed by a layout of the layer's kNN graph (see the article). Drag or use two fingers to
        pan, scroll or pinch to zoom, click a dot (or focus the plot and use the arrow keys) for its
        card. The address keeps the whole view.
      </p>
      {hasSensitivity && (
        <label class="sv-toggle">
          <input
            type="checkbox"
            class="sv-sensitivity"
            checked={sensitivityOn}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              setHash((h) => ({ ...h, sensitivity: on ? true : null }));
              if (lastView.current) {
                const next = new URLSearchParams(location.hash.replace(/^#/, ''));
                if (on) next.set('sensitivity', '1');
                else next.delete('sensitivity');
                lastWritten.current = `#${next.toString()}`;
                history.replaceState(null, '', lastWritten.current);
              }
            }}
          />
          Colour and size by gradient norm ‖∂L/∂h‖ (sensitivity)
        </label>
      )}
      {entry && (
        <p class="sv-muted sv-explorer-meta">
          {(entry.nodes.sample ?? 0).toLocaleString('en')} trace samples · {entry.layers.length}{' '}
          hidden layers · {entry.snapshots.length} snapshots · seed {entry.seed}
        </p>
      )}
    </div>
  );

  if (!manifestDone) {
    return (
      <figure class="sv-figure sv-figure--explorer" data-figure="explorer" data-state="loading">
        <div class="sv-body">
          <div class="sv-stage">
            <div class="sv-poster-layer">{children}</div>
            <p class="sv-status">
              <span class="sv-spinner" /> Loading data…
            </p>
          </div>
        </div>
      </figure>
    );
  }
  return (
    <TrainingView
      key={`${experiment}:${generation}`}
      kind="explorer"
      experiment={experiment}
      initial={initialFrom(hash, manifest, experiment)}
      onViewChange={onViewChange}
      poster={experiment === defaultExperiment ? children : undefined}
      header={picker}
      {...(sensitivityOn
        ? {
            nodeStyle: sens.style,
            cardExtra: (node: number) => sensitivityCard(sens, node),
            strip: (c: Core, snapshot: number, seek: (s: number) => void) =>
              sensitivityStrip(sens, c, snapshot, seek),
          }
        : {})}
      interactive
      {...(bipartite ? bipartiteViewProps(units) : {})}
      footer={
        <div class="sv-explorer-foot">
          <button
            type="button"
            class="sv-button sv-copy-link"
            onClick={() => {
              navigator.clipboard?.writeText(location.href).then(
                () => setCopied(true),
                () => setCopied(false),
              );
              setTimeout(() => setCopied(false), 2000);
            }}
          >
            {copied ? 'Link copied' : 'Copy link to this view'}
          </button>
          <p class="sv-note">The address always encodes the current view.</p>
          {entry && (
            <div class="sv-note">
              <DownloadLinks files={entry.files} />
            </div>
          )}
        </div>
      }
    />
  );
}
