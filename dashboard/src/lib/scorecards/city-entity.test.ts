import { describe, expect, it } from 'vitest';
import type { Meta } from '$lib/api/types';
import { cityEntityId } from './city-entity';

const meta: Meta = {
  preset: { id: 'zibo', nameZh: '淄博市', nameEn: 'Zibo' },
  dataAsOf: null,
  latest: {
    week: { start: '2025-06-23', end: '2025-06-29', label: '' },
    month: { start: '2025-06-01', end: '2025-06-30', label: '' },
  },
};

describe('cityEntityId', () => {
  it('uses the id the API gives', () => {
    expect(cityEntityId({ ...meta, city: { id: '370300' } }, [])).toBe('370300');
  });

  it('derives the prefecture code from district codes, ignoring functional zones', () => {
    const rows = [{ entityId: '370303' }, { entityId: '370306' }, { entityId: 'GXQ01' }];
    expect(cityEntityId(meta, rows)).toBe('370300');
  });

  it('gives up without district codes', () => {
    expect(cityEntityId(meta, [{ entityId: 'zone-a' }])).toBeNull();
  });
});
