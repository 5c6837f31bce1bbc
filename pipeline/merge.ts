/**
 * `npm run pipeline -- merge PART… --out DIR`: one data folder from the folders of runs that
 * each computed some experiments of the same preset (`--only <name> --out part-<name>`, one
 * machine each). Every part must pass `check` and come from the same preset, seed, backend,
 * schema and generator version; no experiment may be in two parts, and every experiment of
 * the preset must be in one. Then the parts' files and one manifest are published as a run
 * publishes (publish.ts): the same bytes as one run of the preset on one machine. A part that
 * fails is named and nothing is written.
 */
import { join } from 'node:path';
import { checkFolder, folderProblem, folderSource } from './check.ts';
import { MANIFEST_FILE, SCHEMA_VERSION, type ExperimentEntry, type Manifest } from './contract.ts';
import { UserError, resolveExperiments } from './config.ts';
import { READ_LIMITS, readBounded } from './io/read-bounded.ts';
import { GENERATOR_VERSION, configHash, newManifest } from './manifest.ts';
import { parseManifestText } from './manifest-schema.ts';
import { preflight, within } from './preflight.ts';
import { publish } from './publish.ts';

/** What the parts must share, in the order a mismatch is reported. */
const SAME = ['preset', 'seed', 'backend', 'schemaVersion', 'generatorVersion'] as const;

/** The part's manifest when the folder passes check; a UserError naming the part otherwise. */
function verifiedPart(part: string): Manifest {
  const refuse = (why: string): UserError =>
    new UserError(`merge: part ${part} ${why}; nothing was written`);
  const notFolder = folderProblem(part);
  if (notFolder) throw refuse(`is not a data folder (${notFolder})`);
  const { problems } = checkFolder(part);
  if (problems.length)
    throw refuse(
      `fails check: ${problems[0] ?? ''}${problems.length > 1 ? ` (and ${problems.length - 1} more problem(s): npm run pipeline -- check --out ${part})` : ''}`,
    );
  const text = readBounded(join(part, MANIFEST_FILE), READ_LIMITS.manifest).toString('utf8');
  const parsed = parseManifestText(text, join(part, MANIFEST_FILE));
  if (!parsed.ok) throw refuse(`fails check: ${parsed.problems[0] ?? ''}`);
  const { manifest } = parsed;
  if (manifest.schemaVersion !== SCHEMA_VERSION || manifest.generatorVersion !== GENERATOR_VERSION)
    throw refuse(
      `was written by ${manifest.generatorVersion} (schema ${manifest.schemaVersion}), this is ${GENERATOR_VERSION} (schema ${SCHEMA_VERSION}); rerun it with this version`,
    );
  for (const [name, entry] of Object.entries(manifest.experiments)) {
    const mismatch =
      entry.seed !== manifest.seed
        ? `seed ${entry.seed}`
        : entry.backend !== manifest.backend
          ? `backend ${entry.backend}`
          : entry.configHash !== configHash(entry.config, manifest.seed, manifest.backend)
            ? `config hash ${entry.configHash}, which is not the hash of its config`
            : undefined;
    if (mismatch)
      throw refuse(
        `lists ${name} with ${mismatch}, but the part's manifest says seed ${manifest.seed}, backend ${manifest.backend}`,
      );
  }
  return manifest;
}

/** Merges the parts into out; returns the merged manifest. Throws UserError before writing anything. */
export function mergeParts(
  parts: readonly string[],
  out: string,
  cacheDir: string,
  log: (line: string) => void = console.log,
): Manifest {
  if (parts.length === 0)
    throw new UserError('merge: name the part folders: npm run pipeline -- merge part-* --out DIR');
  for (const part of parts)
    if (within(part, out) || within(out, part))
      throw new UserError(
        `merge: --out ${out} and part ${part} overlap; write the merged folder elsewhere`,
      );
  const manifests = parts.map(verifiedPart);
  const [first] = manifests as [Manifest, ...Manifest[]];
  const owner = new Map<string, string>();
  const experiments = new Map<string, ExperimentEntry>();
  const files = new Map<string, Uint8Array>();
  manifests.forEach((manifest, i) => {
    const part = parts[i];
    for (const key of SAME)
      if (manifest[key] !== first[key])
        throw new UserError(
          `merge: part ${part} has ${key} ${manifest[key]}, part ${parts[0]} has ${key} ${first[key]}; every part must come from the same preset, seed, backend and generator version; nothing was written`,
        );
    const read = folderSource(part);
    for (const [name, entry] of Object.entries(manifest.experiments)) {
      const other = owner.get(name);
      if (other !== undefined)
        throw new UserError(
          `merge: experiment ${name} is in part ${other} and in part ${part}; give each experiment once; nothing was written`,
        );
      owner.set(name, part);
      experiments.set(name, entry);
      for (const file of entry.files) {
        const bytes = read(file);
        if (typeof bytes === 'string')
          throw new UserError(`merge: part ${part}: ${file.name}: ${bytes}; nothing was written`);
        files.set(file.name, bytes);
      }
    }
  });
  const expected = resolveExperiments({ preset: first.preset }).experiments.map(([n]) => n);
  const absent = expected.filter((name) => !experiments.has(name));
  if (absent.length)
    throw new UserError(
      `merge: preset ${first.preset} has ${absent.join(', ')}, which no part holds; run ${absent.length > 1 ? 'them' : 'it'} (--only ${absent.join(',')}) and add the part; nothing was written`,
    );
  // The output folder is checked as a run checks it (new, empty or a pipeline folder, room).
  const plan = preflight({ preset: first.preset, out, cacheDir });
  const manifest = newManifest(first, experiments);
  publish({ out, manifest, files, previous: plan.owned });
  const after = checkFolder(out).problems;
  if (after.length)
    throw new Error(`merge: ${out} fails check after publishing: ${after.join('; ')}`);
  log(
    `merge: ${experiments.size} experiments from ${parts.length} part(s) · preset ${first.preset} · seed ${first.seed} · backend ${first.backend} → ${join(out, MANIFEST_FILE)}`,
  );
  return manifest;
}
