/** "Download data" links to the Arrow files behind a figure, plus the format description. */
import type { FileEntry } from '../../../../pipeline/contract.ts';
import { formatBytes } from '../../lib/format.ts';
import { dataUrl, withBase } from '../../lib/paths.ts';

export function DownloadLinks({ files }: { files: readonly FileEntry[] }) {
  if (!files.length) return null;
  return (
    <span class="sv-downloads">
      {' '}
      Download data:{' '}
      {files.map((f, i) => (
        <>
          {i > 0 && ', '}
          <a href={dataUrl(f.name)} download>
            {f.name.split('/').pop()}
          </a>{' '}
          <span class="sv-muted">({formatBytes(f.bytes)})</span>
        </>
      ))}
      {' · '}
      <a href={dataUrl('manifest.json')}>manifest.json</a>
      {' · '}
      <a href={withBase('#data-format')}>format</a>.
    </span>
  );
}
