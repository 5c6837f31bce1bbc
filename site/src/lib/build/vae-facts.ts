/**
 * Numbers the article prints about the β-VAE that no summary holds, computed at build time from
 * its tables: the linear VAE's decoder column norm² for the top direction at the smallest β,
 * measured against the theory (λ − β·σ²), beside the KL agreement the summary reports; and the
 * sweep over training (metrics.arrow, autoencoder.arrow): when each β's posterior is polarised,
 * and the decoder's orthogonality against the autoencoder's at a snapshot early in training.
 */
import { formatEpoch, formatPercent } from '../format.ts';
import { buildAutoencoder, buildVae, type Result } from './read-data.ts';

/** A β counts as polarised from the first snapshot after which its polarised share stays at least this. */
export const POLARISED_SHARE = 0.9;

/** The first of `epochs` from which every later `values` entry is ≥ `bound`; 'never' when the last is not. */
export function settledEpoch(
  values: ArrayLike<number>,
  epochs: ArrayLike<number>,
  bound: number,
): string {
  let from = -1;
  for (let s = values.length - 1; s >= 0 && (values[s] ?? -Infinity) >= bound; s--) from = s;
  return from < 0 ? 'never' : formatEpoch(epochs[from] ?? NaN);
}

export interface VaeFacts {
  /** Smallest β of the sweep. */
  normBeta: string;
  /** Top direction at that β: measured and predicted squared decoder column norm, and the measured share of the prediction. */
  topNormMeasured: string;
  topNormPredicted: string;
  topNormShare: string;
  /** Epochs of training and the learning rate of the sweep. */
  vaeEpochs: string;
  /** Per β position 1 … 5: the epoch from which the polarised share stays ≥ POLARISED_SHARE ('never'). */
  polarisedFrom1: string;
  polarisedFrom2: string;
  polarisedFrom3: string;
  polarisedFrom4: string;
  polarisedFrom5: string;
  /** The snapshot early in training compared (the one at epoch 2), its orthogonality at β positions 1–3 and the autoencoder's. */
  earlyEpoch: string;
  earlyOrth1: string;
  earlyOrth2: string;
  earlyOrth3: string;
  earlyOrthAe: string;
}

/** The VAE facts of experiment `name`. */
export function buildVaeFacts(name: string): Result<VaeFacts> {
  const vae = buildVae(name);
  if (!vae.ok) return vae;
  const ae = buildAutoencoder(name);
  if (!ae.ok) return ae;
  const { theory, betas, S, metric } = vae.value;
  // Rows are (β, direction) by descending eigenvalue: the first row of β index 1 is the top direction.
  const row = Array.from(theory.beta).findIndex((b) => b === 1);
  const measured = theory.measuredNorm2[row] ?? NaN;
  const predicted = theory.predictedNorm2[row] ?? NaN;
  const epochs = Array.from({ length: S }, (_, s) => metric('epoch', 0, s));
  const polarisedFrom = (b: number): string =>
    b < betas.length
      ? settledEpoch(
          Array.from({ length: S }, (_, s) => metric('polarised_share', b, s)),
          epochs,
          POLARISED_SHARE,
        )
      : 'n/a';
  const early = epochs.findIndex((e) => e === 2);
  const orthAt = (b: number): string => {
    const v = early >= 0 && b < betas.length ? metric('jacobian_orthogonality', b, early) : NaN;
    return v >= 0 ? v.toFixed(3) : 'n/a';
  };
  return {
    ok: true,
    value: {
      normBeta: String(betas[0] ?? 'n/a'),
      topNormMeasured: measured.toFixed(1),
      topNormPredicted: predicted.toFixed(2),
      topNormShare: formatPercent(measured / predicted),
      vaeEpochs: formatEpoch(epochs[S - 1] ?? NaN),
      polarisedFrom1: polarisedFrom(0),
      polarisedFrom2: polarisedFrom(1),
      polarisedFrom3: polarisedFrom(2),
      polarisedFrom4: polarisedFrom(3),
      polarisedFrom5: polarisedFrom(4),
      earlyEpoch: early >= 0 ? formatEpoch(epochs[early] ?? NaN) : 'n/a',
      earlyOrth1: orthAt(0),
      earlyOrth2: orthAt(1),
      earlyOrth3: orthAt(2),
      earlyOrthAe: early >= 0 ? (ae.value.orthogonality[early] ?? NaN).toFixed(3) : 'n/a',
    },
  };
}
