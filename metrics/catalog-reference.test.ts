import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../warehouse/preset/load-preset.ts';
import { catalogMarkdown } from './catalog-reference.ts';

describe('docs/indicators-<preset>.md', () => {
  it('is the table generated from the catalog (run `npm run docs` after changing it)', async () => {
    const doc = readFileSync(new URL('../docs/indicators-zibo.md', import.meta.url), 'utf8');
    expect(doc).toBe(catalogMarkdown(await loadPreset('zibo')));
    expect(doc).toContain('| `record-volume` | 信用信息条数 |');
    expect(doc).toContain('baseline 2020-12-31: 120,000,000条; 2022-12-31: 400,000,000条; 2025-12-31: 600,000,000条 (for city)');
    expect(doc).toContain('standing: ≤ 0% (for street)');
  });

  it('exists for every preset', async () => {
    const doc = readFileSync(new URL('../docs/indicators-zaozhuang-hitech.md', import.meta.url), 'utf8');
    expect(doc).toBe(catalogMarkdown(await loadPreset('zaozhuang-hitech')));
    expect(doc).toContain('2023-12-31: 30%; 2025-12-31: 100% (for district, street)');
  });
});
