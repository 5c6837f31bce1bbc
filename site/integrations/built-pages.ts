/** The HTML pages of a finished Astro build, for the integrations that rewrite them. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Absolute paths of every `.html` file under the build's output folder. */
export function builtPages(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.html'))
    .map((p) => join(dir, p));
}
