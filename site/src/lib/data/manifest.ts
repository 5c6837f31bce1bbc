/** Parsing and checking data/manifest.json against the contract's schema version. */
import { MANIFEST_FILE, SCHEMA_VERSION, type ExperimentEntry, type FileEntry, type Manifest, type TableName } from '../../../../pipeline/contract.ts';
import { DataError } from './errors.ts';

/** Parses the manifest text; throws a DataError naming what is wrong. */
export function parseManifest(text: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataError(MANIFEST_FILE, 'corrupt', `${MANIFEST_FILE} is not valid JSON (${(error as Error).message}).`);
  }
  const manifest = value as Partial<Manifest> | null;
  if (!manifest || typeof manifest !== 'object') throw new DataError(MANIFEST_FILE, 'corrupt', `${MANIFEST_FILE} is not a JSON object.`);
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
  for (const [name, entry] of Object.entries(manifest.experiments)) {
    if (!Array.isArray(entry.layers) || !Array.isArray(entry.snapshots) || !Array.isArray(entry.files) || !entry.dataset) {
      throw new DataError(MANIFEST_FILE, 'schema', `${MANIFEST_FILE}: experiment "${name}" lacks layers, snapshots, files or dataset.`);
    }
  }
  return manifest as Manifest;
}

/** The experiment's manifest entry; throws when the manifest has no such experiment. */
export function experimentEntry(manifest: Manifest, name: string): ExperimentEntry {
  const entry = manifest.experiments[name];
  if (!entry) {
    const known = Object.keys(manifest.experiments).join(', ') || 'none';
    throw new DataError(MANIFEST_FILE, 'missing', `${MANIFEST_FILE} has no experiment "${name}" (it lists: ${known}).`);
  }
  return entry;
}

/** The file entry of one table of an experiment, or undefined when it has none. */
export function fileEntry(entry: ExperimentEntry, table: TableName): FileEntry | undefined {
  return entry.files.find((f) => f.table === table);
}

/** Like fileEntry, but a missing entry is an error. */
export function requireFile(entry: ExperimentEntry, name: string, table: TableName): FileEntry {
  const file = fileEntry(entry, table);
  if (!file) throw new DataError(`${name}/${table}.arrow`, 'missing', `${MANIFEST_FILE} lists no ${table} file for experiment "${name}".`);
  return file;
}
