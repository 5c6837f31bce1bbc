/** Progress reporting: a redrawn bar on a TTY, plain lines otherwise (CI logs, pipes). */

export interface Progress {
  /** Reports progress of the current task, fraction in [0, 1]. */
  update(fraction: number, detail: string): void;
  /** Prints a line that stays. */
  log(line: string): void;
  done(): void;
}

const BAR = 24;

/** Creates a progress reporter for `label` on `stream`. */
export function createProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stdout,
): Progress {
  const tty = stream.isTTY === true;
  let lastPlain = -1;
  let drawn = false;
  const clear = (): void => {
    if (tty && drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    update(fraction, detail) {
      const pct = Math.max(0, Math.min(100, Math.round(fraction * 100)));
      if (tty) {
        const fill = Math.round((pct / 100) * BAR);
        const width = (stream.columns || 100) - 1;
        const line = `${label} [${'█'.repeat(fill)}${'░'.repeat(BAR - fill)}] ${String(pct).padStart(3)}% ${detail}`;
        stream.write(`\r\x1b[2K${line.slice(0, width)}`);
        drawn = true;
      } else if (pct >= lastPlain + 10 || pct === 100) {
        // Plain mode prints at most every 10 %, so logs stay short.
        lastPlain = pct - (pct % 10);
        stream.write(`${label} ${String(pct).padStart(3)}% ${detail}\n`);
      }
    },
    log(line) {
      clear();
      stream.write(`${line}\n`);
    },
    done() {
      clear();
    },
  };
}

/** Formats rows as an aligned text table. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
