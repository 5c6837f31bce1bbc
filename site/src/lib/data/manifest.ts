/** Parsing and checking data/manifest.json against the contract's schema version. */
import {
  MANIFEST_FILE,
  SCHEMA_VERSION,
  dataPathProblem,
  tableFileName,
  tableSpec,
  type ExperimentEntry,
  type FileEntry,
  type Manifest,
  type TableName,
} from '../../../../pipeline/contract.ts';
import { DataError } from './errors.ts';

/** Parses the manifest text; throws a DataError naming what is wrong. */
export function parseManifest(text: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataError(
      MANIFEST_FILE,
      'corrupt',
      `${MANIFEST_FILE} is not valid JSON (${(error as Error).message}).`,
    );
  }
  const manifest = value as Partial<Manifest> | null;
  if (!manifest || typeof manifest !== 'object')
    throw new DataError(MANIFEST_FILE, 'corrupt', `${MANIFEST_FILE} is not a JSON object.`);
  if (manifest.schemaVersion !== SCHEMA_VERSION) {
    throw new DataError(
      MANIFEST_FILE,
      'schema',
      `${MANIFEST_FILE} has schema version ${String(manifest.schemaVersion)}, but this page reads version ${SCHEMA_VERSION}. Regenerate the data with npm run pipeline or rebuild the site.`,
    );
  }
  if (!manifest.experiments || typeof manifest.experiments !== 'object') {
    throw new DataError(MANIFEST_FILE, 'schema', `${MANIFEST_FILE} has no "experiments" object.`);
  }
  for (const [name, entry] of Object.entries(
    manifest.experiments as Record<string, ExperimentEntry | null>,
  )) {
    if (!entry || typeof entry !== 'object')
      throw new DataError(
        MANIFEST_FILE,
        'schema',
        `${MANIFEST_FILE}: experiment "${name}" is not an object.`,
      );
    if (
      !Array.isArray(entry.layers) ||
      !Array.isArray(entry.snapshots) ||
      !Array.isArray(entry.files) ||
      !entry.dataset ||
      !entry.nodes ||
      typeof entry.nodes !== 'object'
    ) {
      throw new DataError(
        MANIFEST_FILE,
        'schema',
        `${MANIFEST_FILE}: experiment "${name}" lacks layers, snapshots, files, nodes or dataset.`,
      );
    }
    for (const file of entry.files as FileEntry[]) {
      // A name is fetched (and read at build time) as a path under data/: it must stay there.
      const unsafe = dataPathProblem(file?.name);
      if (unsafe)
        throw new DataError(
          MANIFEST_FILE,
          'schema',
          `${MANIFEST_FILE}: experiment "${name}" lists a file whose name ${JSON.stringify(file?.name ?? null)} ${unsafe}.`,
        );
      if (!file.name.startsWith(`${name}/`))
        throw new DataError(
          MANIFEST_FILE,
          'schema',
          `${MANIFEST_FILE}: experiment "${name}" lists ${file.name}, outside its folder ${name}/.`,
        );
      if (!tableSpec(entry.kind, file.table))
        throw new DataError(
          MANIFEST_FILE,
          'schema',
          `${MANIFEST_FILE}: experiment "${name}" lists a ${String(file.table)} table, which kind ${String(entry.kind)} does not have.`,
        );
    }
  }
  return manifest as Manifest;
}

/** The experiment's manifest entry; throws when the manifest has no such experiment. */
export function experimentEntry(manifest: Manifest, name: string): ExperimentEntry {
  const entry = manifest.experiments[name];
  if (!entry) {
    const known = Object.keys(manifest.experiments).join(', ') || 'none';
    throw new DataError(
      MANIFEST_FILE,
      'missing',
      `${MANIFEST_FILE} has no experiment "${name}" (it lists: ${known}).`,
    );
  }
  return entry;
}

/**
 * The file entry of one table of an experiment, or undefined when it has none. Split tables
 * (edges per layer) need the split value as in the manifest (`layers[i].index`).
 */
export function fileEntry(
  entry: ExperimentEntry,
  table: TableName,
  split?: number,
): FileEntry | undefined {
  if (tableSpec(entry.kind, table)?.splitBy) {
    if (split === undefined) return undefined;
    return entry.files.find((f) => f.table === table && f.split === split);
  }
  return entry.files.find((f) => f.table === table);
}

/** Every file entry of a table (all layers of a per-layer table), in manifest order. */
export function tableFiles(entry: ExperimentEntry, table: TableName): FileEntry[] {
  return entry.files.filter((f) => f.table === table);
}

/** Like fileEntry, but a missing entry is an error. */
export function requireFile(
  entry: ExperimentEntry,
  name: string,
  table: TableName,
  split?: number,
): FileEntry {
  const file = fileEntry(entry, table, split);
  if (!file) {
    const spec = tableSpec(entry.kind, table);
    const fileName = !spec
      ? `${table}.arrow`
      : spec.splitBy && split === undefined
        ? spec.file
        : tableFileName(spec, split);
    const what = spec?.splitBy
      ? `${fileName} (${table} of ${spec.splitBy} ${String(split)})`
      : fileName;
    throw new DataError(
      `${name}/${fileName}`,
      'missing',
      `${MANIFEST_FILE} lists no ${what} for experiment "${name}".`,
    );
  }
  return file;
}
