/**
 * No natural-person ID number is stored in clear anywhere in the warehouse: not in core, not in
 * quarantine, not in the file's bytes. Checked by SQL over every text column and by a byte scan.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openReady } from '../warehouse/bootstrap.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

// Valid (loaded) and invalid (quarantined) ID numbers of the licence, list, commitment,
// payment and court fixtures.
const CLEAR_IDS = ['370303198001010012', '370303198001010013', '370306199002020021'];
const PERSON_SOURCES = [['credit-list', 'zd-fgj'], ['credit-commitment', 'zd-xzsp'], ['payment', 'zd-rsj'], ['judicial', 'zd-fy']] as const;

describe('privacy at load', () => {
  it('keeps only keyed hashes and masked forms of ID numbers', async () => {
    const t = await tempWarehouse();
    try {
      await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
      const s = await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
      expect(s.rowsLoaded).toBe(6);
      for (const [type, dept] of PERSON_SOURCES) {
        await t.ingest(fixture(`sources/${type}.csv`), { sourceType: type, departmentId: dept, reportedAt: '2025-03-14' });
      }
      const [person] = await t.wh.all<{ subject_id_masked: string; subject_id_hash: string }>(
        `SELECT subject_id_masked, subject_id_hash FROM core.licence WHERE subject_category = '自然人'`);
      expect(person!.subject_id_masked).toBe('370303********0012');
      expect(person!.subject_id_hash).toMatch(/^[0-9a-f]{64}$/);

      const columns = await t.wh.all<{ table_schema: string; table_name: string; column_name: string }>(
        `SELECT table_schema, table_name, column_name FROM information_schema.columns
         WHERE table_schema IN ('staging', 'core', 'mart', 'meta') AND data_type IN ('VARCHAR', 'JSON', 'VARCHAR[]')`);
      expect(columns.length).toBeGreaterThan(50);
      for (const c of columns) {
        const [hit] = await t.wh.all<{ n: number }>(
          `SELECT count(*) AS n FROM "${c.table_schema}"."${c.table_name}"
           WHERE ${CLEAR_IDS.map((id) => `contains("${c.column_name}"::VARCHAR, '${id}')`).join(' OR ')}`);
        expect(hit!.n, `${c.table_schema}.${c.table_name}.${c.column_name}`).toBe(0);
      }

      await t.wh.run('CHECKPOINT');
      t.wh.close();
      for (const f of readdirSync(t.dir).filter((f) => f.startsWith('wh.duckdb'))) {
        const bytes = readFileSync(path.join(t.dir, f));
        for (const id of CLEAR_IDS) expect(bytes.includes(Buffer.from(id)), `${f} holds ${id}`).toBe(false);
      }
      // The file still opens and holds the data: the scan looked at a real warehouse.
      const again = await openReady(t.file, 'zibo');
      expect((await again.wh.all<{ n: number }>('SELECT count(*) AS n FROM core.licence'))[0]!.n).toBe(6);
      again.wh.close();
    } finally {
      t.dispose();
    }
  });
});
