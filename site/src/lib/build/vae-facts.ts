/**
 * Numbers the article prints about the β-VAE that no summary holds, computed at build time from
 * its tables: the linear VAE's decoder column norm² for the top direction at the smallest β,
 * measured against the theory (λ − β·σ²), beside the KL agreement the summary reports.
 */
import { formatPercent } from '../format.ts';
import { buildVae, type Result } from './read-data.ts';

export interface VaeFacts {
  /** Smallest β of the sweep. */
  normBeta: string;
  /** Top direction at that β: measured and predicted squared decoder column norm, and the measured share of the prediction. */
  topNormMeasured: string;
  topNormPredicted: string;
  topNormShare: string;
}

/** The VAE facts of experiment `name`. */
export function buildVaeFacts(name: string): Result<VaeFacts> {
  const vae = buildVae(name);
  if (!vae.ok) return vae;
  const { theory, betas } = vae.value;
  // Rows are (β, direction) by descending eigenvalue: the first row of β index 1 is the top direction.
  const row = Array.from(theory.beta).findIndex((b) => b === 1);
  const measured = theory.measuredNorm2[row] ?? NaN;
  const predicted = theory.predictedNorm2[row] ?? NaN;
  return {
    ok: true,
    value: {
      normBeta: String(betas[0] ?? 'n/a'),
      topNormMeasured: measured.toFixed(1),
      topNormPredicted: predicted.toFixed(2),
      topNormShare: formatPercent(measured / predicted),
    },
  };
}
