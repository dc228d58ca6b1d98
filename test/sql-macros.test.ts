/** The SQL twins in warehouse/migrations/003 and 017 agree with the TypeScript references. */
import { describe, expect, it } from 'vitest';
import { idNumberProblem } from '../lib/id-number.ts';
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
      '2024-03-05', '２０２４－０３－０５', 'ＡＢＣ', '罚款', ' 罚款', '罚款　', '2024年3月5日', ''];
    for (const c of codes) {
      const [r] = await wh.all<{ ok: boolean }>('SELECT xy_uscc_valid($1) AS ok', [c]);
      expect(r!.ok, c).toBe(usccProblem(c) === null);
    }
    for (const id of ids) {
      const [r] = await wh.all<{ ok: boolean | null }>(`SELECT xy_id_valid($1, DATE '2026-01-01') AS ok`, [id]);
      expect(Boolean(r!.ok), id).toBe(idNumberProblem(id, '2026-01-01') === null);
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
    // Dates: the general parser behind the loader's ISO fast path.
    const dates = await wh.all<{ a: string | null; b: string | null; c: string | null; d: string | null }>(
      `SELECT xy_parse_date('2024-03-05')::VARCHAR AS a, xy_parse_date('2024-02-30')::VARCHAR AS b,
        xy_parse_date('2024-3-5')::VARCHAR AS c, xy_parse_date('2024年3月5日')::VARCHAR AS d`);
    expect(dates[0]).toEqual({ a: '2024-03-05', b: null, c: '2024-03-05', d: '2024-03-05' });
    wh.close();
  });
});
