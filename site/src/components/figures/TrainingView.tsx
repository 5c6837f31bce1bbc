/**
 * One hidden layer of one experiment at one snapshot, with every control: scrubber, play,
 * layer switch, legend highlight, edges, tooltip, metric strip. The article's training
 * figure and the explorer both render it.
 */
import { isDrawn } from '../../lib/globals.ts';
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { NODE_KINDS, type FileEntry } from '../../../../pipeline/contract.ts';
import { DIMMED_ALPHA, classColour, fillColours, hexToRgb } from '../../lib/colour.ts';
import { forView, nodeRadii } from '../../lib/render/radii.ts';
import {
  clampIndex,
  edgesInView,
  hasPredictions,
  nodeTrail,
  regionBox,
  viewEdges,
  viewRegions,
  viewPositions,
  viewPredicted,
  type Core,
  type Edges,
  type LayerViews,
  type Regions,
  type Thumbnails,
  type ViewEdgeList,
} from '../../lib/data/experiment.ts';
import { describeError } from '../../lib/data/errors.ts';
import {
  loadCoreWithLayerHeads,
  loadCoreWithLayerTails,
  loadCoreWithLayers,
  loadEdges,
  loadEdgesHead,
  loadEdgesTail,
  loadImages,
  loadLayer,
  loadRegions,
  sliceSnapshot,
} from '../../lib/data/store.ts';
import { regionPixels } from '../../lib/regions.ts';
import {
  formatEpoch,
  formatPercent,
  formatScore,
  layerLabel,
  sampleText,
} from '../../lib/format.ts';
import type { PanelView, PointerPick } from '../../lib/render/scene.ts';
import { FigureFrame, type ArticleFigureProps, type FigureKind } from '../ui/FigureFrame.tsx';
import { LayerSwitch } from '../ui/LayerSwitch.tsx';
import { Legend } from '../ui/Legend.tsx';
import { MetricStrip, trainingSeries } from '../ui/MetricStrip.tsx';
import { Scrubber } from '../ui/Scrubber.tsx';
import { dimCorrect } from '../../lib/filter.ts';
import { SampleFilter } from '../ui/SampleFilter.tsx';
import { Tooltip } from '../ui/Tooltip.tsx';
import { ZoomControls } from '../ui/ZoomControls.tsx';
import { useFigure, type FigureHooks } from './use-figure.ts';
import { useLinkedSelection } from './use-linked-selection.ts';
import { useNodeCard } from './use-node-card.ts';
import { usePlayback } from './use-playback.ts';

export interface TrainingState {
  layerPos: number;
  snapshot: number;
  highlight: number | null;
  /** The sample whose card is pinned. */
  node: number | null;
  edges: boolean;
  /** Explorer filter: only the samples predicted wrong at the shown snapshot stand out. */
  wrong: boolean;
  /** Pan and zoom relative to the fitted view (interactive figures). */
  view: PanelView | null;
}

export interface TrainingViewProps {
  kind: Extract<FigureKind, 'scrubber' | 'explorer' | 'scrambled' | 'sensitivity' | 'bipartite'>;
  experiment: string;
  /** Initial view; `layerPos` -1 means the last layer, `snapshot` -1 the last snapshot. */
  initial?: Partial<TrainingState>;
  onViewChange?: (state: TrainingState, core: Core) => void;
  poster?: ComponentChildren;
  caption?: ComponentChildren;
  downloads?: readonly FileEntry[] | undefined;
  /** Extra controls placed first (the explorer's experiment picker). */
  header?: ComponentChildren;
  /** Zoom with any wheel (the explorer); without it, only with Ctrl or ⌘ held (the article). Both pan and zoom. */
  interactive?: boolean;
  /** Extra controls placed last (the explorer's links). */
  footer?: ComponentChildren;
  /** Nodes always drawn with a ring (view indices of the view with node ids `nodeIds`), each in its own colour (RGBA, 4 bytes per node; alpha 0: the page's ring colour), e.g. the scrambled samples. */
  rings?: (
    core: Core,
    nodeIds: Int32Array,
  ) => {
    nodes: number[];
    colours: Uint8Array;
    /** Class of each ringed node for the class highlight (default: its label). */
    classes?: ArrayLike<number>;
  };
  /**
   * Positions the figure computes itself instead of the layer's stored layout (Figure 6 draws
   * the digits where Figure 1 does): drawn when they are for the shown layer and snapshot; while
   * null (loading), nothing new is drawn.
   */
  place?: { layer: number; snapshot: number; xy: Float32Array } | null;
  /** The panel keeps the box [-1, 1]² instead of fitting the drawing. @default true */
  fit?: boolean;
  /** Edges only of the node whose card is shown (no edges toggle). */
  cardEdgesOnly?: boolean;
  /** Draw a pinned node's path over training. @default true */
  trails?: boolean;
  /** Replaces the metric strip (the scrambled-labels chart). */
  strip?: (
    core: Core,
    snapshot: number,
    seek: (snapshot: number) => void,
    layerPos: number,
  ) => ComponentChildren;
  /** Label of the edges toggle. @default 'Show kNN edges' */
  edgesLabel?: string;
  /** Nodes ringed while node `index`'s card is shown (view indices), e.g. the units a sample links to. */
  linked?: (index: number, edges: ViewEdgeList | null) => number[];
  /** A card of the figure's own for node `index` (e.g. a unit's), or null for the sample card. */
  nodeCard?: (card: NodeCardContext) => ComponentChildren | null;
  /** Per-node colours (RGBA) and radius multipliers of the shown view, instead of class colours (the sensitivity view); ignored when their length is not the view's. */
  nodeStyle?: { colours: Uint8Array; radii: Float32Array } | null;
  /** More for a node's card (the sensitivity view's saliency image). */
  cardExtra?: (node: number) => ComponentChildren;
}

/** The TrainingView props an article figure passes through: its experiment, opening view (the given layer, else the last; initialisation), poster, caption and downloads. */
export function articleViewProps(
  p: ArticleFigureProps,
): Pick<TrainingViewProps, 'experiment' | 'initial' | 'poster' | 'caption' | 'downloads'> {
  return {
    experiment: p.experiment,
    initial: { layerPos: p.layer === undefined ? -1 : p.layer - 1, snapshot: 0 },
    poster: p.children,
    caption: p.caption,
    downloads: p.downloads,
  };
}

/**
 * An article figure opens on its first snapshot (head files), or on its last (tail files), and
 * loads every snapshot when the reader engages; the explorer, or a permalink to another
 * snapshot, loads them at once (null).
 */
function opensOnOf(
  props: Pick<TrainingViewProps, 'initial' | 'interactive'>,
): 'head' | 'tail' | null {
  const snapshot = props.initial?.snapshot;
  if (props.interactive) return null;
  return !snapshot ? 'head' : snapshot === -1 ? 'tail' : null;
}

/**
 * What the view fetches to draw its first frame: the core and the first layer shown, in
 * parallel. The site build runs it to list those files on the island (lib/build/opening.ts).
 */
export function loadTrainingOpening(
  props: Pick<TrainingViewProps, 'experiment' | 'initial' | 'interactive'>,
): Promise<{ core: Core; layers: LayerViews[] }> {
  const opensOn = opensOnOf(props);
  const load =
    opensOn === 'head'
      ? loadCoreWithLayerHeads
      : opensOn === 'tail'
        ? loadCoreWithLayerTails
        : loadCoreWithLayers;
  return load(props.experiment, [props.initial?.layerPos ?? -1]);
}

/** What a figure's own node card may read. */
export interface NodeCardContext {
  core: Core;
  /** Index in the shown view and node id. */
  index: number;
  node: number;
  snapshot: number;
  /** The shown snapshot's display edges, by view index (null until loaded). */
  edges: ViewEdgeList | null;
  images: Thumbnails | null | undefined;
  x: number;
  y: number;
  stageWidth: number;
  pinned: boolean;
  elementRef: ReturnType<typeof useNodeCard>['cardRef'];
}

const UNIT = NODE_KINDS.indexOf('unit');

/** Same node ids (a head and its whole table list the same nodes). */
function sameIds(a: Int32Array | null, b: Int32Array): boolean {
  return !!a && a.length === b.length && a.every((v, i) => v === b[i]);
}

export function TrainingView(props: TrainingViewProps) {
  const { experiment, initial = {} } = props;
  const [view, setView] = useState<TrainingState>({
    layerPos: -1,
    snapshot: 0,
    highlight: null,
    node: null,
    edges: false,
    wrong: false,
    view: null,
    ...initial,
  });
  const [playing, setPlaying] = useState(false);
  const [edges, setEdges] = useState<Edges | null>(null);
  const [edgeError, setEdgeError] = useState('');
  // Layouts arrive one layer at a time (positions-l<k>.arrow), keyed by manifest layer index.
  const [layouts, setLayouts] = useState<ReadonlyMap<number, LayerViews>>(new Map());
  const [layoutError, setLayoutError] = useState('');
  const [images, setImages] = useState<Thumbnails | null | undefined>(undefined);
  const imagesRequested = useRef(false);
  const requestImages = () => {
    if (imagesRequested.current) return;
    imagesRequested.current = true;
    loadImages(experiment).then(setImages, () => setImages(null));
  };
  const cardRef = useRef<ReturnType<typeof useNodeCard> | null>(null);
  const opensOn = opensOnOf(props);

  const fig: FigureHooks<{ core: Core; layers: LayerViews[] }> = useFigure(
    props.kind,
    // The core and the first layer shown are fetched in parallel.
    () => loadTrainingOpening(props),
    ({ core }) => ({
      // The first layer shown sets the panel's size; another layer's views may resize it.
      panels: [
        {
          id: 'main',
          n:
            core.entry.layers[clampIndex(initial.layerPos ?? -1, core.L, core.L - 1)]?.nodes ??
            core.n,
          fit: props.fit ?? true,
        },
        // A 2-D toy set also shows its input plane, shaded by the decision regions: its
        // frame is the box the regions are computed in, so it keeps the box.
        ...(core.input ? [{ id: 'input', n: core.input.length / 2, fit: false }] : []),
      ],
      ...(core.input ? { columns: inputColumns(fig.canvasRef.current), topInset: 26 } : {}),
      // Pan and zoom everywhere; in the article the wheel zooms only with Ctrl or ⌘ held.
      interactive: true,
      wheelNeedsModifier: !props.interactive,
    }),
    {
      onHover: (pick: PointerPick | null) => cardRef.current?.onHover(pick),
      onClick: (pick: PointerPick | null) => cardRef.current?.onClick(pick),
      // The permalink keeps the layout panel's view (the input plane's is not stored).
      onViewChange: (id: string, panelView: PanelView) => {
        if (id === 'main') setView((v) => ({ ...v, view: panelView }));
      },
    },
  );
  const core = fig.data?.core ?? null;
  const scene = fig.scene;
  const nodeCard = useNodeCard({
    scene,
    canvas: fig.canvasRef,
    keyPanel: 'main',
    pinned: view.node === null ? null : { panel: 'main', index: view.node },
    onPin: (node) => setView((v) => ({ ...v, node: node?.index ?? null })),
  });
  cardRef.current = nodeCard;
  const card = nodeCard.card;
  // A class or sample picked here is picked in the page's other figures of this experiment.
  useLinkedSelection(props.kind, experiment, !!core, view.highlight, view.node, (s) =>
    setView((v) => ({ ...v, highlight: s.highlight, node: s.node })),
  );
  // The thumbnails load with the first card, or for the explorer's gallery.
  useEffect(() => {
    if (card || view.wrong) requestImages();
  }, [card?.index, view.wrong]);

  // Resolve "last layer" / "last snapshot" / out-of-range values once the data is known.
  useEffect(() => {
    if (!core) return;
    setView((v) => ({
      ...v,
      layerPos: clampIndex(v.layerPos, core.L, core.L - 1),
      snapshot: clampIndex(v.snapshot, core.S, 0),
      highlight:
        v.highlight !== null && v.highlight >= 0 && v.highlight < core.entry.dataset.classes.length
          ? v.highlight
          : null,
      node: v.node !== null && v.node >= 0 && v.node < core.n ? v.node : null,
    }));
  }, [core]);
  const ready = !!core && view.layerPos >= 0 && view.layerPos < core.L;
  const layerIndex = ready ? core.entry.layers[view.layerPos]?.index : undefined;
  const views =
    layerIndex === undefined
      ? undefined
      : (layouts.get(layerIndex) ?? fig.data?.layers.find((v) => v.layer === layerIndex));
  // The layer last drawn: kept on screen while the next layer's file downloads.
  const shown = useRef<LayerViews | null>(null);
  if (views) shown.current = views;
  // The snapshot the figure opens on (-1 until "the last" is resolved).
  const opening = opensOn === 'tail' ? (core ? core.S - 1 : -1) : 0;
  const wantFull =
    !opensOn ||
    fig.engaged ||
    playing ||
    (view.snapshot !== opening && view.snapshot !== -1) ||
    view.node !== null;
  // The one snapshot the views hold while they come from a head or tail file.
  const slice = views ? sliceSnapshot(views) : undefined;
  const partial = slice !== undefined;
  // The snapshot drawn: the opening one until the layer's every snapshot is in.
  const drawn = slice ?? view.snapshot;

  // Another layer's layouts (or every snapshot of the first one): fetched when the reader
  // switches to it. On failure the switch goes back to the layer on screen and the reason
  // shows under the controls.
  useEffect(() => {
    if (layerIndex === undefined || (views && !(partial && wantFull))) return;
    let cancelled = false;
    setLayoutError('');
    loadLayer(experiment, layerIndex).then(
      (loaded) => {
        if (!cancelled) setLayouts((m) => new Map(m).set(loaded.layer, loaded));
      },
      (error: unknown) => {
        if (cancelled) return;
        setLayoutError(describeError(error));
        const back = core?.entry.layers.findIndex((l) => l.index === shown.current?.layer) ?? -1;
        if (back >= 0) setView((v) => ({ ...v, layerPos: back }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [layerIndex, views, experiment, wantFull]);

  const first = useRef(true);
  // A layer whose views hold other nodes (another count) gets a fresh panel, its nodes' kinds
  // their radii and its labels their colours; every later snapshot only moves the nodes.
  const [panelNodes, setPanelNodes] = useState<Int32Array | null>(null);
  useEffect(() => {
    // A permalink with a layer but no epoch opens at snapshot -1 ("the last") until it is resolved.
    if (!scene || !core || !views || drawn < 0 || drawn >= core.S) return;
    if (panelNodes !== views.nodeIds) {
      // The whole layer replacing its head holds the same nodes: the panel stays.
      if (!sameIds(panelNodes, views.nodeIds)) {
        scene.resizePanel('main', views.n);
        scene.setRadii('main', nodeRadii(core.kinds, views.nodeIds));
      }
      setPanelNodes(views.nodeIds);
    }
    const placed =
      props.place === undefined
        ? viewPositions(views, drawn)
        : props.place && props.place.layer === views.layer && props.place.snapshot === drawn
          ? props.place.xy
          : null;
    if (!placed) return;
    scene.setPositions('main', placed, !first.current && panelNodes?.length === views.n);
    first.current = false;
  }, [scene, core, views, drawn, props.place]);

  // Whether the run has predictions at all (an imported run has none): until its first layer
  // is in, unknown, and nothing that needs them is offered.
  const predicts = useMemo(
    () => (views ? hasPredictions(views) : shown.current ? hasPredictions(shown.current) : false),
    [views],
  );
  // A permalink's wrong-only filter means nothing for a run without predictions.
  useEffect(() => {
    if (views && !predicts && view.wrong) setView((v) => ({ ...v, wrong: false }));
  }, [views, predicts, view.wrong]);

  // Colours by class; with the explorer's filter on, samples the network gets right at this
  // snapshot are dimmed like another class.
  const shownPredicted = views && panelNodes === views.nodeIds ? viewPredicted(views, drawn) : null;
  const styled = useRef(false);
  useEffect(() => {
    if (!scene || !core || !panelNodes) return;
    const style = props.nodeStyle?.radii.length === panelNodes.length ? props.nodeStyle : null;
    if (style || styled.current)
      scene.setRadii('main', style?.radii ?? nodeRadii(core.kinds, panelNodes));
    styled.current = !!style;
    if (style) return scene.setColours('main', style.colours);
    const labels = forView(core.labels, panelNodes);
    const colours = fillColours(labels, view.highlight);
    if (view.wrong && shownPredicted) dimCorrect(colours, labels, shownPredicted);
    // Hidden units in ink (the page's text colour), among the class-coloured samples.
    const ink = fig.dark ? [236, 236, 236, 255] : [17, 17, 17, 255];
    panelNodes.forEach((id, i) => core.kinds[id] === UNIT && colours.set(ink, 4 * i));
    scene.setColours('main', colours);
  }, [
    scene,
    core,
    panelNodes,
    view.highlight,
    view.wrong,
    view.wrong ? view.snapshot : -1,
    props.nodeStyle,
    fig.dark,
  ]);

  // Edges come one layer at a time (edges-l<k>.arrow): fetch the shown layer's file only
  // when edges are on, and the next one only when the reader switches layers.
  // While the layout is a head (tail), so are the edges (the first (last) snapshot's).
  useEffect(() => {
    if (!view.edges || layerIndex === undefined) return;
    if (edges?.layer === layerIndex && (partial || sliceSnapshot(edges) === undefined)) return;
    let cancelled = false;
    setEdgeError('');
    (!partial ? loadEdges : slice === 0 ? loadEdgesHead : loadEdgesTail)(
      experiment,
      layerIndex,
    ).then(
      (loaded) => {
        if (!cancelled) setEdges(loaded);
      },
      (error: unknown) => {
        if (cancelled) return;
        setEdgeError(describeError(error));
        setView((v) => ({ ...v, edges: false }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [view.edges, edges, layerIndex, experiment, partial, slice]);

  // Stored by node id; drawn by index in the shown view (the same where a view holds every node).
  const layerEdges = useMemo(
    () =>
      edges && views && edges.layer === views.layer ? edgesInView(edges, views.nodeIds) : null,
    [edges, views],
  );
  const shownEdges = useMemo(
    () =>
      layerEdges &&
      layerEdges.layer === layerIndex &&
      [undefined, drawn].includes(sliceSnapshot(edges))
        ? viewEdges(layerEdges, drawn)
        : null,
    [layerEdges, layerIndex, drawn],
  );
  // Figure 6: only the shown card's node's edges.
  const cardIndex = nodeCard.card?.index ?? null;
  const drawnEdges = useMemo(
    () => (props.cardEdgesOnly ? edgesOf(shownEdges, cardIndex) : shownEdges),
    [shownEdges, props.cardEdgesOnly, cardIndex],
  );
  useEffect(() => {
    if (!scene || !core || !ready) return;
    scene.setEdges('main', drawnEdges, view.edges);
  }, [scene, core, ready, drawnEdges, view.edges]);

  // The pinned sample's path over training, faintly, in its class colour.
  useEffect(() => {
    if (!scene || !core || !views || panelNodes !== views.nodeIds) return;
    const node = view.node;
    const colour = hexToRgb(classColour(core.labels[views.nodeIds[node ?? 0] ?? 0] ?? 0));
    const trail = node === null || props.trails === false ? null : nodeTrail(views, node);
    scene.setTrail('main', trail, [...colour, 120]);
  }, [scene, core, views, panelNodes, view.node]);

  const rings = useMemo(
    () => (core && panelNodes && props.rings ? props.rings(core, panelNodes) : null),
    [core, panelNodes, props.rings],
  );
  const linked = card && props.linked ? props.linked(card.index, shownEdges) : [];
  useEffect(() => {
    if (!scene || !panelNodes) return;
    if (core?.input) scene.setMarks('input', nodeCard.marks);
    const marks = [...nodeCard.marks, ...linked];
    if (!rings) return scene.setMarks('main', marks);
    // The card's ring last, so it is drawn on top of a persistent ring; alpha 0: the page's ring colour.
    const colours = new Uint8Array((rings.nodes.length + marks.length) * 4);
    colours.set(rings.colours);
    // A highlighted class: the other classes' rings fade with their dots.
    if (view.highlight !== null) {
      const ink = fig.dark ? 245 : 20;
      rings.nodes.forEach((i, k) => {
        const c = rings.classes?.[k] ?? core?.labels[panelNodes[i] ?? 0];
        if (c !== view.highlight) colours.set([ink, ink, ink, DIMMED_ALPHA], 4 * k);
      });
    }
    scene.setMarks('main', [...rings.nodes, ...marks], colours);
  }, [
    scene,
    core,
    panelNodes,
    rings,
    nodeCard.marks.join(),
    linked.join(),
    view.highlight,
    fig.dark,
  ]);

  // The input plane of a 2-D toy set: the samples where they are, coloured by true class,
  // over the decision regions of the shown snapshot (regions.arrow, fetched with the core).
  const [regions, setRegions] = useState<Regions | null>(null);
  useEffect(() => {
    if (!core?.input) return;
    let cancelled = false;
    loadRegions(experiment).then(
      (loaded) => !cancelled && setRegions(loaded),
      (error: unknown) => !cancelled && setLayoutError(describeError(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [core, experiment]);
  useEffect(() => {
    if (!scene || !core?.input) return;
    scene.setPositions('input', core.input, false);
  }, [scene, core]);
  useEffect(() => {
    if (scene && core?.input) scene.setColours('input', fillColours(core.labels, view.highlight));
  }, [scene, core, view.highlight]);
  useEffect(() => {
    if (!scene || !core?.inputFit || !regions) return;
    const shown = viewRegions(regions, view.snapshot);
    scene.setImage('input', {
      pixels: regionPixels(shown.predicted, shown.confidence, core.entry.dataset.classes.length),
      width: regions.size,
      height: regions.size,
      bounds: regionBox(shown.bounds, core.inputFit),
    });
  }, [scene, core, regions, view.snapshot]);
  // Side by side on a landscape stage, stacked on a portrait one (a phone).
  const [inputCols, setInputCols] = useState(2);
  useEffect(() => {
    const canvas = fig.canvasRef.current;
    if (!scene || !core?.input || !canvas) return;
    const observer = new ResizeObserver(() => setInputCols(inputColumns(canvas)));
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [scene, core]);
  useEffect(() => {
    if (core?.input) scene?.setColumns(inputCols);
  }, [scene, core, inputCols]);

  // A permalinked pan and zoom, applied once the scene is there.
  const viewApplied = useRef(false);
  useEffect(() => {
    if (!scene || viewApplied.current) return;
    viewApplied.current = true;
    if (initial.view) scene.setViewOf('main', initial.view);
  }, [scene]);

  useEffect(() => {
    if (core && ready) props.onViewChange?.(view, core);
  }, [core, ready, view]);

  usePlayback(
    playing,
    view.snapshot,
    (core?.S ?? 1) - 1,
    fig.reducedMotion,
    (s) => setView((v) => ({ ...v, snapshot: s })),
    () => setPlaying(false),
  );

  const predicted = shown.current ? viewPredicted(shown.current, view.snapshot) : null;
  const summary = useSummary(
    core,
    view,
    playing,
    card?.keyboard || card?.pinned ? card.index : null,
    predicted,
  );
  const classes = core?.entry.dataset.classes ?? [];
  const disabled = !isDrawn(fig.state) || !core;
  const layer = core?.entry.layers[view.layerPos];
  // An imported run may give no test accuracy: the scrubber then reads the epoch alone.
  const hasAccuracy = !!core?.metrics.columns.snapshot.includes('test_accuracy');

  const controls = (
    <>
      {props.header}
      {core && (
        <>
          <Scrubber
            epochs={core.metrics.snapshot('epoch')}
            {...(hasAccuracy ? { accuracy: core.metrics.snapshot('test_accuracy') } : {})}
            snapshot={view.snapshot}
            playing={playing}
            disabled={disabled}
            label="Training progress"
            onChange={(s) => setView((v) => ({ ...v, snapshot: s }))}
            onPlay={(p) => {
              if (p && view.snapshot >= core.S - 1) setView((v) => ({ ...v, snapshot: 0 }));
              setPlaying(p);
            }}
          />
          <LayerSwitch
            layers={core.entry.layers}
            value={view.layerPos}
            disabled={disabled}
            onChange={(l) => setView((v) => ({ ...v, layerPos: l }))}
          />
          <Legend
            classes={classes}
            highlight={view.highlight}
            disabled={disabled}
            onHighlight={(c) => setView((v) => ({ ...v, highlight: c }))}
          />
          {!props.cardEdgesOnly && (
            <label class="sv-toggle">
              <input
                type="checkbox"
                class="sv-edges"
                checked={view.edges}
                disabled={disabled}
                onChange={(e) => setView((v) => ({ ...v, edges: e.currentTarget.checked }))}
              />
              {props.edgesLabel ?? 'Show kNN edges'}
            </label>
          )}
          {edgeError && <p class="sv-note">{edgeError}</p>}
          {layoutError && <p class="sv-note">{layoutError}</p>}
          {ready && !views && !layoutError && (
            <p class="sv-note">Loading layer {layer ? layerLabel(layer) : ''}…</p>
          )}
          {ready &&
            layer &&
            props.strip?.(
              core,
              view.snapshot,
              (s) => setView((v) => ({ ...v, snapshot: s })),
              view.layerPos,
            )}
          {ready && layer && !props.strip && (
            <MetricStrip
              epochs={core.metrics.snapshot('epoch')}
              snapshot={view.snapshot}
              disabled={disabled}
              onSeek={(s) => setView((v) => ({ ...v, snapshot: s }))}
              series={trainingSeries(
                core.metrics,
                view.layerPos,
                layerLabel(layer),
                true,
                props.kind === 'explorer',
              )}
            />
          )}
          {props.kind === 'explorer' && (
            <SampleFilter
              n={views?.n ?? core.n}
              labels={panelNodes ? forView(core.labels, panelNodes) : core.labels}
              predicted={shownPredicted}
              predicts={predicts}
              classes={classes}
              highlight={view.highlight}
              wrong={view.wrong}
              epoch={formatEpoch(core.metrics.snapshot('epoch')[view.snapshot] ?? 0)}
              images={core.entry.files.some((f) => f.table === 'images') ? images : null}
              disabled={disabled}
              onWrong={(wrong) => setView((v) => ({ ...v, wrong }))}
              onFind={(node) => setView((v) => ({ ...v, node }))}
            />
          )}
          {props.kind === 'explorer' && view.node !== null && (
            <p class="sv-note">Selected sample #{view.node}. Click empty space to clear.</p>
          )}
          <p class="sv-note sv-keys">
            Keyboard: focus the plot, then arrow keys walk from sample to sample (Shift for longer
            steps), Enter pins the card, Escape clears.
          </p>
        </>
      )}
      {props.footer}
    </>
  );

  const inputLabels = core?.input ? (
    <div
      class="sv-panel-labels"
      style={{
        gridTemplateColumns: `repeat(${inputCols}, 1fr)`,
        gridTemplateRows: `repeat(${3 - inputCols}, 1fr)`,
      }}
      aria-hidden="true"
    >
      <div class="sv-panel-cell">
        <span>Layer {layer?.index ?? ''} · kNN-graph layout</span>
      </div>
      <div
        class={`sv-panel-cell ${inputCols === 2 ? 'sv-panel-cell--left' : 'sv-panel-cell--top'}`}
      >
        <span>Input plane · shading = prediction</span>
      </div>
    </div>
  ) : null;
  const own =
    card && core && ready && views && props.nodeCard
      ? props.nodeCard({
          core,
          index: card.index,
          node: views.nodeIds[card.index] ?? card.index,
          snapshot: view.snapshot,
          edges: shownEdges,
          images: core.entry.files.some((f) => f.table === 'images') ? images : null,
          x: card.x,
          y: card.y,
          stageWidth: fig.canvasRef.current?.clientWidth || 400,
          pinned: card.pinned,
          elementRef: nodeCard.cardRef,
        })
      : null;
  const card_ = own ? (
    own
  ) : card && core && ready && predicted ? (
    <Tooltip
      x={card.x}
      y={card.y}
      stageWidth={fig.canvasRef.current?.clientWidth || 400}
      node={card.index}
      label={core.labels[card.index] ?? 0}
      predicted={predicted[card.index] ?? 0}
      assigned={core.assigned?.[card.index]}
      classes={classes}
      images={core.entry.files.some((f) => f.table === 'images') ? images : null}
      pinned={card.pinned}
      trail={props.trails !== false}
      extra={props.cardExtra?.(card.index)}
      elementRef={nodeCard.cardRef}
    />
  ) : null;
  const overlay = (
    <>
      {inputLabels}
      <ZoomControls scene={scene} canvas={fig.canvasRef} wheelHint={!props.interactive} />
      {card_}
    </>
  );

  return (
    <FigureFrame
      {...fig.frame}
      kind={props.kind}
      // A 2-D toy set's extra panel: the explorer stacks it under the layout on a phone.
      {...(core?.input ? { class: 'sv-figure--with-input' } : {})}
      poster={props.poster}
      caption={props.caption}
      live={summary}
      canvasLabel={summary || 'Layout of the trace samples'}
      overlay={overlay}
      controls={controls}
      downloads={props.downloads}
    />
  );
}

/** The edges of one node (view index), or none. */
function edgesOf(edges: ViewEdgeList | null, index: number | null): ViewEdgeList | null {
  if (!edges || index === null) return null;
  const keep: number[] = [];
  edges.source.forEach((s, e) => (s === index || edges.target[e] === index) && keep.push(e));
  const out: ViewEdgeList = {
    source: Int32Array.from(keep, (e) => edges.source[e] ?? 0),
    target: Int32Array.from(keep, (e) => edges.target[e] ?? 0),
  };
  if (edges.weight) out.weight = Float32Array.from(keep, (e) => edges.weight?.[e] ?? 0);
  return out;
}

/** Panel columns for a layout beside a toy set's input plane: 2 on a landscape canvas, 1 on a portrait one. */
function inputColumns(canvas: HTMLCanvasElement | null): number {
  return !canvas || canvas.clientWidth >= canvas.clientHeight ? 2 : 1;
}

/**
 * The polite live-region text; quiet while playing, so it does not chatter. A sample walked to
 * with the keyboard or pinned is announced with its classes.
 */
function useSummary(
  core: Core | null,
  view: TrainingState,
  playing: boolean,
  sample: number | null,
  predicted: Int8Array | null,
): string {
  const [text, setText] = useState('');
  const next = useMemo(() => {
    if (!core || view.layerPos < 0 || view.layerPos >= core.L) return '';
    const layer = core.entry.layers[view.layerPos];
    const epoch = core.metrics.snapshot('epoch')[view.snapshot] ?? 0;
    const last = core.metrics.snapshot('epoch')[core.S - 1] ?? 0;
    const label = layer ? layerLabel(layer) : String(view.layerPos + 1);
    const parts = [
      `Layer ${label === String(layer?.index) ? `${label} of ${core.L}` : `${label} (${view.layerPos + 1} of ${core.L})`}, epoch ${formatEpoch(epoch)} of ${formatEpoch(last)}`,
      ...(core.metrics.columns.snapshot.includes('test_accuracy')
        ? [
            `test accuracy ${formatPercent(core.metrics.snapshot('test_accuracy')[view.snapshot] ?? 0)}`,
          ]
        : []),
      `silhouette ${formatScore(core.metrics.view('silhouette_layout', view.layerPos)[view.snapshot] ?? 0)}`,
      `neighbourhood hit ${formatScore(core.metrics.view('neighborhood_hit', view.layerPos)[view.snapshot] ?? 0)}`,
    ];
    if (view.highlight !== null)
      parts.push(
        `highlighting class ${core.entry.dataset.classes[view.highlight] ?? view.highlight}`,
      );
    if (view.edges) parts.push('edges shown');
    let text = `${parts.join(', ')}.`;
    if (sample !== null) {
      const label = core.labels[sample] ?? 0;
      const guess = predicted?.[sample] ?? label;
      text = `${sampleText(sample, core.entry.dataset.classes, label, guess, view.node === sample)} ${text}`;
    }
    return text;
  }, [core, view, sample, predicted]);
  useEffect(() => {
    if (playing) return;
    const timer = setTimeout(() => setText(next), 400);
    return () => clearTimeout(timer);
  }, [next, playing]);
  return text;
}
