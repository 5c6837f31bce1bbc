/**
 * Who, when and where for the article's byline and its "cite this" entry, decided at build
 * time. The repository comes from `REPOSITORY_URL`, or is derived from the GitHub Pages address
 * the deploy workflow builds for (`SITE_URL=https://<owner>.github.io`, `BASE_PATH=/<repo>`).
 */
import process from 'node:process';

export const AUTHORS = 'The structviz contributors';
export const TITLE = 'Structural Visualization for Neural Networks';

/** The source repository's web address, or null when the build cannot know it. */
export function repositoryUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env['REPOSITORY_URL']) return env['REPOSITORY_URL'];
  const owner = /^https:\/\/([\w-]+)\.github\.io\/?$/.exec(env['SITE_URL'] ?? '')?.[1];
  const repo = (env['BASE_PATH'] ?? '').replace(/^\/|\/$/g, '');
  if (!owner) return null;
  return `https://github.com/${owner}/${repo || `${owner}.github.io`}`;
}

/** The address the article is published at, or null for a local build. */
export function articleUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  if (!env['SITE_URL']) return null;
  const base = (env['BASE_PATH'] ?? '').replace(/^\/|\/$/g, '');
  return `${env['SITE_URL'].replace(/\/$/, '')}/${base ? `${base}/` : ''}`;
}

/** A BibTeX entry for the article as built on `date`. */
export function bibtex(date: Date, env: NodeJS.ProcessEnv = process.env): string {
  const url = articleUrl(env) ?? repositoryUrl(env);
  const lines = [
    `@misc{structviz${date.getUTCFullYear()},`,
    `  author = {{${AUTHORS}}},`,
    `  title = {${TITLE}},`,
    `  year = {${date.getUTCFullYear()}},`,
    ...(url ? [`  howpublished = {\\url{${url}}},`] : []),
    `  note = {Interactive article, built ${date.toISOString().slice(0, 10)}}`,
    '}',
  ];
  return lines.join('\n');
}
