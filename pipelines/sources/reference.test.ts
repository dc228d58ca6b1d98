import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceTypesMarkdown } from './reference.ts';

describe('docs/source-types.md', () => {
  it('is the reference generated from the definitions (run `npm run docs` after changing one)', () => {
    const doc = readFileSync(new URL('../../docs/source-types.md', import.meta.url), 'utf8');
    expect(doc).toBe(sourceTypesMarkdown());
    expect(doc).toContain('| `payment` | 社保公积金及水电气缴费记录 |');
    expect(doc).toContain('`overdue_needs_amount`: when status ∈ {欠缴}, `amount_overdue` is required.');
  });
});
