/** The SQL twins in warehouse/migrations/003, 017 to 021 agree with the TypeScript references. */
import { describe, expect, it } from 'vitest';
import { parseDate } from '../lib/dates.ts';
import { idNumberProblem, maskIdNumber } from '../lib/id-number.ts';
import { normalizeCell } from '../lib/text.ts';
import { usccCheckChar, usccProblem } from '../lib/uscc.ts';
import { openWarehouse } from '../warehouse/connection.ts';
import { migrate } from '../warehouse/migrate.ts';

describe('SQL macros', () => {
  it('agree with uscc.ts, id-number.ts and text.ts', async () => {
    const wh = await openWarehouse(':memory:');
    await migrate(wh);
    const codes: string[] = ['91110000600037341L', '91110000600037341M', '9111000060003734IL', 'Y1110000600037341'];
    for (let i = 0; i < 300; i++) {
      const first = `9${i % 10}3703${String(i * 7919).padStart(6, '0')}MA${String(i).padStart(3, '0')}`.slice(0, 17);
      codes.push(first + usccCheckChar(first), first + '0');
    }
    const ids = ['11010519491231002X', '11010519491231002Y', '370303199902300010', '370303200001010011', '37030319800101001'];
    // Each branch of the guarded macro (017): clean ASCII, ASCII needing a rewrite, non-ASCII.
    const cells = ['  ９１３７　x  ', '   ', 'a\u00a0 b', 'plain', '91370303MA3C000017', 'abc ', ' abc', 'a  b', 'a\tb', 'a\nb',
      '2024-03-05', '２０２４－０３－０５', 'ＡＢＣ', '罚款', ' 罚款', '罚款　', '2024年3月5日', '',
      // Invisible characters pasted from web pages (021): zero-width ones go, Unicode spaces are spaces.
      '9137\u200b0303MA3C000017', '\ufeff91370303MA3C000017', '91370303MA3C000017\u2060', 'a\u2003b', 'a\u202f\u00a0b', '\u200b', '罚款\u200d', 'a\u000bb'];
    codes.push('9137030', '91370303MA3C00001', '91370303MA3C0000170', '91370303MA3C0O0017', '91370303ma3c000017', '9137O303MA3C000017', '91370303MA3C00001I');
    for (const c of codes) {
      const [r] = await wh.all<{ ok: boolean; problem: string | null }>('SELECT xy_uscc_valid($1) AS ok, xy_uscc_problem($1) AS problem', [c]);
      expect(r!.ok, c).toBe(usccProblem(c) === null);
      expect(r!.problem, c).toBe(usccProblem(c));
    }
    // All in one query, as the loader checks a column: a malformed number must not fail the others.
    ids.push('370303650101123', '370303198O01011234', '37030319800101', '3703031980010100123');
    const checked = await wh.all<{ id: string; ok: boolean | null }>(
      `SELECT id, xy_id_valid(id, DATE '2026-01-01') AS ok FROM (VALUES ${ids.map((id) => `('${id}')`).join(', ')}) t(id)`);
    expect(checked.map((r) => [r.id, Boolean(r.ok)])).toEqual(ids.map((id) => [id, idNumberProblem(id, '2026-01-01') === null]));
    // The fault a rejected row names: each kind at least once (length, format, birth date, check digit).
    ids.push('370303202701010012', '370303189912310012', '37030319800101001x');
    const faults = await wh.all<{ id: string; problem: string | null }>(
      `SELECT id, xy_id_problem(id, DATE '2026-01-01') AS problem FROM (VALUES ${ids.map((id) => `('${id}')`).join(', ')}) t(id)`);
    expect(faults.map((r) => [r.id, r.problem])).toEqual(ids.map((id) => [id, idNumberProblem(id, '2026-01-01')]));
    expect(new Set(faults.map((r) => r.problem))).toEqual(new Set([null, 'length', 'format', 'birth_date', 'checksum']));
    for (const id of [...ids, '610104620927690', 'E12345678', '1234567890', '12345678901234', '', null]) {
      const [r] = await wh.all<{ v: string | null }>('SELECT xy_mask_id($1) AS v', [id]);
      expect(r!.v, String(id)).toBe(id === null ? null : maskIdNumber(id));
    }
    for (const c of cells) {
      const [r] = await wh.all<{ v: string | null }>('SELECT xy_clean($1) AS v', [c]);
      expect(r!.v, c).toBe(normalizeCell(c));
    }
    // Free text keeps inner spacing and Chinese punctuation; only the edges are trimmed.
    const text = await wh.all<{ a: string | null; b: string | null; c: string | null }>(
      `SELECT xy_clean_text('\u3000 经查，当事人  未按规定 ') AS a, xy_clean_text(' \u00a0 ') AS b, xy_clean_text('（变更）') AS c`);
    expect(text[0]).toEqual({ a: '经查，当事人  未按规定', b: null, c: '（变更）' });
    const edges = await wh.all<{ a: string | null; b: string | null; c: string | null; d: string | null; e: string | null }>(
      `SELECT xy_clean_text('x\u00a0') AS a, xy_clean_text(chr(9) || 'x') AS b, xy_clean_text('') AS c, xy_clean_text('x' || chr(13)) AS d, xy_clean_text('a b') AS e`);
    expect(edges[0]).toEqual({ a: 'x', b: 'x', c: null, d: 'x', e: 'a b' });
    // Dates: the general parser behind the loader's ISO fast path takes what parseDate takes, from the cleaned cell.
    const dates = ['2024-03-05', '2024/3/5', '2024.3.5', '2024年3月5日', '2024年03月05日', '2026年11月2号', '2024 年 3 月 5 日', '2026. 11. 2',
      '20240305', '45356', '45356.25', '80000.5', '80001', '19999.9', '２０２４－０３－０５', '2024-02-30', '2024-13-01', '2024-3/5', '2024-03-05日',
      '2024-03-05 14:30:00', '2024/3/5 9:05', '2024年3月5日 8:00', '2024-03-05T14:30', '2024-03-05 14:30:00.0', '2026-11-02T10:15:00.000Z',
      '2026-11-02T08:00:00.000+08:00', '2024-03-05 14:30+0800', '2024-03-05 24:61', '2024-03-05 23:59:60', '2024-03-05 23:59:61',
      '2024-03-05 14:30:00.1234567890', '2024-03-05+08:00', '2024-03-05 14:30 +08:00', '202403050', '2024-03', '2024-03-05x', 'abc'];
    for (const c of dates) {
      const [r] = await wh.all<{ v: string | null }>('SELECT xy_parse_date(xy_clean($1))::VARCHAR AS v', [c]);
      const want = parseDate(c);
      expect(r!.v, c).toBe('date' in want ? want.date : null);
    }
    wh.close();
  });
});
