import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleWords } from './article-words.ts';

const ARTICLE = join(import.meta.dirname, '..', '..', 'content', 'article.mdx');

describe('article length', () => {
  it('counts prose, notes and captions, components and inline maths as one word', () => {
    const mdx = [
      '---',
      'title: T',
      '---',
      "import X from './x';",
      'One two <Metric experiment="a" metric="b" /> four $x^2$ six [link](#a).',
      '',
      '<Figure',
      '  kind="k"',
      '  caption="Three words here."',
      '/>',
      '',
      '$$',
      'a + b',
      '$$',
      '<details><summary>More</summary>',
      'Five words in a note.',
      '</details>',
    ].join('\n');
    expect(articleWords(mdx)).toEqual({ prose: 7, notes: 6, captions: [3] });
  });

  it('reads in twenty minutes: prose ≤ 4,000 words, every caption ≤ 120', () => {
    const count = articleWords(readFileSync(ARTICLE, 'utf8'));
    console.log(
      `article: ${count.prose} words of prose, ${count.notes} in notes, captions ${count.captions.join(', ')}`,
    );
    expect(count.captions.length).toBeGreaterThanOrEqual(7);
    expect(count.prose).toBeLessThanOrEqual(4000);
    for (const [i, c] of count.captions.entries())
      expect(c, `caption ${i + 1}`).toBeLessThanOrEqual(120);
  });
});
