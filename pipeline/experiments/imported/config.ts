/** Config schema of the imported kind: a user's own per-snapshot activations, laid out by the shared kNN view. */
import { z } from 'zod';
import { COMPARISON_FIELDS, KNN_VIEW_FIELDS, REFINE_EPOCHS } from '../knn-view.ts';
import type { ConfigProblem } from '../types.ts';
import { ImportError, readImportFolder, type ImportedFolder } from './read-folder.ts';

export const IMPORTED_CONFIG = z
  .object({
    kind: z.literal('imported'),
    /** The import folder (absolute path; see read-folder.ts for its files). */
    source: z.string().min(1),
    /** sha256 of the folder's input files, so a re-exported folder is never served from the cache. */
    inputHash: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex'),
    ...KNN_VIEW_FIELDS,
    refineEpochs: REFINE_EPOCHS,
    ...COMPARISON_FIELDS,
  })
  .strict();

export type ImportedConfig = z.infer<typeof IMPORTED_CONFIG>;

/** The view settings of `npm run pipeline -- import` (the mlp-classes defaults). */
export const IMPORT_VIEW_DEFAULTS = {
  knnK: 15,
  metricsK: 10,
  displayEdgesPerNode: 3,
  coldIterations: 300,
  warmIterations: 80,
} as const;

// One read per folder and process: the pre-flight validates, the run lays out the same arrays.
const READ = new Map<string, ImportedFolder>();

/** The folder's validated contents (read once per process). */
export function importedFolder(source: string): ImportedFolder {
  const cached = READ.get(source);
  if (cached) return cached;
  const folder = readImportFolder(source);
  READ.set(source, folder);
  return folder;
}

/** The folder reads and matches its hash; the neighbourhood sizes fit its samples. */
export function importedProblems(config: ImportedConfig): ConfigProblem[] {
  let folder: ImportedFolder;
  try {
    folder = importedFolder(config.source);
  } catch (error) {
    if (error instanceof ImportError) return [{ key: 'source', message: error.message }];
    throw error;
  }
  const problems: ConfigProblem[] = [];
  if (folder.inputHash !== config.inputHash)
    problems.push({
      key: 'inputHash',
      message: `${config.source} has changed (its files hash to ${folder.inputHash.slice(0, 16)}…); import it again`,
    });
  if (config.knnK >= folder.samples)
    problems.push({
      key: 'knnK',
      message: `${config.knnK} must be less than the samples (${folder.samples})`,
    });
  if (config.metricsK >= folder.samples / 2)
    problems.push({
      key: 'metricsK',
      message: `${config.metricsK} must be less than half the samples (${folder.samples} / 2): trustworthiness needs k < n/2`,
    });
  return problems;
}

/** The imported kind's memory: its activations as read, twice (the views' copies), and a distance matrix. */
export function importedMemory(config: ImportedConfig): number {
  const folder = READ.get(config.source);
  if (!folder) return 0;
  const values = folder.layers.reduce((sum, l) => sum + l.values.length, 0);
  return 8 * values + 4 * folder.samples * folder.samples;
}
