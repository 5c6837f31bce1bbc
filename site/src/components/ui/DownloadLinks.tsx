/**
 * "Download data": the Arrow files behind a figure, plus the format description, folded into
 * one disclosure so a figure adds one Tab stop, not one per file.
 */
import type { FileEntry } from '../../../../pipeline/contract.ts';
import { formatBytes } from '../../lib/format.ts';
import { dataUrl, withBase } from '../../lib/paths.ts';

export function DownloadLinks({ files }: { files: readonly FileEntry[] }) {
  if (!files.length) return null;
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  return (
    <details class="sv-downloads">
      <summary>
        Download the data ({files.length} files, {formatBytes(total)})
      </summary>
      <ul>
        {files.map((f) => (
          <li key={f.name}>
            <a href={dataUrl(f.name)} download>
              {f.name.split('/').pop()}
            </a>{' '}
            <span class="sv-muted">({formatBytes(f.bytes)})</span>
          </li>
        ))}
        <li>
          <a href={dataUrl('manifest.json')}>manifest.json</a>{' '}
          <span class="sv-muted">(sizes and checksums)</span>
        </li>
        <li>
          <a href={withBase('#data-format')}>What the columns mean</a>
        </li>
      </ul>
    </details>
  );
}
