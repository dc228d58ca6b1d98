import { describe, expect, it } from 'vitest';
import { batchTone, isBalanced } from './batch-balance';

describe('batch balance', () => {
  it('checks read = loaded + quarantined + duplicates', () => {
    expect(isBalanced({ rowsRead: 10, rowsLoaded: 7, rowsQuarantined: 2, rowsDuplicate: 1 })).toBe(true);
    expect(isBalanced({ rowsRead: 10, rowsLoaded: 7, rowsQuarantined: 2, rowsDuplicate: 0 })).toBe(false);
    expect(isBalanced({ rowsRead: 10, rowsLoaded: null, rowsQuarantined: 2, rowsDuplicate: 0 })).toBeNull();
  });

  it('groups statuses into tones', () => {
    expect(batchTone('Succeeded')).toBe('ok');
    expect(batchTone('running')).toBe('running');
    expect(batchTone('rolled_back')).toBe('failed');
    expect(batchTone('whatever')).toBe('neutral');
  });
});
