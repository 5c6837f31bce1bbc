/** Fetching one file of data/ in the browser, checked against its manifest entry. */
import type { FileEntry } from '../../../../pipeline/contract.ts';
import { dataUrl } from '../paths.ts';
import { trackLoading } from '../globals.ts';
import { DataError } from './errors.ts';

async function sha256Hex(bytes: Uint8Array): Promise<string | undefined> {
  // crypto.subtle exists only in secure contexts (https, localhost); elsewhere skip the check.
  if (!globalThis.crypto?.subtle) return undefined;
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Where files come from instead of the network, when set: the site build runs a figure's
 * opening load against data/ on disk to list the files it fetches (lib/build/opening.ts).
 */
let source: ((name: string) => Promise<Uint8Array>) | undefined;

/** Reads every file through `read` from now on (undefined: the network again). */
export function readFilesFrom(read: ((name: string) => Promise<Uint8Array>) | undefined): void {
  source = read;
}

/** Fetches `data/<name>`; with an entry, verifies its size and sha256. */
export function fetchFile(name: string, entry?: FileEntry): Promise<Uint8Array> {
  return trackLoading(source ? source(name) : fetchChecked(name, entry));
}

async function fetchChecked(name: string, entry?: FileEntry): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(dataUrl(name));
  } catch (error) {
    throw new DataError(
      name,
      'network',
      `Could not download ${name} (${(error as Error).message}). Check your connection and reload.`,
    );
  }
  if (!response.ok) {
    throw new DataError(
      name,
      'missing',
      `${name} is missing from this site (HTTP ${response.status}).`,
    );
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (entry) {
    if (bytes.length !== entry.bytes) {
      throw new DataError(
        name,
        'corrupt',
        `${name} is damaged: it has ${bytes.length} bytes, the manifest says ${entry.bytes}.`,
      );
    }
    const hash = await sha256Hex(bytes);
    if (hash !== undefined && hash !== entry.sha256) {
      throw new DataError(
        name,
        'corrupt',
        `${name} is damaged: its checksum differs from the manifest.`,
      );
    }
  }
  return bytes;
}
