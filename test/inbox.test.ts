/**
 * Drop folders: files in inbox/<department>/ load as that department's batches (source type from
 * the header row) and move to done/ or failed/ with a report beside them.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processInbox } from '../pipelines/inbox/inbox.ts';
import { refreshMarts } from '../metrics/refresh.ts';
import { ID_KEY, fixture, tempWarehouse } from './helpers/warehouse.ts';

describe('inbox', () => {
  it('loads settled files, moves them with a report, leaves the rest', async () => {
    const t = await tempWarehouse();
    try {
      const root = path.join(t.dir, 'drop');
      const now = new Date('2025-03-14T10:00:00Z');
      const past = new Date('2025-03-14T09:00:00Z');
      const put = (dept: string, name: string, from?: string, mtime = past) => {
        mkdirSync(path.join(root, 'inbox', dept), { recursive: true });
        const f = path.join(root, 'inbox', dept, name);
        if (from) copyFileSync(from, f);
        else writeFileSync(f, '');
        utimesSync(f, mtime, mtime);
        return f;
      };
      put('zd-scjg', 'subjects.csv', fixture('subjects.csv'));
      put('zd-xzsp', 'licences.csv', fixture('licences.csv'));
      put('zd-xzsp', 'empty.csv');
      put('zd-xzsp', '.~lock.licences.csv#', fixture('licences.csv'));
      const copying = put('zd-xzsp', 'still-copying.csv', fixture('licences.csv'), now);
      put('no-such-dept', 'x.csv', fixture('licences.csv'));

      const results = await processInbox(t.wh, root, { idKey: ID_KEY, now: () => now, afterLoad: (c) => refreshMarts(c) });
      expect(results.map((r) => [r.department, r.file, r.outcome])).toEqual([
        ['no-such-dept', 'x.csv', 'failed'],
        ['zd-scjg', 'subjects.csv', 'done'],
        ['zd-xzsp', 'empty.csv', 'failed'],
        ['zd-xzsp', 'licences.csv', 'done'],
      ]);
      const licences = results.find((r) => r.file === 'licences.csv')!;
      expect(licences.summary).toMatchObject({ sourceType: 'licence', departmentId: 'zd-xzsp', rowsRead: 13, rowsLoaded: 6, rowsQuarantined: 6, rowsDuplicate: 1 });
      const report = JSON.parse(readFileSync(`${licences.movedTo}.report.json`, 'utf8'));
      expect(report.summary.reasonsZh).toMatchObject({ '行政相对人名称：必填项为空': 1 });
      expect(path.dirname(licences.movedTo)).toBe(path.join(root, 'done', 'zd-xzsp'));
      expect(results.find((r) => r.file === 'subjects.csv')!.summary?.sourceType).toBe('subject-legal');
      expect(results[0]!.message).toMatch(/unknown department "no-such-dept"/);
      expect(JSON.parse(readFileSync(`${results[2]!.movedTo}.report.json`, 'utf8'))).toMatchObject({ message: expect.stringMatching(/the file is empty/), messageZh: '文件是空的，没有任何内容。' });

      // Unsettled and hidden files wait; a second pass with nothing new does nothing.
      expect(existsSync(copying)).toBe(true);
      expect(readdirSync(path.join(root, 'inbox', 'zd-xzsp')).sort()).toEqual(['.~lock.licences.csv#', 'still-copying.csv']);
      const later = new Date('2025-03-14T10:00:05Z');
      const second = await processInbox(t.wh, root, { idKey: ID_KEY, now: () => later });
      expect(second.map((r) => [r.file, r.outcome, r.summary?.rowsDuplicate])).toEqual([['still-copying.csv', 'done', 7]]);
      const [n] = await t.wh.all<{ n: number }>(`SELECT count(*) AS n FROM mart.indicator_value WHERE indicator_id = 'record-volume'`);
      expect(n!.n).toBeGreaterThan(0);
    } finally {
      t.dispose();
    }
  });
});
