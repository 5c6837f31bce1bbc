import { describe, expect, it } from 'vitest';
import { articleUrl, bibtex, repositoryUrl } from './citation.ts';

describe('citation', () => {
  it('derives the repository and article address from the Pages build environment', () => {
    const env = { SITE_URL: 'https://someone.github.io', BASE_PATH: '/structviz' };
    expect(repositoryUrl(env)).toBe('https://github.com/someone/structviz');
    expect(articleUrl(env)).toBe('https://someone.github.io/structviz/');
    expect(repositoryUrl({ ...env, REPOSITORY_URL: 'https://example.org/x' })).toBe(
      'https://example.org/x',
    );
    expect(repositoryUrl({})).toBeNull();
    expect(articleUrl({})).toBeNull();
  });

  it('writes a BibTeX entry with the year and address', () => {
    const entry = bibtex(new Date('2026-03-04T00:00:00Z'), { SITE_URL: 'https://a.github.io' });
    expect(entry).toMatch(/^@misc\{structviz2026,/);
    expect(entry).toContain('howpublished = {\\url{https://a.github.io/}}');
    expect(entry).toContain('built 2026-03-04');
  });
});
