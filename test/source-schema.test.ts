/**
 * Every source-type definition has its core table, with a column for each field (ID numbers as
 * keyed hash + masked form) and the batch columns the loader writes.
 */
import { describe, expect, it } from 'vitest';
import { SOURCE_TYPES } from '../pipelines/sources/index.ts';
import { openWarehouse } from '../warehouse/connection.ts';
import { migrate } from '../warehouse/migrate.ts';

describe('source definitions and core tables', () => {
  it('agree column for column', async () => {
    const wh = await openWarehouse(':memory:');
    await migrate(wh);
    for (const def of Object.values(SOURCE_TYPES)) {
      const [schema, table] = def.table.split('.') as [string, string];
      const columns = (await wh.all<{ column_name: string }>(
        'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2', [schema, table])).map((c) => c.column_name);
      const expected = def.fields.flatMap((f) => (f.type === 'id_number' ? [`${f.name}_hash`, `${f.name}_masked`] : [f.name]));
      expect(columns, def.id).toEqual(expect.arrayContaining([...expected, 'department_id', 'batch_id', 'row_no', 'content_hash', 'loaded_at', 'superseded_at']));
      const clear = def.fields.filter((f) => f.type === 'id_number' && columns.includes(f.name)).map((f) => f.name);
      expect(clear, `${def.id} has no column for a clear ID number`).toEqual([]);
      // A key part left empty could never match the resubmission that corrects it.
      for (const k of def.naturalKey) expect(def.fields.find((f) => f.name === k)?.required, `${def.id} key ${k} is a required field`).toBe(true);
      if (def.eventDate) expect(def.fields.find((f) => f.name === def.eventDate)?.type, `${def.id} event date`).toBe('date');
      const role = def.creditRecord;
      if (role) {
        for (const f of [role.dateField, role.usccField, role.idField].filter((x) => x !== undefined)) {
          expect(def.fields.some((x) => x.name === f), `${def.id} credit-record field ${f}`).toBe(true);
        }
      }
    }
    wh.close();
  });

  it('name multi-valued enumeration values the loader can keep as they are', () => {
    // The loader keeps a cell of values joined with ';' as it is when every part is a value
    // (validation-sql.ts), so no value may hold a separator or edge space, or be an alias.
    const multi = Object.values(SOURCE_TYPES).flatMap((def) => def.fields.filter((f) => f.type === 'enum_multi'));
    expect(multi.length).toBeGreaterThan(0);
    for (const f of multi) {
      for (const v of f.values ?? []) {
        expect(v, f.name).not.toMatch(/[;；,，、]/);
        expect(v.trim(), f.name).toBe(v);
        expect(Object.keys(f.valueAliases ?? {}), f.name).not.toContain(v);
      }
      // Aliases apply to the parts of a cell, after it is split: one holding a separator never would.
      for (const alias of Object.keys(f.valueAliases ?? {})) expect(alias, f.name).not.toMatch(/[;；,，、]/);
    }
  });
});
