/** URLs inside the site, always built from `import.meta.env.BASE_URL` so `/` and `/<repo>/` both work. */

/** Joins a site-relative path onto the configured base. */
export function withBase(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}/${path.replace(/^\//, '')}`;
}

/** URL of a file in data/, e.g. `dataUrl('mlp-classes/positions.arrow')`. */
export function dataUrl(name: string): string {
  return withBase(`data/${name}`);
}
