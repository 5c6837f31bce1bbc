/**
 * What is in a data folder besides what its manifest lists. One classification for three
 * users: `check` reports strays, the run's pre-flight refuses a folder that is not a
 * pipeline folder, and the publish removes what no manifest references.
 */
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONTENT_HASH_DIGITS,
  KIND_TABLES,
  MANIFEST_FILE,
  SPLIT_LETTER,
  type TableSpec,
} from '../contract.ts';
import { READ_LIMITS, readBounded } from './read-bounded.ts';

/** data/README.md, written by every publish, and how it starts. */
export const README_FILE = 'README.md';
const README_HEADING = '# structviz data\n';

const STEMS = [
  ...new Set(
    Object.values(KIND_TABLES).flatMap((tables) =>
      Object.values(tables as Record<string, TableSpec>).map((spec) =>
        spec.file.replace(/\.arrow$/, ''),
      ),
    ),
  ),
];
/** A published table file's basename: `<table stem>[-l<k>|-b<k>].<16 hex>.arrow`. */
const PUBLISHED = new RegExp(
  `^(${STEMS.join('|')})(-[${Object.values(SPLIT_LETTER).join('')}]\\d+)?\\.[0-9a-f]{${CONTENT_HASH_DIGITS}}\\.arrow$`,
);
/** A temporary written by a run (`<name>.<pid>.tmp`, `.structviz-probe-<pid>.tmp`). */
const TEMPORARY = /[.-](\d+)\.tmp$/;

export interface FolderContents {
  /** Published-looking table files no manifest entry references: left by an interrupted or superseded publish. */
  readonly leftovers: string[];
  /** `*.tmp` / `*.partial`: a write that never finished. */
  readonly temporaries: string[];
  /** Folders emptied by a publish (or never filled). */
  readonly emptyFolders: string[];
  /** Anything else: not written by the pipeline, or renamed by hand. */
  readonly unknown: string[];
  /** Symbolic links, which could point anywhere (never followed). */
  readonly links: string[];
  /** Whether README.md is present. */
  readme: boolean;
}

/** The process id in a temporary's name, or undefined when the name is not a run's temporary. */
export function temporaryPid(name: string): number | undefined {
  const pid = TEMPORARY.exec(name)?.[1];
  return pid === undefined ? undefined : Number(pid);
}

/** Sorts the folder's entries (relative names, `/`-separated) by what they are; `referenced` are the manifest's files. */
export function classifyFolder(dir: string, referenced: ReadonlySet<string>): FolderContents {
  const contents: FolderContents = {
    leftovers: [],
    temporaries: [],
    emptyFolders: [],
    unknown: [],
    links: [],
    readme: false,
  };
  if (!existsSync(dir)) return contents;
  const file = (name: string, base: string): void => {
    if (referenced.has(name)) return;
    if (base.endsWith('.tmp') || base.endsWith('.partial')) contents.temporaries.push(name);
    else if (name.includes('/') && PUBLISHED.test(base)) contents.leftovers.push(name);
    else contents.unknown.push(name);
  };
  for (const top of readdirSync(dir).sort()) {
    const stat = lstatSync(join(dir, top));
    if (stat.isSymbolicLink()) contents.links.push(top);
    else if (stat.isFile()) {
      if (top === MANIFEST_FILE) continue;
      // Only a README the pipeline wrote counts as ours (a run overwrites it).
      if (
        top === README_FILE &&
        stat.size <= READ_LIMITS.readme &&
        readBounded(join(dir, top), READ_LIMITS.readme).toString('utf8').startsWith(README_HEADING)
      )
        contents.readme = true;
      else file(top, top);
    } else if (stat.isDirectory() && top.endsWith('.partial')) contents.temporaries.push(`${top}/`);
    else if (stat.isDirectory()) {
      const inner = readdirSync(join(dir, top)).sort();
      if (inner.length === 0) contents.emptyFolders.push(top);
      for (const base of inner) {
        const name = `${top}/${base}`;
        const s = lstatSync(join(dir, name));
        if (s.isSymbolicLink()) contents.links.push(name);
        else if (s.isFile()) file(name, base);
        else contents.unknown.push(`${name}/`);
      }
    } else contents.unknown.push(top);
  }
  return contents;
}
