/** Writes the generated reference documents (`npm run docs`). */
import { writeFileSync } from 'node:fs';
import { sourceTypesMarkdown } from '../pipelines/sources/reference.ts';

writeFileSync(new URL('../docs/source-types.md', import.meta.url), sourceTypesMarkdown());
console.log('wrote docs/source-types.md');
