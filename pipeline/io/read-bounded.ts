/**
 * Reading a file the pipeline did not create (a --config file, a data folder's manifest,
 * README and tables, a cache entry): it must be a regular file of bounded size. The file is
 * opened non-blocking (a FIFO without a writer would block `readFileSync` forever) and its
 * type and size are taken from the open descriptor, so nothing can swap it in between.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  type Stats,
} from 'node:fs';
import { fsReason } from './safe-path.ts';

const MIB = 1024 * 1024;

/** Largest files the pipeline reads, by what they are (documented in the README). */
export const READ_LIMITS = {
  /** A `--config` file. */
  config: MIB,
  /** A data folder's or a cache's manifest (the default preset's is ≈ 60 KB). */
  manifest: 16 * MIB,
  /** One Arrow table (the largest published one, activations included, is ≈ 45 MB). */
  table: 1024 * MIB,
  /** A data folder's README.md (≈ 40 KB). */
  readme: MIB,
} as const;

/** A file that cannot be read as a bounded regular file; `message` is one line naming it. */
export class UnreadableFile extends Error {
  override name = 'UnreadableFile';
}

/** What a non-regular file is, in words. */
export function fileTypeName(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Why path is not a regular file of at most limit bytes (lstat: links are refused), or undefined. */
export function regularFileProblem(path: string, limit: number): string | undefined {
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch (error) {
    return `cannot read it (${fsReason(error)})`;
  }
  if (!stat.isFile()) return `is ${fileTypeName(stat)}, not a regular file`;
  if (stat.size > limit) return `is ${stat.size} bytes, above the ${limit}-byte limit`;
  return undefined;
}

/**
 * The bytes of path, which must be a regular file of at most limit bytes. `follow: false`
 * (the default) refuses symbolic links too; `--config` follows them (the target is checked).
 * Throws UnreadableFile with `<path> <reason>`.
 */
export function readBounded(
  path: string,
  limit: number,
  options: { follow?: boolean } = {},
): Buffer {
  const flags =
    constants.O_RDONLY | constants.O_NONBLOCK | (options.follow ? 0 : constants.O_NOFOLLOW);
  let fd: number;
  try {
    fd = openSync(path, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UnreadableFile(
      code === 'ELOOP'
        ? `${path} is a symbolic link, not a regular file`
        : code === 'ENOENT'
          ? `${path}: no such file`
          : `${path}: cannot read it (${fsReason(error)})`,
    );
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      throw new UnreadableFile(`${path} is ${fileTypeName(stat)}, not a regular file`);
    if (stat.size > limit)
      throw new UnreadableFile(`${path} is ${stat.size} bytes, above the ${limit}-byte limit`);
    // Read at most limit + 1 bytes: a file that grows meanwhile is still refused, not followed.
    const buffer = Buffer.alloc(Math.min(limit + 1, stat.size + 65536));
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > limit)
        throw new UnreadableFile(`${path} grew above the ${limit}-byte limit while being read`);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof UnreadableFile) throw error;
    throw new UnreadableFile(`${path}: cannot read it (${fsReason(error)})`);
  } finally {
    closeSync(fd);
  }
}
