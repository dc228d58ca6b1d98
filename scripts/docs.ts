/** Writes the generated reference documents (`npm run docs`). */
import { readdirSync, writeFileSync } from 'node:fs';
import { catalogMarkdown } from '../metrics/catalog-reference.ts';
import { sourceTypesMarkdown } from '../pipelines/sources/reference.ts';
import { loadPreset, PRESETS_DIR } from '../warehouse/preset/load-preset.ts';

const write = (name: string, text: string) => {
  writeFileSync(new URL(`../docs/${name}`, import.meta.url), text);
  console.log(`wrote docs/${name}`);
};

write('source-types.md', sourceTypesMarkdown());
for (const id of readdirSync(PRESETS_DIR)) write(`indicators-${id}.md`, catalogMarkdown(await loadPreset(id)));
