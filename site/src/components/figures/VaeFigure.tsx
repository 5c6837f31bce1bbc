/**
 * Island: the β-VAE sweep. A β switch and the training scrubber over the latent layout (the
 * posterior means μ(x) of the trace digits, laid out like a hidden layer, or as an alternative
 * view the raw two most active latent dimensions); beside it active units over training, the KL
 * of every latent dimension at that (β, snapshot), the image strips (reconstructions, prior
 * samples, traversals) and the linear-VAE theory check: measured KL per direction against
 * ½·ln(λ/(β·σ²)), with the collapse threshold λ = β·σ² as a line.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { fillColours } from '../../lib/colour.ts';
import {
  loadLatentAxes,
  loadStrips,
  loadLatents,
  loadVae,
  type VaeData,
  type VaeStrips,
} from '../../lib/data/vae.ts';
import { formatEpoch } from '../../lib/format.ts';
import {
  axesInPriorUnits,
  axesRange,
  codeSpread,
  layoutAtSpread,
  widestSpread,
} from '../../lib/vae-scale.ts';
import { FigureFrame, type ArticleFigureProps } from '../ui/FigureFrame.tsx';
import { ActiveUnitsChart } from '../ui/ActiveUnitsChart.tsx';
import { Scrubber } from '../ui/Scrubber.tsx';
import { ViewSwitch } from '../ui/ViewSwitch.tsx';
import { VaeCard } from '../ui/VaeCard.tsx';
import { ZoomControls } from '../ui/ZoomControls.tsx';
import { loadImages } from '../../lib/data/store.ts';
import type { Thumbnails } from '../../lib/data/experiment.ts';
import { useNodeCard, type NodeRef } from './use-node-card.ts';
import { useFigure } from './use-figure.ts';
import { usePlayback } from './use-playback.ts';

/** Bars of KL per latent dimension; active dimensions (Var μ > 0.01) drawn solid. */
function KlBars({ data, b, s }: { data: VaeData; b: number; s: number }) {
  const { k } = data;
  const base = (b * data.S + s) * k;
  const values = Array.from({ length: k }, (_, j) => data.kl[base + j] ?? 0);
  const top = Math.max(1, ...values);
  const w = 220;
  const h = 90;
  const bw = w / k;
  return (
    <svg
      class="sv-vae-kl"
      viewBox={`0 0 ${w} ${h + 14}`}
      role="img"
      aria-label={`KL per latent dimension: ${values.map((v) => v.toFixed(2)).join(', ')} nats`}
    >
      {values.map((v, j) => {
        const active = (data.muVariance[base + j] ?? 0) > 0.01;
        const bh = (v / top) * h;
        return (
          <rect
            key={j}
            x={j * bw + 2}
            y={h - bh}
            width={bw - 4}
            height={Math.max(bh, 0.5)}
            fill="currentColor"
            fill-opacity={active ? 0.85 : 0.25}
          />
        );
      })}
      <text x="0" y={h + 12} font-size="10" fill="currentColor">
        KL per dimension (max {top.toFixed(1)} nats)
      </text>
    </svg>
  );
}

/** Tick values from `lo` to `hi`, one per unit step (integers). */
function integerTicks(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(v);
  return out;
}

/** The linear-VAE check: every (β, direction) at x = ln(λ/(β·σ²)), y = KL; theory ½·max(x, 0). */
function TheoryChart({ data, b }: { data: VaeData; b: number }) {
  const t = data.theory;
  const xs = Array.from(t.eigenvalue, (l, r) => Math.log(l / (t.threshold[r] ?? 1)));
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const ymax = Math.max(0.5 * hi, ...Array.from(t.measuredKl)) * 1.05;
  // Plot area inside margins for the tick labels.
  const [left, top, w, h] = [26, 4, 190, 100];
  const px = (x: number) => left + ((x - lo) / (hi - lo || 1)) * w;
  const py = (y: number) => top + h - (y / (ymax || 1)) * h;
  const xTicks = integerTicks(lo, hi, hi - lo > 8 ? 2 : 1);
  const yTicks = integerTicks(0, ymax, ymax > 4 ? 1 : 0.5);
  return (
    <svg
      class="sv-vae-theory"
      viewBox={`0 0 ${left + w + 6} ${top + h + 30}`}
      role="img"
      aria-label="Linear VAE: measured KL per direction against the prediction ½·ln(λ/(β·σ²)); the vertical line is the collapse threshold λ = β·σ²"
    >
      <g class="sv-axis" font-size="9" fill="currentColor">
        <line x1={left} x2={left + w} y1={top + h} y2={top + h} stroke="currentColor" />
        <line x1={left} x2={left} y1={top} y2={top + h} stroke="currentColor" />
        {xTicks.map((v) => (
          <g key={`x${v}`}>
            <line x1={px(v)} x2={px(v)} y1={top + h} y2={top + h + 3} stroke="currentColor" />
            <text x={px(v)} y={top + h + 12} text-anchor="middle">
              {v}
            </text>
          </g>
        ))}
        {yTicks.map((v) => (
          <g key={`y${v}`}>
            <line x1={left - 3} x2={left} y1={py(v)} y2={py(v)} stroke="currentColor" />
            <text x={left - 5} y={py(v) + 3} text-anchor="end">
              {v}
            </text>
          </g>
        ))}
        <text x={left + w / 2} y={top + h + 24} text-anchor="middle">
          ln(λ / βσ²) · dashed: collapse threshold
        </text>
        <text x="2" y={top + 8}>
          KL
        </text>
      </g>
      <line
        x1={px(0)}
        x2={px(0)}
        y1={top}
        y2={top + h}
        stroke="currentColor"
        stroke-dasharray="3 3"
        stroke-opacity="0.6"
      />
      <polyline
        points={`${px(lo)},${py(0)} ${px(0)},${py(0)} ${px(hi)},${py(0.5 * hi)}`}
        fill="none"
        stroke="currentColor"
        stroke-opacity="0.5"
      />
      {xs.map((x, r) => (
        <circle
          key={r}
          cx={px(x)}
          cy={py(t.measuredKl[r] ?? 0)}
          r={t.beta[r] === b + 1 ? 3.5 : 2}
          fill={t.beta[r] === b + 1 ? '#d6336c' : 'currentColor'}
          fill-opacity={t.beta[r] === b + 1 ? 1 : 0.35}
        />
      ))}
    </svg>
  );
}

/** Rows of greyscale 28×28 images drawn on a 2-D canvas. */
function Strips({
  strips,
  s,
  k,
  dark,
}: {
  strips: VaeStrips;
  s: number;
  k: number;
  dark: boolean;
}) {
  const ref = useRef<HTMLCanvasElement | null>(null);
  const [recon, prior, traversal] = strips.counts;
  const steps = k ? traversal / k : 0;
  // Two traversals per row with a gap between them, so the grid is about as wide as it is tall
  // and fills the side panel; the image rows show as many images as fit that width.
  const perRow = steps > 0 ? 2 : 1;
  const columns = steps > 0 ? perRow * steps + 1 : Math.max(recon, prior);
  const rows = 2 + Math.ceil(k / perRow);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const image = ctx.createImageData(28, 28);
    // Ink as opacity over the page's own background: no white block on the dark theme.
    const ink = dark ? 236 : 17;
    const draw = (pixels: Uint8Array, col: number, row: number) => {
      for (let p = 0; p < 784; p++) image.data.set([ink, ink, ink, pixels[p] ?? 0], 4 * p);
      ctx.putImageData(image, col * 28, row * 28);
    };
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < Math.min(recon, columns); i++) draw(strips.image(s, 0, i), i, 0);
    for (let i = 0; i < Math.min(prior, columns); i++) draw(strips.image(s, 1, i), i, 1);
    for (let i = 0; i < traversal; i++) {
      const dim = Math.floor(i / steps);
      const col = (dim % perRow) * (steps + 1) + (i % steps);
      draw(strips.image(s, 2, i), col, 2 + Math.floor(dim / perRow));
    }
  }, [strips, s, k, dark]);
  return (
    <canvas
      ref={ref}
      class="sv-vae-strips"
      width={columns * 28}
      height={rows * 28}
      role="img"
      aria-label={`Row 1: ${Math.min(recon, columns)} reconstructed test digits; row 2: ${Math.min(prior, columns)} samples decoded from the prior; then two latent dimensions per row: the first digit's code moved along each`}
    />
  );
}

/** What the figure fetches to draw its first frame (lib/build/opening.ts lists it). */
export const opening = ({ experiment }: ArticleFigureProps) => loadVae(experiment);

export default function VaeFigure({
  experiment,
  downloads,
  children,
  caption,
}: ArticleFigureProps) {
  const [b, setB] = useState(0);
  const [snapshot, setSnapshot] = useState(-1);
  const [playing, setPlaying] = useState(false);
  const [strips, setStrips] = useState<VaeStrips | null>(null);
  const [view, setView] = useState<'layout' | 'axes'>('layout');
  // The raw two-latent view per β position, fetched when first shown.
  const [axes, setAxes] = useState<ReadonlyMap<number, Float32Array>>(new Map());
  // The other β's layouts per β position, fetched when first shown.
  const [latents, setLatents] = useState<ReadonlyMap<number, Float32Array>>(new Map());
  const cardRef = useRef<ReturnType<typeof useNodeCard> | null>(null);
  const fig = useFigure<VaeData>(
    'vae',
    () => opening({ experiment }),
    (data) => ({
      // One box for every β (vae-scale.ts): the camera must not refit a collapsed code.
      panels: [{ id: 'latent', n: data.n, fit: false }],
      interactive: true,
      wheelNeedsModifier: true,
    }),
    {
      onHover: (pick) => cardRef.current?.onHover(pick),
      onClick: (pick) => cardRef.current?.onClick(pick),
    },
  );
  const { scene, data } = fig;
  const [pinned, setPinned] = useState<NodeRef | null>(null);
  const nodeCard = useNodeCard({
    scene,
    canvas: fig.canvasRef,
    keyPanel: 'latent',
    pinned,
    onPin: setPinned,
  });
  cardRef.current = nodeCard;
  const card = nodeCard.card;
  const [images, setImages] = useState<Thumbnails | null | undefined>(undefined);
  useEffect(() => {
    if (!card || images !== undefined) return;
    loadImages(experiment).then(setImages, () => setImages(null));
  }, [card?.index]);
  useEffect(() => {
    scene?.setMarks('latent', nodeCard.marks);
  }, [scene, nodeCard.marks.join()]);
  // The card's code needs the raw two-latent view of the shown β.
  const [codeWanted, setCodeWanted] = useState(false);
  useEffect(() => {
    if (card) setCodeWanted(true);
  }, [card?.index]);
  const S = data?.S ?? 0;
  const s = snapshot < 0 ? Math.max(0, S - 1) : snapshot;
  usePlayback(playing, s, S - 1, fig.reducedMotion, setSnapshot, () => setPlaying(false));

  useEffect(() => {
    if (scene && data) scene.setColours('latent', fillColours(data.labels, null));
  }, [scene, data]);
  const previous = useRef('');
  useEffect(() => {
    if (!scene || !data) return;
    const source = view === 'axes' ? axes.get(b) : (data.latents[b] ?? latents.get(b));
    const raw = source?.subarray(2 * data.n * s, 2 * data.n * (s + 1));
    if (!raw) return;
    const row = b * data.S + s;
    const xy =
      view === 'axes'
        ? axesInPriorUnits(
            raw,
            data.muVariance[row * data.k + data.metric('axis_x_dim', b, s)] ?? 0,
            data.muVariance[row * data.k + data.metric('axis_y_dim', b, s)] ?? 0,
            axesRange(data.muVariance),
          )
        : layoutAtSpread(
            raw,
            codeSpread(data.muVariance, data.k, row),
            widestSpread(data.muVariance, data.k),
          );
    // Tween only while scrubbing one β in one view; a new β or view jumps.
    const key = `${view}:${b}`;
    scene.setPositions('latent', xy, previous.current === key);
    previous.current = key;
  }, [scene, data, b, s, view, axes, latents]);
  useEffect(() => {
    const index = data?.entry.betas?.[b]?.index;
    if (!data || index === undefined || data.latents[b] || latents.has(b)) return;
    let cancelled = false;
    loadLatents(experiment, index).then(
      (loaded) => !cancelled && setLatents((m) => new Map(m).set(b, loaded)),
      (error: unknown) => console.warn('structviz: vae:', error),
    );
    return () => {
      cancelled = true;
    };
  }, [data, b, latents]);
  useEffect(() => {
    const index = data?.entry.betas?.[b]?.index;
    if ((view !== 'axes' && !codeWanted) || index === undefined || axes.has(b)) return;
    let cancelled = false;
    loadLatentAxes(experiment, index).then(
      (loaded) => !cancelled && setAxes((m) => new Map(m).set(b, loaded)),
      () => !cancelled && setView('layout'),
    );
    return () => {
      cancelled = true;
    };
  }, [data, b, view, axes, codeWanted]);
  useEffect(() => {
    const index = data?.entry.betas?.[b]?.index;
    if (index === undefined) return;
    let cancelled = false;
    loadStrips(experiment, index).then(
      (loaded) => !cancelled && setStrips(loaded),
      () => !cancelled && setStrips(null),
    );
    return () => {
      cancelled = true;
    };
  }, [data, b]);

  const beta = data?.betas[b];
  const epochs = data ? Array.from({ length: S }, (_, t) => data.metric('epoch', b, t)) : [];
  const active = data ? data.metric('active_units', b, s) : 0;
  const recon = data ? data.metric('recon_loss', b, s) : 0;
  const axisX = data ? data.metric('axis_x_dim', b, s) : 0;
  const axisY = data ? data.metric('axis_y_dim', b, s) : 0;
  const shownAxes = view === 'axes' && axes.has(b);
  const live = data
    ? `β ${beta}, epoch ${formatEpoch(epochs[s] ?? 0)}: ${active} of ${data.k} latent dimensions active, reconstruction loss ${recon.toFixed(1)} nats${shownAxes ? `; showing latent ${axisX} across, latent ${axisY} up` : ''}`
    : '';
  // Both views share one scale across β (vae-scale.ts): prior units, the prior's s.d. is 1.
  const axisLabel = (dim: number) => {
    const variance = data?.muVariance[(b * S + s) * (data?.k ?? 0) + dim] ?? 0;
    return `latent ${dim} · Var μ ${variance.toPrecision(2)}${variance > 0.01 ? '' : ' (collapsed)'} →`;
  };
  const spread = data ? codeSpread(data.muVariance, data.k, b * S + s) : 0;
  const scaleNote = data
    ? view === 'axes'
      ? `μ in prior units; box ±${axesRange(data.muVariance).toFixed(1)}, same for every β`
      : `Drawn at the code's spread: ${spread.toPrecision(2)} prior s.d. (widest in the sweep: ${widestSpread(data.muVariance, data.k).toPrecision(2)})`
    : '';
  // A digit's posterior means on the two most active dimensions, prior units.
  const codeOf = (node: number): { dims: [number, number]; values: [number, number] } | null => {
    const raw = axes.get(b)?.subarray(2 * (data?.n ?? 0) * s, 2 * (data?.n ?? 0) * (s + 1));
    if (!raw || !data) return null;
    const row = (b * S + s) * data.k;
    const prior = axesInPriorUnits(
      raw,
      data.muVariance[row + axisX] ?? 0,
      data.muVariance[row + axisY] ?? 0,
      1,
    );
    return { dims: [axisX, axisY], values: [prior[2 * node] ?? 0, prior[2 * node + 1] ?? 0] };
  };
  const activeSeries = data
    ? data.betas.map((_, i) =>
        Float32Array.from({ length: S }, (_, t) => data.metric('active_units', i, t)),
      )
    : [];
  const controls = data && (
    <>
      <div class="sv-layers" role="group" aria-label="β">
        <span class="sv-legend-title sv-vae-beta-title">β</span>
        {data.betas.map((value, i) => (
          <button
            type="button"
            key={value}
            class="sv-chip sv-beta"
            data-beta={i + 1}
            aria-pressed={i === b}
            onClick={() => setB(i)}
          >
            {value}
          </button>
        ))}
      </div>
      <ViewSwitch
        label="View"
        value={view}
        options={[
          { id: 'layout', label: 'graph layout' },
          { id: 'axes', label: 'two most active latents' },
        ]}
        onChange={(id) => setView(id === 'axes' ? 'axes' : 'layout')}
      />
      <Scrubber
        epochs={epochs}
        snapshot={s}
        playing={playing}
        label="Training progress of the VAE"
        onChange={(t) => {
          setPlaying(false);
          setSnapshot(t);
        }}
        onPlay={(p) => {
          if (p && s >= S - 1) setSnapshot(0);
          setPlaying(p);
        }}
      />
      <p class="sv-vae-stats">
        <strong class="sv-vae-active">{active}</strong> of {data.k} latent dimensions active ·
        reconstruction {recon.toFixed(1)} nats · KL {data.metric('kl', b, s).toFixed(2)} nats
      </p>
      <ActiveUnitsChart
        betas={data.betas}
        series={activeSeries}
        k={data.k}
        beta={b}
        snapshot={s}
        epochs={epochs}
        onSeek={(t) => {
          setPlaying(false);
          setSnapshot(t);
        }}
      />
      <KlBars data={data} b={b} s={s} />
      {strips && <Strips strips={strips} s={s} k={data.k} dark={fig.dark} />}
      <TheoryChart data={data} b={b} />
    </>
  );
  return (
    <FigureFrame
      {...fig.frame}
      kind="vae"
      poster={children}
      caption={caption}
      downloads={downloads}
      live={live}
      canvasLabel={
        shownAxes
          ? `Posterior means of ${data?.n ?? ''} test digits on latent dimensions ${axisX} (across) and ${axisY} (up), coloured by class`
          : `Latent layout of ${data?.n ?? ''} test digits, coloured by class`
      }
      controls={controls}
      overlay={
        <>
          {shownAxes && (
            <>
              <span class="sv-vae-axis sv-vae-axis--x" data-dim={axisX}>
                {axisLabel(axisX)}
              </span>
              <span class="sv-vae-axis sv-vae-axis--y" data-dim={axisY}>
                {axisLabel(axisY)}
              </span>
            </>
          )}
          {scaleNote && (
            <span class="sv-vae-scale" data-spread={spread.toFixed(4)}>
              {scaleNote}
            </span>
          )}
          <ZoomControls scene={scene} canvas={fig.canvasRef} wheelHint />
          {card && data && (
            <VaeCard
              x={card.x}
              y={card.y}
              node={card.index}
              label={data.labels[card.index] ?? 0}
              classes={data.entry.dataset.classes}
              images={images}
              code={codeOf(card.index)}
              reconstruction={
                strips && card.index < strips.counts[0] ? strips.image(s, 0, card.index) : null
              }
              pinned={card.pinned}
              elementRef={nodeCard.cardRef}
            />
          )}
        </>
      }
    />
  );
}
