import { describe, expect, it } from 'vitest';
import { batchTone, isBalanced, shownStatus } from './batch-balance';

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

  it('shows a loaded batch whose every row was rejected as such, in a warning tone', () => {
    expect(shownStatus({ status: 'loaded', rowsLoaded: 0, rowsQuarantined: 3 })).toBe('all_rejected');
    expect(batchTone('all_rejected')).toBe('warn');
    expect(shownStatus({ status: 'loaded', rowsLoaded: 1, rowsQuarantined: 3 })).toBe('loaded');
    // Nothing new but nothing rejected either (a file sent again): loaded.
    expect(shownStatus({ status: 'loaded', rowsLoaded: 0, rowsQuarantined: 0 })).toBe('loaded');
    expect(shownStatus({ status: 'failed', rowsLoaded: 0, rowsQuarantined: 0 })).toBe('failed');
  });
});
