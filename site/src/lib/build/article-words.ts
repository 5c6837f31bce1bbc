/**
 * Reading length of the article, counted from article.mdx: the prose a reader goes through (not
 * the foldable notes in <details>, code, display maths, imports or figure markup) and each
 * figure's caption. Inline components (<Metric …/>, <Fact …/>) and inline maths count as one
 * word each: they print a number or a symbol.
 */

export interface ArticleWords {
  /** Words of prose outside <details>. */
  prose: number;
  /** Words inside <details> (foldable notes). */
  notes: number;
  /** Words of each figure caption, in order. */
  captions: number[];
}

const words = (text: string): number =>
  text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** Counts the words of an MDX article (see the header). */
export function articleWords(mdx: string): ArticleWords {
  let text = mdx.replace(/^---\n[\s\S]*?\n---\n/, '');
  const captions: number[] = [];
  for (const m of text.matchAll(/\bcaption="([^"]*)"/g)) captions.push(words(m[1] ?? ''));
  text = text
    .replace(/^import .*$/gm, '')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/\$\$[\s\S]*?\$\$/g, '');
  let notes = 0;
  text = text.replace(/<details[\s\S]*?<\/details>/g, (block) => {
    notes += words(prose(block));
    return '';
  });
  return { prose: words(prose(text)), notes, captions };
}

/** Text with components reduced: block-level (own line) removed, inline ones one word. */
function prose(text: string): string {
  return text
    .replace(/^<[A-Z][\s\S]*?\/>\s*$/gm, '')
    .replace(/<[A-Z][^>]*?\/>/g, ' N ')
    .replace(/\$[^$\n]+\$/g, ' x ')
    .replace(/<\/?[a-z][^>]*>/g, ' ')
    .replace(/\]\([^)]*\)/g, ']');
}
