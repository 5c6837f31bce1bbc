/**
 * The manifest's own shape, as a zod schema, so `check`, the run and the cache reject a
 * malformed manifest with one line per problem instead of a TypeError deep inside. Unknown
 * fields pass (a newer writer may add some); every field the code reads is checked.
 */
import { z } from 'zod';
import { configPath } from './config.ts';
import {
  EXPERIMENT_NAME,
  KIND_TABLES,
  NODE_KINDS,
  SCHEMA_VERSION,
  dataPathProblem,
  imageShapeProblem,
  type ExperimentEntry,
  type Manifest,
} from './contract.ts';

const count = z.number().int().nonnegative();
const fileName = z.string().superRefine((name, ctx) => {
  const problem = dataPathProblem(name);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${name}" ${problem}` });
});
const split = z.object({ index: z.number().int(), name: z.string(), nodes: count });

const FILE = z.object({
  name: fileName,
  table: z.string(),
  split: z.number().int().optional(),
  bytes: count,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
  rows: count,
});

const KINDS = Object.keys(KIND_TABLES) as [
  keyof typeof KIND_TABLES,
  ...(keyof typeof KIND_TABLES)[],
];

/** Parses a cache's entry.json against the schema; undefined when it does not fit. */
export function parseEntry(value: unknown): ExperimentEntry | undefined {
  const result = EXPERIMENT_ENTRY.safeParse(value);
  // The checked original (zod's optional fields do not fit exactOptionalPropertyTypes).
  return result.success ? (value as ExperimentEntry) : undefined;
}

/** One experiment of a manifest (also the cache's entry.json). */
export const EXPERIMENT_ENTRY = z.object({
  kind: z.enum(KINDS),
  title: z.string(),
  dataset: z.object({
    name: z.string(),
    classes: z.array(z.string()),
    train: count,
    test: count,
    trace: count,
  }),
  nodes: z.object(
    Object.fromEntries(NODE_KINDS.map((k) => [k, count.optional()])) as Record<
      (typeof NODE_KINDS)[number],
      z.ZodOptional<typeof count>
    >,
  ),
  config: z.record(z.string(), z.unknown()),
  configHash: z.string(),
  backend: z.string(),
  seed: count,
  layers: z.array(
    split.extend({
      width: count,
      /** One [lo, hi] per snapshot. */
      gradNormLog10: z
        .array(z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo <= hi, 'lo must be ≤ hi'))
        .optional(),
    }),
  ),
  betas: z.array(split.extend({ beta: z.number() })).optional(),
  images: z
    .object({ height: z.number(), width: z.number(), channels: z.number() })
    .superRefine((shape, ctx) => {
      const problem = imageShapeProblem(shape);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    })
    .optional(),
  snapshots: z.array(z.object({ index: count, epoch: z.number(), step: count })),
  files: z.array(FILE),
  summary: z.record(z.string(), z.number()),
});

/** A manifest of this schema version. */
export const MANIFEST = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  generatorVersion: z.string(),
  backend: z.string(),
  seed: count,
  preset: z.string(),
  experiments: z.record(
    z.string().regex(EXPERIMENT_NAME, 'experiment names are lowercase letters, digits and -'),
    EXPERIMENT_ENTRY,
  ),
});

/** The files any manifest version names: enough to know what a run may delete. */
const OWNED = z.object({
  experiments: z.record(z.string(), z.object({ files: z.array(z.object({ name: fileName })) })),
});

export type ParsedManifest = { ok: true; manifest: Manifest } | { ok: false; problems: string[] };

/** One `file: path: message` line per zod issue (at most `limit`, then a count of the rest). */
export function issueLines(file: string, error: z.ZodError, limit = 12): string[] {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const message =
      issue.code === 'invalid_literal' && issue.path.join('.') === 'schemaVersion'
        ? `is ${String(issue.received)}, this code reads ${SCHEMA_VERSION} (regenerate with npm run pipeline)`
        : issue.message;
    return `${file}: ${configPath(issue.path) || '(root)'}: ${message}`;
  });
  if (error.issues.length > limit)
    lines.push(`${file}: … and ${error.issues.length - limit} more problem(s)`);
  return lines;
}

/** Parses manifest text against this schema version; `file` names it in the problems. */
export function parseManifestText(text: string, file: string): ParsedManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${file}: not valid JSON (${(error as Error).message})`] };
  }
  const result = MANIFEST.safeParse(value);
  return result.success
    ? { ok: true, manifest: value as Manifest }
    : { ok: false, problems: issueLines(file, result.error) };
}

/**
 * The file names a manifest of any schema version owns, or the problems that make them
 * unknowable (not JSON, no files list, an unsafe name): a run must not guess what to delete.
 */
export function ownedFileNames(
  text: string,
  file: string,
): { ok: true; names: string[] } | { ok: false; problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${file}: not valid JSON (${(error as Error).message})`] };
  }
  const result = OWNED.safeParse(value);
  if (!result.success) return { ok: false, problems: issueLines(file, result.error) };
  return {
    ok: true,
    names: Object.values(result.data.experiments).flatMap((e) => e.files.map((f) => f.name)),
  };
}
