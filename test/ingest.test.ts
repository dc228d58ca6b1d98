/**
 * Whole-pipeline tests on a real DuckDB file: hand-made fixtures in UTF-8 CSV, GBK CSV and XLSX
 * (with a title row) ingest with exact counts, reasons and indicator values worked out by hand.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { quarantineWorkbook } from '../api/exports/quarantine-xlsx.ts';
import { describeReason } from '../lib/reasons.ts';
import { usccCheckChar } from '../lib/uscc.ts';
import { createRecords } from '../metrics/records.ts';
import { IngestError } from '../pipelines/load/ingest.ts';
import { penalty } from '../pipelines/sources/penalty.ts';
import { getBatch, quarantineOf } from '../warehouse/repositories/data-desk.ts';
import { fixture, snapshot, tempWarehouse, writeLicenceCsv } from './helpers/warehouse.ts';

type T = Awaited<ReturnType<typeof tempWarehouse>>;
let t: T;
beforeEach(async () => {
  t = await tempWarehouse();
});
afterEach(() => t.dispose());

const LICENCE_REASONS = {
  'uscc_checksum:行政相对人代码_1(统一社会信用代码)': 1,
  'missing:行政相对人名称': 1,
  'date_in_future:许可决定日期': 1,
  'date_invalid:许可决定日期': 1,
  'enum_invalid:许可类别': 1,
  'id_checksum:证件号码': 1,
};

/**
 * Loads the registry, then `file`, which holds the licence fixture's rows in some layout; checks
 * what every layout of them gives: the counts, the reasons and the rows quarantined.
 */
async function loadLicenceLayout(file: string, expected: { format: string; headerRow: number; quarantinedRows: number[] }) {
  await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  const s = await t.ingest(file, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
  expect(s).toMatchObject({ format: expected.format, headerRow: expected.headerRow, rowsRead: 13, rowsLoaded: 6, rowsQuarantined: 6, rowsDuplicate: 1 });
  expect(s.reasons).toEqual(LICENCE_REASONS);
  const q = await t.wh.all<{ row_no: number }>(`SELECT row_no FROM meta.quarantine WHERE batch_id = $1 ORDER BY row_no`, [s.batchId]);
  expect(q.map((r) => r.row_no)).toEqual(expected.quarantinedRows);
  return s;
}

async function loadBoth(licenceFile = fixture('licences.csv')) {
  const s = await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  const l = await t.ingest(licenceFile, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
  return { s, l };
}

async function value(indicator: string, type: string, entity: string, grain: string, start: string) {
  const [r] = await t.wh.all<{ value: number | null; numerator: number | null; denominator: number | null; extras: string | null }>(
    `SELECT value, numerator, denominator, extras::VARCHAR AS extras FROM mart.indicator_value
     WHERE indicator_id = $1 AND entity_type = $2 AND entity_id = $3 AND period_type = $4 AND period_start = $5::DATE`,
    [indicator, type, entity, grain, start]);
  return r!;
}

describe('ingest', () => {
  it('takes the submission day in China time: a record decided today loads at 06:00 Beijing time (22:00 UTC the day before)', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').split('\n');
    const file = path.join(t.dir, 'today.csv');
    writeFileSync(file, [lines[1], lines[2]!.replace('2025-03-03', '2026-11-27')].join('\n'));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T22:00:00Z'));
    try {
      const s = await t.load(file, { sourceType: 'licence', departmentId: 'zd-xzsp' });
      expect(s).toMatchObject({ rowsRead: 1, rowsLoaded: 1, rowsQuarantined: 0 });
    } finally {
      vi.useRealTimers();
    }
    const [b] = await t.wh.all<{ reported_at: string }>('SELECT reported_at::VARCHAR AS reported_at FROM meta.batch');
    expect(b!.reported_at).toBe('2026-11-27');
  });

  it('extends the periods to China\'s date: at 04:00 Beijing time on the first of a month, that month exists', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-02-28T20:00:00Z'));
    try {
      await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    } finally {
      vi.useRealTimers();
    }
    const [last] = await t.wh.all<{ month: string; week: string }>(
      `SELECT max(period_start) FILTER (period_type = 'month')::VARCHAR AS month, max(period_end) FILTER (period_type = 'week')::VARCHAR AS week FROM mart.period`);
    expect(last).toEqual({ month: '2027-03-01', week: '2027-03-07' });
  });

  it('loads the subject registry with exact counts and reasons', async () => {
    const { s } = await loadBoth();
    expect(s).toMatchObject({ status: 'loaded', rowsRead: 8, rowsLoaded: 6, rowsQuarantined: 2, rowsDuplicate: 0, headerRow: 1 });
    expect(s.reasons).toEqual({ 'uscc_checksum:统一社会信用代码': 1, 'area_unknown:所属区县': 1 });
    const rows = await t.wh.all<{ uscc: string; category: string; district_code: string; street_code: string; established: string }>(
      `SELECT uscc, category, district_code, street_code, established::VARCHAR AS established FROM core.subject ORDER BY uscc`);
    expect(rows.find((r) => r.uscc === '91370306MA3C00003Q')).toMatchObject({ category: 'enterprise', district_code: '370306', street_code: '370306001', established: '2019-03-01' });
    expect(rows.find((r) => r.uscc === '92370303MA3C00004D')?.category).toBe('individual_business');
  });

  it('rejects a street that is not in the row\'s district, by name or by code; a functional zone may name its host district\'s streets', async () => {
    const code = (n: number) => { const first = `91370303MA3C1${String(n).padStart(4, '0')}`; return first + usccCheckChar(first); };
    const file = path.join(t.dir, 'streets.csv');
    writeFileSync(file, ['主体名称,统一社会信用代码,成立日期,所属区县,所属街道,登记状态',
      `甲公司,${code(1)},2020-01-01,张店区,车站街道,存续`,
      `乙公司,${code(2)},2020-01-01,淄川区,车站街道,存续`,
      `丙公司,${code(3)},2020-01-01,370302,370303001,存续`,
      `丁公司,${code(4)},2020-01-01,高新区,四宝山街道,存续`,
      `戊公司,${code(5)},2020-01-01,,般阳路街道,存续`,
    ].join('\n'));
    const s = await t.ingest(file, { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    expect(s).toMatchObject({ rowsRead: 5, rowsLoaded: 2, rowsQuarantined: 3 });
    expect(s.reasons).toEqual({ 'area_mismatch:所属街道': 2, 'missing:所属区县': 1 });
    const q = await t.wh.all<{ row_no: number; reasons: string[] }>(`SELECT row_no, reasons FROM meta.quarantine WHERE batch_id = $1 ORDER BY row_no`, [s.batchId]);
    expect(q).toEqual([{ row_no: 3, reasons: ['area_mismatch:所属街道'] }, { row_no: 4, reasons: ['area_mismatch:所属街道'] }, { row_no: 6, reasons: ['missing:所属区县'] }]);
    const rows = await t.wh.all<{ name: string; district_code: string; street_code: string }>('SELECT name, district_code, street_code FROM core.subject ORDER BY name');
    expect(rows).toEqual([{ name: '丁公司', district_code: '370371', street_code: '370303008' }, { name: '甲公司', district_code: '370303', street_code: '370303001' }]);
  });

  it('loads licences: title row, BOM, mixed dates, full-width codes, duplicates, every reason', async () => {
    const { l } = await loadBoth();
    expect(l).toMatchObject({ status: 'loaded', format: 'csv', encoding: 'utf-8', headerRow: 2, rowsRead: 13, rowsLoaded: 6, rowsQuarantined: 6, rowsDuplicate: 1 });
    expect(l.reasons).toEqual(LICENCE_REASONS);
    const q = await t.wh.all<{ row_no: number; reasons: string[] }>(`SELECT row_no, reasons FROM meta.quarantine WHERE batch_id = $1 ORDER BY row_no`, [l.batchId]);
    expect(q.map((r) => r.row_no)).toEqual([7, 8, 9, 10, 11, 15]);
    const fullWidth = await t.wh.all<{ subject_uscc: string; decision_date: string }>(
      `SELECT subject_uscc, decision_date::VARCHAR AS decision_date FROM core.licence WHERE doc_no = '张审批〔2025〕10号'`);
    expect(fullWidth).toEqual([{ subject_uscc: '91370303MA3C000017', decision_date: '2025-03-12' }]);
  });

  it('counts a record the file corrects further down once in the 双公示 quality rates, and not as an error', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').split('\n');
    const file = path.join(t.dir, 'corrected.csv');
    // Rows 3 and 4: 张审批〔2025〕1号, then the same document with its 许可内容 corrected.
    writeFileSync(file, [lines[0], lines[1], lines[2], lines[2]!.replace('食品经营许可,2025', '食品经营许可（变更）,2025'), lines[3]].join('\n'));
    await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    const s = await t.ingest(file, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect(s).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsQuarantined: 1, reasons: { key_repeated_in_file: 1 } });
    expect(await value('double-publicity-accurate', 'department', 'zd-xzsp', 'month', '2025-03-01')).toMatchObject({ numerator: 2, denominator: 2 });
    expect(await value('double-publicity-complete', 'department', 'zd-xzsp', 'month', '2025-03-01')).toMatchObject({ numerator: 2, denominator: 2 });
  });

  it('computes the three indicators as worked out by hand', async () => {
    await loadBoth();
    // 双公示: row 1 decided Mon 3 March, due Wed 12 March (7 working days), reported 14 March → late.
    expect(await value('double-publicity-on-time', 'city', '370300', 'month', '2025-03-01')).toMatchObject({ numerator: 5, denominator: 6 });
    expect(JSON.parse((await value('double-publicity-on-time', 'city', '370300', 'month', '2025-03-01')).extras!)).toMatchObject({ onTime: 5, late: 1, missing: 0, total: 6 });
    expect(await value('double-publicity-on-time', 'city', '370300', 'week', '2025-03-03')).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    // Week of 3 March: the late record was due 12 March, after the week's end, so not missing then.
    expect(JSON.parse((await value('double-publicity-on-time', 'city', '370300', 'week', '2025-03-03')).extras!).missing).toBe(0);
    // Coverage: enterprises 甲 乙 丙 己 registered and live (戊 cancelled, 丁 an individual business); 甲 乙 丙 have records.
    expect(await value('enterprise-coverage', 'city', '370300', 'month', '2025-03-01')).toMatchObject({ value: 0.75, numerator: 3, denominator: 4 });
    expect(await value('enterprise-coverage', 'district', '370303', 'month', '2025-03-01')).toMatchObject({ numerator: 2, denominator: 3 });
    expect(await value('enterprise-coverage', 'street', '370303003', 'month', '2025-03-01')).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(await value('enterprise-coverage', 'department', 'zd-xzsp', 'month', '2025-03-01')).toMatchObject({ numerator: 2, denominator: 3 });
    // Volume: the plan's 1.2亿 baseline plus the 6 records loaded; the Jinan subject is placed nowhere in
    // Zibo, the natural person in 张店区 by the address code of the ID number.
    expect((await value('record-volume', 'city', '370300', 'month', '2025-03-01')).value).toBe(120_000_006);
    expect((await value('record-volume', 'district', '370303', 'month', '2025-03-01')).value).toBe(4);
    expect((await value('record-volume', 'district', '370306', 'month', '2025-03-01')).value).toBe(1);
    expect((await value('record-volume', 'department', 'zd-xzsp', 'week', '2025-03-10')).value).toBe(6);
  });

  it('re-ingesting the same file changes nothing', async () => {
    await loadBoth();
    const before = await snapshot(t.wh);
    const again = await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect(again).toMatchObject({ rowsRead: 13, rowsLoaded: 0, rowsDuplicate: 7, rowsQuarantined: 6 });
    const after = await snapshot(t.wh);
    // The quarantine keeps the rejected rows of each submission; everything else is unchanged.
    expect({ ...after, 'meta.quarantine.rows': 0, 'meta.quarantine.hash': 0 }).toEqual({ ...before, 'meta.quarantine.rows': 0, 'meta.quarantine.hash': 0 });
  });

  it('a corrected record replaces the earlier version and keeps it as history', async () => {
    await loadBoth();
    const corrected = path.join(t.dir, 'correction.csv');
    const text = readFileSync(fixture('licences.csv'), 'utf8').split('\n');
    writeFileSync(corrected, [text[1], text[3]!.replace('食品经营许可,2025/3/10', '食品经营许可（变更）,2025/3/10')].join('\n'));
    const c = await t.ingest(corrected, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-17' });
    expect(c).toMatchObject({ rowsRead: 1, rowsLoaded: 1, rowsSuperseding: 1, headerRow: 1 });
    const versions = await t.wh.all<{ content: string; current: boolean }>(
      `SELECT content, superseded_at IS NULL AS current FROM core.licence WHERE doc_no = '张审批〔2025〕2号' ORDER BY loaded_at`);
    expect(versions).toEqual([{ content: '食品经营许可', current: false }, { content: '食品经营许可（变更）', current: true }]);
    expect((await value('record-volume', 'city', '370300', 'month', '2025-03-01')).value).toBe(120_000_006);
  });

  it('a file sent again does not undo the correction loaded since; a row it rejected before and now takes loads', async () => {
    const { l } = await loadBoth();
    const text = readFileSync(fixture('licences.csv'), 'utf8').split('\n');
    const corrected = path.join(t.dir, 'correction.csv');
    writeFileSync(corrected, [text[1], text[3]!.replace('食品经营许可,2025/3/10', '食品经营许可（变更）,2025/3/10')].join('\n'));
    await t.ingest(corrected, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-17' });
    const before = await snapshot(t.wh);
    // Sent again a week later: the row decided 2025-03-20, in the future on 2025-03-14, is not now.
    const again = await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-21' });
    expect(again).toMatchObject({ rowsRead: 13, rowsLoaded: 1, rowsDuplicate: 7, rowsSuperseding: 0, rowsQuarantined: 5 });
    expect(again.message).toContain(`the same file as batch ${l.batchId} (licences.csv, loaded `);
    expect(again.repeatOf).toMatchObject({ batchId: l.batchId, file: 'licences.csv', loadedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) });
    const versions = await t.wh.all<{ content: string; current: boolean }>(
      `SELECT content, superseded_at IS NULL AS current FROM core.licence WHERE doc_no = '张审批〔2025〕2号' ORDER BY loaded_at`);
    expect(versions).toEqual([{ content: '食品经营许可', current: false }, { content: '食品经营许可（变更）', current: true }]);
    const after = await snapshot(t.wh);
    expect(after['core.licence.rows']).toBe(before['core.licence.rows']! + 1);
    // The same bytes from another department are that department's own records.
    const other = await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-scjg', reportedAt: '2025-03-14' });
    expect(other.message ?? '').not.toContain('the same file');
  });

  it('a report exported again in other bytes is no new submission: 完整率 and 准确率 stay as they were', async () => {
    await loadBoth();
    const rates = async () => [
      await value('double-publicity-complete', 'department', 'zd-xzsp', 'month', '2025-03-01'),
      await value('double-publicity-accurate', 'department', 'zd-xzsp', 'month', '2025-03-01'),
    ].map((r) => [r.numerator, r.denominator]);
    expect(await rates()).toEqual([[11, 12], [7, 12]]);
    // The same rows with Windows line ends, sent the next day: every row is one sent before.
    const crlf = path.join(t.dir, 'licences-again.csv');
    writeFileSync(crlf, readFileSync(fixture('licences.csv'), 'utf8').replaceAll('\n', '\r\n'));
    const again = await t.ingest(crlf, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-15' });
    expect(again).toMatchObject({ rowsRead: 13, rowsLoaded: 0, rowsDuplicate: 7, rowsQuarantined: 6 });
    expect([again.message ?? '', again.repeatOf]).toEqual(['', null]);
    expect(await rates()).toEqual([[11, 12], [7, 12]]);
    // A new rejected row still counts.
    const lines = readFileSync(fixture('licences.csv'), 'utf8').split('\n');
    const more = path.join(t.dir, 'one-more.csv');
    writeFileSync(more, [lines[1], lines[2]!.replace('张审批〔2025〕1号', '张审批〔2025〕99号').replace('2025-03-03', '2025-02-30')].join('\n'));
    await t.ingest(more, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-15' });
    expect(await rates()).toEqual([[12, 13], [7, 13]]);
  });

  it('reads the same data from a GBK CSV and from an XLSX with a title row', async () => {
    const utf8 = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '');
    const gbk = path.join(t.dir, 'licences-gbk.csv');
    writeFileSync(gbk, iconv.encode(utf8.replace('９１３７０３０３ＭＡ３Ｃ００００１７', '91370303MA3C000017'), 'gbk'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('许可');
    const lines = utf8.trim().split('\n');
    ws.addRow([lines[0]]);
    ws.mergeCells('A1:H1');
    ws.addRow([]);
    for (const line of lines.slice(1)) ws.addRow(line.split(','));
    const xlsx = path.join(t.dir, 'licences.xlsx');
    await wb.xlsx.writeFile(xlsx);

    await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    const g = await t.ingest(gbk, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect(g).toMatchObject({ encoding: 'gb18030', rowsRead: 13, rowsLoaded: 6, rowsQuarantined: 6, rowsDuplicate: 1 });
    expect(g.reasons).toEqual(LICENCE_REASONS);
    const x = await t.ingest(xlsx, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect(x).toMatchObject({ format: 'xlsx', headerRow: 3, rowsRead: 13, rowsLoaded: 0, rowsQuarantined: 6, rowsDuplicate: 7 });
    const rows = await t.wh.all<{ row_no: number }>(`SELECT row_no FROM meta.quarantine WHERE batch_id = $1 ORDER BY row_no`, [x.batchId]);
    expect(rows.map((r) => r.row_no)).toEqual([8, 9, 10, 11, 12, 16]);
  });

  it.each(['utf-16le', 'utf-16be'] as const)('reads Excel\'s Unicode text: %s with its byte-order mark, tab-separated', async (encoding) => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const text = `${lines.map((l) => l.split(',').join('\t')).join('\r\n')}\r\n`;
    const file = path.join(t.dir, 'licences.txt');
    writeFileSync(file, iconv.encode(text, encoding, { addBOM: true }));
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from(encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff]));
    await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    const s = await t.ingest(file, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect(s).toMatchObject({ format: 'csv', encoding, headerRow: 2, rowsRead: 13, rowsLoaded: 6, rowsQuarantined: 6, rowsDuplicate: 1 });
    expect(s.reasons).toEqual(LICENCE_REASONS);
    const q = await t.wh.all<{ row_no: number }>(`SELECT row_no FROM meta.quarantine WHERE batch_id = $1 ORDER BY row_no`, [s.batchId]);
    expect(q.map((r) => r.row_no)).toEqual([7, 8, 9, 10, 11, 15]);
    const [named] = await t.wh.all<{ subject_name: string; subject_uscc: string }>(
      `SELECT subject_name, subject_uscc FROM core.licence WHERE doc_no = '张审批〔2025〕10号'`);
    expect(named).toEqual({ subject_name: '淄博甲有限公司', subject_uscc: '91370303MA3C000017' }); // sent in full-width digits
  });

  it('reads the data sheet of a workbook that opens with instructions and an example, and names the sheets it did not read', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const wb = new ExcelJS.Workbook();
    const help = wb.addWorksheet('填报说明');
    help.addRows([['1. 每条记录一行'], ['2. 日期格式为 YYYY-MM-DD'], ['3. 带 * 为必填项']]);
    // A filled-in example under the same header: the sheet with more rows is the data.
    const example = wb.addWorksheet('填报示例');
    example.addRows([lines[1]!.split(','), lines[2]!.split(',')]);
    const lists = wb.addWorksheet('字典'); // hidden, as templates keep their value lists
    lists.state = 'hidden';
    lists.addRows([['普通'], ['特许'], ['认可'], ['核准'], ['登记'], ['其他']]);
    const data = wb.addWorksheet('许可');
    data.addRow([lines[0]]);
    for (const line of lines.slice(1)) data.addRow(line.split(','));
    wb.addWorksheet('汇总').addRows([['合计', 13], ['填报人', '张三']]);
    const xlsx = path.join(t.dir, 'workbook.xlsx');
    await wb.xlsx.writeFile(xlsx);

    const s = await loadLicenceLayout(xlsx, { format: 'xlsx', headerRow: 2, quarantinedRows: [7, 8, 9, 10, 11, 15] });
    expect(s.message).toBe('sheets not read (rows): 填报说明 (3), 填报示例 (1), 汇总 (2)');
    expect(s.ignoredSheets).toEqual(['填报说明 (3)', '填报示例 (1)', '汇总 (2)']);
  });

  it('reads every sheet of a workbook kept one sheet per month, numbering rows per sheet', async () => {
    const [title, header, ...body] = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n').map((l) => l.split(','));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('填报说明').addRows([['1. 每月一张表'], ['2. 日期格式为 YYYY-MM-DD'], ['3. 带 * 为必填项']]);
    // September: a title row, the header, seven records and a total under them.
    const sep = wb.addWorksheet('9月');
    sep.addRows([title!, header!, ...body.slice(0, 7), ['合计：7条']]);
    // October: no title, its columns in another order, 证件类型 left out (so its two persons miss
    // it); its last record corrects September's 张审批〔2025〕1号 (the later sheet wins).
    const order = [...header!.slice(1).filter((h) => h !== '证件类型'), header![0]!];
    const october = (r: string[]) => order.map((h) => r[header!.indexOf(h)]!);
    const corrected = [...body[0]!];
    corrected[header!.indexOf('许可内容')] = '食品经营许可（变更）';
    wb.addWorksheet('10月').addRows([order, ...[...body.slice(7), corrected].map(october)]);
    wb.addWorksheet('填报示例').addRows([header!, body[0]!]);
    // A summary repeating the months, and the same office's penalties: neither is this batch's.
    wb.addWorksheet('汇总').addRows([header!, body[0]!, body[8]!]);
    wb.addWorksheet('行政处罚').addRows([penalty.fields.map((f) => f.headerZh), penalty.fields.map((f) => f.headerZh.slice(0, 2))]);
    const lists = wb.addWorksheet('字典');
    lists.state = 'hidden';
    lists.addRows([header!, body[1]!]);
    const xlsx = path.join(t.dir, 'by-month.xlsx');
    await wb.xlsx.writeFile(xlsx);

    await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    const s = await t.ingest(xlsx, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect(s).toMatchObject({ format: 'xlsx', headerRow: 2, rowsRead: 14, rowsLoaded: 5, rowsQuarantined: 8, rowsDuplicate: 1 });
    expect(s.sheetsRead).toEqual(['9月 (7)', '10月 (7)']);
    expect(s.ignoredSheets).toEqual(['填报说明 (3)', '填报示例 (1)', '汇总 (2)', '行政处罚 (1)']);
    expect(s.message).toBe('sheets read (rows): 9月 (7), 10月 (7); footer rows not read: 9月 10 (合计：7条); sheets not read (rows): 填报说明 (3), 填报示例 (1), 汇总 (2), 行政处罚 (1)');
    expect(s.footerRows).toEqual([{ sheet: '9月', row: 10, text: '合计：7条' }]);
    expect(s.reasons).toEqual({ ...LICENCE_REASONS, 'missing:证件类型': 2, key_repeated_in_file: 1 });
    const rows = await quarantineOf(t.wh, s.batchId);
    expect(rows.map((r) => [r.sheet, r.rowNo, r.reasons])).toEqual([
      ['9月', 3, ['key_repeated_in_file']],
      ['9月', 7, ['uscc_checksum:行政相对人代码_1(统一社会信用代码)']],
      ['9月', 8, ['missing:行政相对人名称']],
      ['9月', 9, ['date_in_future:许可决定日期']],
      ['10月', 2, ['date_invalid:许可决定日期']],
      ['10月', 3, ['enum_invalid:许可类别']],
      ['10月', 6, ['missing:证件类型']],
      ['10月', 7, ['id_checksum:证件号码', 'missing:证件类型']],
    ]);
    const [kept] = await t.wh.all<{ content: string; row_no: number; sheet_no: number }>(
      `SELECT content, row_no, sheet_no FROM core.licence WHERE doc_no = '张审批〔2025〕1号' AND superseded_at IS NULL`);
    expect(kept).toEqual({ content: '食品经营许可（变更）', row_no: 8, sheet_no: 1 });
    const [batch] = await t.wh.all<{ sheets: string[] }>('SELECT sheets FROM meta.batch WHERE id = $1', [s.batchId]);
    expect(batch!.sheets).toEqual(['9月', '10月']);
    // Decided 3 March, due 12 March, reported 14 March: late, and named by its sheet and row.
    const late = await createRecords(t.wh).list('late', 'department', 'zd-xzsp', { start: '2025-03-01', end: '2025-03-31' }, 100);
    expect(late.rows.find((r) => r.docNo === '张审批〔2025〕1号')).toMatchObject({ batchId: s.batchId, sheet: '10月', rowNo: 8 });
    const [named] = await t.wh.all<{ subject_name: string }>(`SELECT subject_name FROM core.licence WHERE doc_no = '张审批〔2025〕10号'`);
    expect(named).toEqual({ subject_name: '淄博甲有限公司' }); // its name in October's last column

    // The rejected rows as the department downloads them: found by sheet and row.
    const out = new ExcelJS.Workbook();
    await out.xlsx.load(await quarantineWorkbook((await getBatch(t.wh, s.batchId))!, rows) as unknown as ArrayBuffer);
    const sheet = out.worksheets[0]!;
    expect((sheet.getRow(2).values as unknown[]).slice(1, 4)).toEqual(['工作表', '文件行号', '不通过原因']);
    expect((sheet.getRow(6).values as unknown[]).slice(1, 3)).toEqual(['10月', 2]);
    // The row a later row of the file replaced is on its own sheet, not to be sent again.
    expect(out.worksheets.map((w) => w.name)).toEqual(['未通过校验的行', '已被后面的行取代']);
    const replaced = out.worksheets[1]!;
    expect(String(replaced.getRow(1).getCell(1).value)).toContain('请勿重新报送');
    expect((replaced.getRow(3).values as unknown[]).slice(1, 3)).toEqual(['9月', 3]);
    expect(replaced.rowCount).toBe(3);
    // No column for cells beyond the header when no rejected row has any.
    expect((sheet.getRow(2).values as unknown[])).not.toContain('(多余单元格)');
  });

  it('sets the header aside where it comes again: two files pasted into one, a table under another', async () => {
    const [title, header, ...body] = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    // Two weeks' exports pasted one under the other: the second's title and header among the rows.
    const csv = path.join(t.dir, 'pasted.csv');
    writeFileSync(csv, [title, header, ...body.slice(0, 4), '合计：4条', title!.replace('第2周', '第3周'), `*${header!.replaceAll(',', ',*')}`, ...body.slice(4), '合计：9条'].join('\n'));
    await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    const s = await t.ingest(csv, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    // The fixture's counts, its rejected rows three further down from the fifth record on (a total, a title, a header).
    expect(s).toMatchObject({ rowsRead: 13, rowsLoaded: 6, rowsQuarantined: 6, rowsDuplicate: 1 });
    expect(s.reasons).toEqual(LICENCE_REASONS);
    expect(s.message).toBe('repeated header rows not read: 8, 9; footer rows not read: 7 (合计：4条), 19 (合计：9条)');
    expect([s.repeatedHeaders, s.footerRows]).toEqual([[{ sheet: null, row: 8 }, { sheet: null, row: 9 }], [{ sheet: null, row: 7, text: '合计：4条' }, { sheet: null, row: 19, text: '合计：9条' }]]);
    const q = await t.wh.all<{ row_no: number }>('SELECT row_no FROM meta.quarantine WHERE batch_id = $1 ORDER BY row_no', [s.batchId]);
    expect(q.map((r) => r.row_no)).toEqual([10, 11, 12, 13, 14, 18]);
  });

  /** Loads, as licences, a workbook of these sheets holding the fixture's header and its first `records` records each. */
  async function loadSheets(file: string, sheets: [name: string, records: number][]) {
    const [, header, ...body] = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n').map((l) => l.split(','));
    const wb = new ExcelJS.Workbook();
    for (const [name, records] of sheets) wb.addWorksheet(name).addRows([header!, ...body.slice(0, records)]);
    const xlsx = path.join(t.dir, file);
    await wb.xlsx.writeFile(xlsx);
    return t.ingest(xlsx, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
  }

  it('reads a summary sheet when it is the only one holding rows', async () => {
    const s = await loadSheets('summary-only.xlsx', [['2025年行政许可汇总表', 2], ['Sheet2', 0]]);
    expect(s).toMatchObject({ rowsRead: 2, sheetsRead: [], ignoredSheets: [] });
  });

  it('does not load a template\'s example rows when its month sheet is still empty', async () => {
    const s = await loadSheets('returned-template.xlsx', [['填报示例', 2], ['9月', 0]]);
    expect(s).toMatchObject({ status: 'loaded', rowsRead: 0, rowsLoaded: 0, sheetsRead: [], ignoredSheets: ['填报示例 (2)'] });
  });

  it('reads a workbook whose header has two rows, sub-headings under merged group headings', async () => {
    const [title, header, ...body] = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n').map((l) => l.split(','));
    expect(header!.slice(0, 5)).toEqual(['行政相对人名称', '行政相对人类别', '统一社会信用代码', '证件类型', '证件号码']);
    // 行政相对人代码 over three codes and 法定代表人 over three columns; the rest merged down.
    const top = ['行政相对人名称', '行政相对人类别', '行政相对人代码', null, null, '法定代表人', null, null, ...header!.slice(3)];
    const sub = [null, null, '统一社会信用代码', '工商注册号', '组织机构代码', '姓名', '证件类型', '证件号码'];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('许可');
    ws.addRow(title);
    ws.addRow(top);
    ws.addRow(sub);
    ws.mergeCells(2, 3, 2, 5);
    ws.mergeCells(2, 6, 2, 8);
    for (const c of [1, 2, ...top.map((_, i) => i + 1).slice(8)]) ws.mergeCells(2, c, 3, c);
    for (const r of body) ws.addRow([...r.slice(0, 3), null, null, null, null, null, ...r.slice(3)]);
    const xlsx = path.join(t.dir, 'two-row-header.xlsx');
    await wb.xlsx.writeFile(xlsx);

    await loadLicenceLayout(xlsx, { format: 'xlsx', headerRow: 3, quarantinedRows: [8, 9, 10, 11, 12, 16] });
    const [named] = await t.wh.all<{ subject_uscc: string }>(`SELECT subject_uscc FROM core.licence WHERE doc_no = '张审批〔2025〕10号'`);
    expect(named).toEqual({ subject_uscc: '91370303MA3C000017' });
  });

  it.each(['biff8', 'html'] as const)('reads a .xls (%s) with exact counts, reasons and row numbers', async (kind) => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const rows = lines.map((l) => l.split(',')); // a title line, the header, the rows
    const xls = path.join(t.dir, `licences-${kind}.xls`);
    if (kind === 'biff8') {
      // Excel 97–2003, opening with instructions.
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['填报说明'], ['1. 每条记录一行']]), '填报说明');
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '许可');
      writeFileSync(xls, XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer);
    } else {
      // The HTML table an older reporting system exports as .xls, in GBK.
      const cell = (c: string) => `<td>${c.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</td>`;
      const html = `<html><head><meta charset="gbk"></head><body><table>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('\n')}</table></body></html>`;
      writeFileSync(xls, iconv.encode(html, 'gbk'));
    }
    const s = await loadLicenceLayout(xls, { format: 'xls', headerRow: 2, quarantinedRows: [7, 8, 9, 10, 11, 15] });
    expect(s.ignoredSheets).toEqual(kind === 'biff8' ? ['填报说明 (2)'] : []);
    const [named] = await t.wh.all<{ subject_name: string }>(`SELECT subject_name FROM core.licence WHERE doc_no = '张审批〔2025〕10号'`);
    expect(named).toEqual({ subject_name: '淄博甲有限公司' });
  });

  it('reads a date column\'s bare serial in the workbook\'s own date system (1904, old Excel for Mac)', async () => {
    const [, header, ...body] = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n').map((l) => l.split(','));
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('许可');
    ws.addRows([header!, body[0]!, body[1]!]);
    // Day 44000 of the 1904 system, in a General-format cell: 2024-06-19 (read in the 1900 system it would be 2020-06-18).
    ws.getCell(2, header!.indexOf('许可决定日期') + 1).value = 44000;
    const xlsx = path.join(t.dir, 'date1904.xlsx');
    await wb.xlsx.writeFile(xlsx);
    const s = await t.ingest(xlsx, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([s.rowsLoaded, s.rowsQuarantined]).toEqual([2, 0]);
    const dates = await t.wh.all<{ doc_no: string; d: string }>('SELECT doc_no, decision_date::VARCHAR AS d FROM core.licence ORDER BY row_no');
    expect(dates).toEqual([{ doc_no: '张审批〔2025〕1号', d: '2024-06-19' }, { doc_no: '张审批〔2025〕2号', d: '2025-03-10' }]);
    // A month column's serial too: 所属期 44000 is June 2024.
    const bills = new ExcelJS.Workbook();
    bills.properties.date1904 = true;
    bills.addWorksheet('缴费').addRows([['缴费主体名称', '统一社会信用代码', '缴费类型', '缴费账号', '所属期', '缴费状态', '欠缴金额(元)'],
      ['淄博甲有限公司', '91370303MA3C000017', '水费', 'A001', 44000, '欠缴', 12]]);
    const billsFile = path.join(t.dir, 'payments1904.xlsx');
    await bills.xlsx.writeFile(billsFile);
    expect((await t.ingest(billsFile, { sourceType: 'payment', departmentId: 'zd-scjg', reportedAt: '2025-03-14' })).rowsLoaded).toBe(1);
    const [bill] = await t.wh.all<{ m: string }>('SELECT billing_month::VARCHAR AS m FROM core.payment_record');
    expect(bill!.m).toBe('2024-06-01');
  });

  it('names codes that Excel stored as numbers, in a CSV and in a workbook', async () => {
    await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    // As a CSV saved from Excel shows them: row 3's USCC and row 14's ID number.
    lines[2] = lines[2]!.replace('91370303MA3C000017', '9.13703E+17');
    lines[13] = lines[13]!.replace('370303198001010012', '3.70303E+17');
    const csv = path.join(t.dir, 'excel-numbers.csv');
    writeFileSync(csv, lines.join('\n'));
    const c = await t.ingest(csv, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect(c.reasons).toEqual({ ...LICENCE_REASONS, 'number_format:行政相对人代码_1(统一社会信用代码)': 1, 'number_format:证件号码': 1 });
    const rows = await t.wh.all<{ row_no: number; reasons: string[] }>(
      'SELECT row_no, reasons FROM meta.quarantine WHERE batch_id = $1 AND row_no IN (3, 14) ORDER BY row_no', [c.batchId]);
    expect(rows).toEqual([
      { row_no: 3, reasons: ['number_format:行政相对人代码_1(统一社会信用代码)'] },
      { row_no: 14, reasons: ['number_format:证件号码'] },
    ]);

    // In a workbook the ID number is a numeric cell; it reads as Excel shows it.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('许可');
    for (const line of lines.slice(1)) ws.addRow(line.split(','));
    ws.getCell('E14').value = 370303198001010012; // a double: the last digits are already gone
    const xlsx = path.join(t.dir, 'excel-numbers.xlsx');
    await wb.xlsx.writeFile(xlsx);
    const x = await t.ingest(xlsx, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    const [id] = await t.wh.all<{ reasons: string[]; raw: string }>(
      `SELECT reasons, raw->>'$.证件号码' AS raw FROM meta.quarantine WHERE batch_id = $1 AND row_no = 13`, [x.batchId]);
    // 3.70303E+17 as Excel's General format shows it: 11 characters, masked whole as any number under 15.
    expect(id).toEqual({ reasons: ['number_format:证件号码'], raw: '***********' });
  });

  it('rejects formula errors (#N/A, #REF!) in a workbook and in a CSV saved from one', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const header = lines[1]!.split(',');
    const content = header.indexOf('许可内容');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('许可');
    ws.addRow(header);
    ws.addRow(lines[2]!.split(','));
    ws.addRow(lines[3]!.split(','));
    // Row 3: a lookup that found nothing, as Excel saves it (the formula with its cached error).
    ws.getCell(3, content + 1).value = { formula: 'VLOOKUP(A3,字典!A:B,2,FALSE)', result: { error: '#N/A' } } as ExcelJS.CellFormulaValue;
    const xlsx = path.join(t.dir, 'formula-errors.xlsx');
    await wb.xlsx.writeFile(xlsx);
    const x = await t.ingest(xlsx, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([x.rowsRead, x.rowsLoaded, x.rowsQuarantined]).toEqual([2, 1, 1]);
    expect(x.reasons).toEqual({ 'formula_error:许可内容': 1 });
    const csvLine = lines[3]!.split(',');
    csvLine[content] = '#REF!';
    const csv = path.join(t.dir, 'formula-errors.csv');
    writeFileSync(csv, [lines[1], lines[2], csvLine.join(',')].join('\n'));
    const c = await t.ingest(csv, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    const rows = await t.wh.all<{ row_no: number; reasons: string[] }>('SELECT row_no, reasons FROM meta.quarantine WHERE batch_id = $1', [c.batchId]);
    expect(rows).toEqual([{ row_no: 3, reasons: ['formula_error:许可内容'] }]);
    // Where a date belongs too: a broken formula, not a date that cannot be read.
    const dated = lines[3]!.split(',');
    dated[header.indexOf('许可决定日期')] = '#N/A';
    const d = path.join(t.dir, 'formula-date.csv');
    writeFileSync(d, [lines[1], lines[2], dated.join(',')].join('\n'));
    const e = await t.ingest(d, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect(e.reasons).toEqual({ 'formula_error:许可决定日期': 1 });
  });

  it('sets the lines under the table aside (合计, 备注, 填报人), named in the message, not counted as records', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('许可');
    ws.addRow(lines[1]!.split(','));
    ws.addRow(lines[2]!.split(','));
    // A record whose name happens to begin like a note, above the last record: still a record, rejected.
    ws.addRow(['备注：待补充', ...lines[3]!.split(',').slice(1).map(() => null)]);
    ws.addRow(lines[4]!.split(','));
    for (const text of ['合计：共3条', '备注：以上信息已经审核']) ws.mergeCells(ws.addRow([text]).number, 1, ws.lastRow!.number, 14);
    ws.addRow([]);
    ws.addRow(['填报人：张三', null, null, null, null, '审核人：李四']);
    const xlsx = path.join(t.dir, 'footer.xlsx');
    await wb.xlsx.writeFile(xlsx);
    const x = await t.ingest(xlsx, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([x.rowsRead, x.rowsLoaded, x.rowsQuarantined]).toEqual([3, 2, 1]);
    expect(x.message).toBe('footer rows not read: 5 (合计：共3条), 6 (备注：以上信息已经审核), 8 (填报人：张三 审核人：李四)');
    const rows = await t.wh.all<{ row_no: number }>('SELECT row_no FROM meta.quarantine WHERE batch_id = $1', [x.batchId]);
    expect(rows).toEqual([{ row_no: 3 }]);
    // A last record half filled, whose cells begin like such words without their colon, is a record.
    const half = path.join(t.dir, 'footer-like-record.csv');
    const header = lines[1]!.split(',');
    const cells = header.map((h) => (h === '行政相对人名称' ? '审核中心便民服务部' : h === '许可内容' ? '说明书印刷许可' : ''));
    writeFileSync(half, [lines[1], lines[2], cells.join(',')].join('\n'));
    const h = await t.ingest(half, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([h.rowsRead, h.rowsQuarantined, h.message]).toEqual([2, 1, null]);
  });

  it('sets aside the everyday footers too: a total with its sums, 经办人, 填报单位（盖章）, a signature line, 报送时间, 以下空白, 共2条', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const width = lines[1]!.split(',').length;
    const cells = (...first: (string | [number, string])[]) => {
      const row: string[] = Array(width).fill('');
      first.forEach((c, i) => (typeof c === 'string' ? (row[i] = c) : (row[c[0]] = c[1])));
      return row.join(',');
    };
    const csv = path.join(t.dir, 'everyday-footers.csv');
    writeFileSync(csv, [lines[1], lines[2], lines[4], cells('合计', [width - 1, '2']), cells('经办人：王五'), cells('填报单位（盖章）：淄博市张店区行政审批服务局'),
      cells('主要负责人签字：'), cells('报送时间：2025年3月14日'), cells('合计', [width - 1, '2条']), cells('共2条'), cells('以下空白'), cells('（以下无正文）'),
      cells('制表人 张三', [8, '审核人 李四'])].join('\n'));
    const c = await t.ingest(csv, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([c.rowsRead, c.rowsLoaded, c.rowsQuarantined]).toEqual([2, 2, 0]);
    expect(c.footerRows.map((f) => f.row)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    // A total row with a word among its sums is not a total: a record, rejected.
    const odd = path.join(t.dir, 'total-with-words.csv');
    writeFileSync(odd, [lines[1], lines[2], cells('合计', [3, '张店区'], [width - 1, '2'])].join('\n'));
    const o = await t.ingest(odd, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([o.rowsRead, o.rowsQuarantined, o.footerRows]).toEqual([2, 1, []]);
  });

  it('rejects a year typed wrong, and keeps periods from 2015 when a record is older', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const dated = (line: string, day: string) => line.replace(/,(2025-03-\d\d|2025\/3\/10),/, `,${day},`);
    const csv = path.join(t.dir, 'old-dates.csv');
    writeFileSync(csv, [lines[1], dated(lines[2]!, '1949-10-01'), dated(lines[3]!, '1024-03-05'), lines[4]].join('\n'));
    const c = await t.ingest(csv, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([c.rowsLoaded, c.rowsQuarantined]).toEqual([2, 1]);
    expect(c.reasons).toEqual({ 'date_too_early:许可决定日期': 1 });
    const span = await t.wh.all<{ type: string; first: string }>(
      `SELECT period_type AS type, min(period_start)::VARCHAR AS first FROM mart.period GROUP BY ALL ORDER BY first, type`);
    // The week holding 1 January 2015 begins on Monday 29 December 2014.
    expect(span).toEqual([{ type: 'week', first: '2014-12-29' }, { type: 'month', first: '2015-01-01' }, { type: 'quarter', first: '2015-01-01' }, { type: 'year', first: '2015-01-01' }]);
    const [kept] = await t.wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM core.licence WHERE decision_date = DATE '1949-10-01'`);
    expect(kept!.n).toBe(1);
    // The old record counts in every cumulative figure from the first period on, but among no
    // period's own records: the first week, month and year of 2015 decided none.
    for (const [grain, start] of [['week', '2014-12-29'], ['month', '2015-01-01'], ['year', '2015-01-01']] as const) {
      const onTime = await value('double-publicity-on-time', 'department', 'zd-xzsp', grain, start);
      expect(JSON.parse(onTime.extras!), grain).toMatchObject({ total: 0, undetermined: 0 });
      expect((await value('record-volume', 'department', 'zd-xzsp', grain, start)).value, grain).toBe(1);
    }
    expect((await value('double-publicity-on-time', 'department', 'zd-xzsp', 'year', '2025-01-01')).denominator).toBe(1);
  });

  it('takes blank cells past the header (",,,") for no cells, and names a missing required column in the message', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const csv = path.join(t.dir, 'trailing.csv');
    writeFileSync(csv, [lines[1], `${lines[2]},,,`, `${lines[3]},, ,多余`].join('\n'));
    const c = await t.ingest(csv, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([c.rowsRead, c.rowsLoaded, c.rowsQuarantined, c.reasons]).toEqual([2, 1, 1, { extra_cells: 1 }]);
    const [q] = await t.wh.all<{ row_no: number; extra: string }>(`SELECT row_no, raw->>'$.(多余单元格)' AS extra FROM meta.quarantine WHERE batch_id = $1`, [c.batchId]);
    expect(q).toEqual({ row_no: 3, extra: ', ,多余' });

    const header = lines[1]!.split(',');
    const date = header.indexOf('许可决定日期');
    const without = (line: string) => line.split(',').filter((_, i) => i !== date).join(',');
    const noDate = path.join(t.dir, 'no-date-column.csv');
    writeFileSync(noDate, [without(lines[1]!), without(lines[4]!)].join('\n'));
    const d = await t.ingest(noDate, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([d.rowsRead, d.rowsQuarantined, d.reasons]).toEqual([1, 1, { 'missing:许可决定日期': 1 }]);
    expect(d.message).toBe('required columns missing (each row is rejected for them): 许可决定日期');
    expect(d.missingColumns).toEqual(['许可决定日期']);
  });

  it('rejects an ISO-looking date with a stray character at its end rather than reading another day', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const csv = path.join(t.dir, 'stray.csv');
    // 2025-03-0O (letter O), 2025-03-1l (letter l), 2025-03-1. : DuckDB's cast alone reads the 0th, 1st, 1st.
    writeFileSync(csv, [lines[1], lines[2]!.replace('2025-03-03', '2025-03-0O'), lines[6]!.replace('2025-03-12', '2025-03-1l'), lines[7]!.replace('2025-03-12', '2025-03-1.'), lines[3]].join('\n'));
    const c = await t.ingest(csv, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect(c.reasons['date_invalid:许可决定日期']).toBe(3);
    expect(c.rowsLoaded).toBe(1);
  });

  it('reads 有效期至 长期 as the template\'s no-expiry date 2099-12-31', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const csv = path.join(t.dir, 'long-term.csv');
    writeFileSync(csv, [`${lines[1]},有效期至`, `${lines[2]},长期`, `${lines[3]},2030/1/1`, `${lines[4]},永久有效`].join('\n'));
    const c = await t.ingest(csv, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([c.rowsLoaded, c.reasons]).toEqual([2, { 'date_invalid:有效期至': 1 }]);
    const rows = await t.wh.all<{ doc_no: string; valid_to: string }>(`SELECT doc_no, valid_to::VARCHAR AS valid_to FROM core.licence WHERE batch_id = $1 ORDER BY row_no`, [c.batchId]);
    expect(rows.map((r) => r.valid_to)).toEqual(['2099-12-31', '2030-01-01']);
  });

  it('names an ID number typed into the USCC column, even one passing the code check, and keeps it masked', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const csv = path.join(t.dir, 'id-as-uscc.csv');
    // 370303199001011298 is a valid ID number whose last character also passes the USCC check.
    const asUscc = (line: string, id: string) => line.replace(/,9137\w{14},/, `,${id},`);
    writeFileSync(csv, [lines[1], asUscc(lines[2]!, '370303199001011298'), asUscc(lines[3]!, '370303198001010012'), lines[4]].join('\n'));
    const c = await t.ingest(csv, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([c.rowsLoaded, c.reasons]).toEqual([1, { 'uscc_is_id:行政相对人代码_1(统一社会信用代码)': 2 }]);
    const q = await t.wh.all<{ row_no: number; code: string }>(`SELECT row_no, raw->>'$.行政相对人代码_1(统一社会信用代码)' AS code FROM meta.quarantine WHERE batch_id = $1 ORDER BY row_no`, [c.batchId]);
    expect(q).toEqual([{ row_no: 2, code: '370303********1298' }, { row_no: 3, code: '370303********0012' }]);
  });

  it('gives each record under a merged cell its value, as Excel shows it (.xlsx and .xls)', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const header = lines[1]!.split(',');
    const authority = header.indexOf('许可机关');
    const day = header.indexOf('许可决定日期');
    const fourth = lines[2]!.replace('张审批〔2025〕1号', '张审批〔2025〕99号').replace('2025-03-03', '2025-03-12');
    const rows = [lines[2]!, lines[3]!, lines[4]!, fourth].map((line) => line.split(',').map((c) => (c === '' ? null : c)));
    // 许可机关 merged down all four records, the decision date down the first two.
    for (const r of rows.slice(1)) r[authority] = null;
    rows[1]![day] = null;
    const title = ['张店区行政许可信息'];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('许可');
    for (const r of [title, header, ...rows]) ws.addRow(r);
    ws.mergeCells(3, authority + 1, 6, authority + 1);
    ws.mergeCells(3, day + 1, 4, day + 1);
    ws.mergeCells(1, 1, 1, 5); // the title across: not a data row, not filled down
    const xlsx = path.join(t.dir, 'merged.xlsx');
    await wb.xlsx.writeFile(xlsx);
    const sheet = XLSX.utils.aoa_to_sheet([title, header, ...rows]);
    sheet['!merges'] = [{ s: { r: 2, c: authority }, e: { r: 5, c: authority } }, { s: { r: 2, c: day }, e: { r: 3, c: day } }];
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, '许可');
    const xls = path.join(t.dir, 'merged.xls');
    writeFileSync(xls, XLSX.write(book, { bookType: 'biff8', type: 'buffer' }) as Buffer);
    const c = await t.ingest(xlsx, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([c.rowsRead, c.rowsQuarantined]).toEqual([4, 0]);
    const got = await t.wh.all<{ authority_name: string; decision_date: string }>(
      `SELECT authority_name, decision_date::VARCHAR AS decision_date FROM core.licence WHERE batch_id = $1 ORDER BY row_no`, [c.batchId]);
    expect(got.map((g) => g.authority_name)).toEqual(Array(4).fill('淄博市张店区行政审批服务局'));
    expect(got.map((g) => g.decision_date)).toEqual(['2025-03-03', '2025-03-03', '2025-03-12', '2025-03-12']);
    // The same records from the .xls: equal to those just loaded, so duplicates.
    const x = await t.ingest(xls, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([x.rowsRead, x.rowsQuarantined, x.rowsDuplicate]).toEqual([4, 0, 4]);
  });

  it('takes a document number with its year in other brackets as the same decision: a correction replaces it', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const first = path.join(t.dir, 'brackets-first.csv');
    writeFileSync(first, [lines[1], lines[2]!.replace('张审批〔2025〕1号', '张审批（2025）1号')].join('\n'));
    const a = await t.ingest(first, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    const corrected = path.join(t.dir, 'brackets-corrected.csv');
    writeFileSync(corrected, [lines[1], lines[2]!.replace('张审批〔2025〕1号', '张审批 (2025) 1号').replace(',食品经营许可,2025-03-03', ',食品经营许可（变更）,2025-03-03')].join('\n'));
    const b = await t.ingest(corrected, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-15' });
    expect([a.rowsLoaded, b.rowsLoaded, b.rowsSuperseding]).toEqual([1, 1, 1]);
    const current = await t.wh.all<{ doc_no: string; content: string }>(
      `SELECT doc_no, content FROM core.licence WHERE superseded_at IS NULL AND batch_id IN ($1, $2)`, [a.batchId, b.batchId]);
    expect(current).toEqual([{ doc_no: '张审批〔2025〕1号', content: '食品经营许可（变更）' }]);
  });

  it('masks a short ID number (a passport) whole, in the core table and in the quarantine', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const person = lines[13]!.replace(',身份证,370303198001010012,', ',护照号,E12345678,');
    expect(person).not.toBe(lines[13]);
    // The same person again under another document number, with an impossible decision date.
    const rejected = person.replace(/张审批〔2025〕\d+号/, '张审批〔2025〕999号').replace(/,2025-03-\d\d,/, ',2025-02-30,');
    expect(rejected).toContain('2025-02-30');
    const csv = path.join(t.dir, 'passport.csv');
    // And an old 15-digit ID card number, rejected on its own (it used to fail the whole file).
    const old = lines[14]!.replace('370303198001010013', '370303800101001');
    expect(old).not.toBe(lines[14]);
    writeFileSync(csv, [lines[1], person, rejected, old].join('\n'));
    const c = await t.ingest(csv, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([c.rowsLoaded, c.rowsQuarantined]).toEqual([1, 2]);
    expect(c.reasons).toEqual({ 'date_invalid:许可决定日期': 1, 'id_length:证件号码': 1 });
    const [row] = await t.wh.all<{ masked: string }>('SELECT subject_id_masked AS masked FROM core.licence WHERE batch_id = $1', [c.batchId]);
    expect(row!.masked).toBe('*********');
    const [q] = await t.wh.all<{ raw: string }>(`SELECT raw->>'$.证件号码' AS raw FROM meta.quarantine WHERE batch_id = $1 AND row_no = 3`, [c.batchId]);
    expect(q!.raw).toBe('*********');

    // A warehouse loaded before: its sliced masks are masked again by migration 024.
    await t.wh.run(`UPDATE core.licence SET subject_id_masked = 'E12345********5678' WHERE batch_id = ${c.batchId}`);
    await t.wh.run(`UPDATE meta.quarantine SET raw = json_merge_patch(raw, json_object('证件号码', 'E12345678')) WHERE batch_id = ${c.batchId} AND row_no = 3`);
    await t.wh.run(readFileSync(new URL('../warehouse/migrations/024-remask-short-ids.sql', import.meta.url), 'utf8'));
    const [again] = await t.wh.all<{ m: string }>('SELECT subject_id_masked AS m FROM core.licence WHERE batch_id = $1', [c.batchId]);
    const [raw] = await t.wh.all<{ m: string; name: string }>(`SELECT raw->>'$.证件号码' AS m, raw->>'$.行政相对人名称' AS name FROM meta.quarantine WHERE batch_id = $1 AND row_no = 3`, [c.batchId]);
    expect([again!.m, raw!.m, raw!.name]).toEqual(['********', '********', '王某某']);
    // ID-card numbers (18 characters) keep their masks.
    const [card] = await t.wh.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM core.licence WHERE subject_id_type = '身份证' AND subject_id_masked NOT LIKE '370303%'`);
    expect(card!.n).toBe(0);
  });

  it('names the fault of a rejected code: its length, a character outside its alphabet, the birth date or the check character', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const column = lines[1]!.split(',').indexOf('统一社会信用代码');
    let doc = 900;
    const withCode = (code: string) => {
      const cells = lines[2]!.replace(/张审批〔2025〕\d+号/, `张审批〔2025〕${doc++}号`).split(',');
      cells[column] = code;
      return cells.join(',');
    };
    const uscc = lines[2]!.split(',')[column]!;
    const last = uscc.at(-1) === '0' ? '1' : '0';
    const withId = (id: string) => lines[13]!.replace(/张审批〔2025〕\d+号/, `张审批〔2025〕${doc++}号`).replace(',370303198001010012,', `,${id},`);
    const csv = path.join(t.dir, 'faults.csv');
    writeFileSync(csv, [lines[1], withCode(uscc.slice(0, 17)), withCode(`${uscc.slice(0, 10)}O${uscc.slice(11)}`), withCode(uscc.slice(0, 17) + last),
      withId('370303198002300012'), withId('37030319800101001O'), withId('370303198001010019'), withId('3703031980010100')].join('\n'));
    const c = await t.ingest(csv, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([c.rowsLoaded, c.rowsQuarantined]).toEqual([0, 7]);
    expect(c.reasons).toEqual({
      'uscc_length:行政相对人代码_1(统一社会信用代码)': 1, 'uscc_alphabet:行政相对人代码_1(统一社会信用代码)': 1, 'uscc_checksum:行政相对人代码_1(统一社会信用代码)': 1,
      'id_birth_date:证件号码': 1, 'id_format:证件号码': 1, 'id_checksum:证件号码': 1, 'id_length:证件号码': 1,
    });
    const rows = await t.wh.all<{ row_no: number; reasons: string[] }>('SELECT row_no, reasons FROM meta.quarantine WHERE batch_id = $1 ORDER BY row_no', [c.batchId]);
    expect(rows.map((r) => [r.row_no, r.reasons.map((c) => describeReason(c))])).toEqual([
      [2, ['行政相对人代码_1(统一社会信用代码)：统一社会信用代码应为18位']],
      [3, ['行政相对人代码_1(统一社会信用代码)：统一社会信用代码含不允许的字符（只用数字和大写字母，不用 I、O、S、V、Z）']],
      [4, ['行政相对人代码_1(统一社会信用代码)：统一社会信用代码校验位不符，可能有字符录错']],
      [5, ['证件号码：身份证号码中的出生日期不存在或晚于报送日期']],
      [6, ['证件号码：身份证号码应为17位数字加1位数字或X']],
      [7, ['证件号码：身份证号码校验位不符，可能有数字录错']],
      [8, ['证件号码：身份证号码应为18位（15位旧号码请换为18位号码）']],
    ]);
  });

  it('accepts the USCC placeholder for the subject only, not for the licensing authority', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const cells = lines[2]!.split(',');
    const authority = lines[1]!.split(',').indexOf('许可机关统一社会信用代码');
    cells[authority] = '00000000000000000X';
    const csv = path.join(t.dir, 'placeholder.csv');
    writeFileSync(csv, [lines[1], cells.join(',')].join('\n'));
    const c = await t.ingest(csv, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect(c.reasons).toEqual({ 'uscc_checksum:许可机关统一社会信用代码': 1 });
  });

  it('accepts an ID type that names its own kind (其他-军官证), as the template allows', async () => {
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const officer = lines[13]!.replace(',身份证,370303198001010012,', ',其他-军官证,军字第0123456号,');
    const bare = lines[14]!.replace(',身份证,370303198001010013,', ',其他-,军字第0123457号,');
    expect([officer, bare]).not.toContain(lines[13]);
    const csv = path.join(t.dir, 'other-id-type.csv');
    writeFileSync(csv, [lines[1], officer, bare].join('\n'));
    const c = await t.ingest(csv, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect([c.rowsLoaded, c.reasons]).toEqual([1, { 'enum_invalid:证件类型': 1 }]);
    const [row] = await t.wh.all<{ t: string; m: string }>('SELECT subject_id_type AS t, subject_id_masked AS m FROM core.licence WHERE batch_id = $1', [c.batchId]);
    expect(row).toEqual({ t: '其他-军官证', m: '***********' });
  });

  it('reads real Excel date cells', async () => {
    await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('许可');
    ws.addRow(lines[1]!.split(','));
    const cells = lines[2]!.split(',');
    const dateCol = lines[1]!.split(',').indexOf('许可决定日期');
    const row = ws.addRow(cells.map((c, i) => (i === dateCol ? new Date(Date.UTC(2025, 2, 3)) : c)));
    row.getCell(dateCol + 1).numFmt = 'yyyy年m月d日';
    const file = path.join(t.dir, 'dates.xlsx');
    await wb.xlsx.writeFile(file);
    const s = await t.ingest(file, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect(s).toMatchObject({ rowsRead: 1, rowsLoaded: 1, rowsQuarantined: 0 });
    const [r] = await t.wh.all<{ d: string }>(`SELECT decision_date::VARCHAR AS d FROM core.licence`);
    expect(r!.d).toBe('2025-03-03');
  });

  it('loads graded-supervision results with grade aliases, repeats and reasons', async () => {
    const s = await t.ingest(fixture('graded.csv'), { sourceType: 'graded-supervision', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    // Line 2 is replaced by line 6 (same subject, evaluator and day); line 7 repeats line 3 once
    // 诚信守法 is read as 守信.
    expect(s).toMatchObject({ rowsRead: 6, rowsLoaded: 2, rowsQuarantined: 3, rowsDuplicate: 1 });
    expect(s.reasons).toEqual({ key_repeated_in_file: 1, 'enum_invalid:评价等级': 1, 'missing:评价部门': 1 });
    const rows = await t.wh.all<{ uscc: string; grade: string }>('SELECT uscc, grade FROM core.graded_supervision ORDER BY uscc');
    expect(rows).toEqual([{ uscc: '91370303MA3C000017', grade: 'B' }, { uscc: '91370303MA3C00002A', grade: '守信' }]);
  });

  it('loads the credit-check query log, a natural person as hash and mask only', async () => {
    const s = await t.ingest(fixture('credit-checks.csv'), { sourceType: 'credit-check', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    expect(s).toMatchObject({ rowsRead: 5, rowsLoaded: 3, rowsQuarantined: 2, rowsDuplicate: 0 });
    expect(s.reasons).toEqual({ 'area_unknown:所属区县': 1, 'uscc_checksum:统一社会信用代码': 1, 'id_checksum:身份证号码': 1 });
    const rows = await t.wh.all<{ log_id: string; queried_on: string; district_code: string; measure: string; id_number_masked: string | null }>(
      'SELECT log_id, queried_on::VARCHAR AS queried_on, district_code, measure, id_number_masked FROM core.credit_check ORDER BY log_id');
    expect(rows).toEqual([
      { log_id: 'HC20250301001', queried_on: '2025-03-03', district_code: '370303', measure: '无记录', id_number_masked: null },
      { log_id: 'HC20250301002', queried_on: '2025-03-03', district_code: '370303', measure: '守信激励', id_number_masked: '370303********0012' },
      { log_id: 'HC20250301003', queried_on: '2025-03-04', district_code: '370306', measure: '失信惩戒', id_number_masked: null },
    ]);
    const [q] = await t.wh.all<{ raw: string }>(`SELECT raw::VARCHAR AS raw FROM meta.quarantine WHERE batch_id = $1 AND row_no = 6`, [s.batchId]);
    expect(JSON.parse(q!.raw).身份证号码).toBe('370303********0013');
  });

  it('loads credit-repair and objection cases; a decided case needs its decision day', async () => {
    const s = await t.ingest(fixture('credit-repair.csv'), { sourceType: 'credit-repair', departmentId: 'zd-fgj', reportedAt: '2025-02-14' });
    expect(s).toMatchObject({ rowsRead: 5, rowsLoaded: 3, rowsQuarantined: 2 });
    expect(s.reasons).toEqual({ 'missing:办结日期': 1, 'enum_invalid:案件类型': 1 });
    const rows = await t.wh.all<{ case_no: string; kind: string; outcome: string; days: number | null }>(
      'SELECT case_no, kind, outcome, date_diff(\'day\', received_on, decided_on) AS days FROM core.credit_repair ORDER BY case_no');
    expect(rows).toEqual([
      { case_no: 'XF2025001', kind: '信用修复', outcome: '准予修复', days: 7 },
      { case_no: 'XF2025002', kind: '信用修复', outcome: '办理中', days: null },
      { case_no: 'YY2025001', kind: '异议', outcome: '异议不成立', days: 2 },
    ]);
  });

  it('rejects unreadable input with a clear message and records the failed batch', async () => {
    const empty = path.join(t.dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(t.ingest(empty, { sourceType: 'licence', departmentId: 'zd-xzsp' })).rejects.toThrow(/empty\.csv: the file is empty/);
    await expect(t.ingest(fixture('subjects.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp' })).rejects.toThrow(/no header row naming/);
    await expect(t.ingest(path.join(t.dir, 'nope.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp' })).rejects.toThrow(/file not found/);
    await expect(t.ingest(t.dir, { sourceType: 'licence', departmentId: 'zd-xzsp' })).rejects.toThrow(/: not a file/);
    await expect(t.ingest(fixture('subjects.csv'), { sourceType: 'licence', departmentId: 'no-such-dept' })).rejects.toBeInstanceOf(IngestError);
    // A workbook whose download stopped early.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('许可');
    for (const line of readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n')) ws.addRow(line.split(','));
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const cut = path.join(t.dir, 'cut.xlsx');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    await expect(t.ingest(cut, { sourceType: 'licence', departmentId: 'zd-xzsp' })).rejects.toThrow(/cut\.xlsx: not a readable \.xlsx \(zip\) file: /);
    const failed = await t.wh.all<{ status: string; message: string }>(`SELECT status, message FROM meta.batch ORDER BY id`);
    expect(failed.map((b) => b.status)).toEqual(['failed', 'failed', 'failed']);
    expect(await snapshot(t.wh)).toMatchObject({ 'core.licence.rows': 0 });
  });

  it('refuses a file sent as the wrong 双公示 type, which it would only match by the shared subject columns', async () => {
    // Every row would be rejected and counted against the sender's 完整率 and 准确率.
    const wrong = /fits 行政许可 \(licence, \d+ columns\) better than 行政处罚 \(penalty, \d+ columns\); is --source right\?/;
    await expect(t.ingest(fixture('licences.csv'), { sourceType: 'penalty', departmentId: 'zd-scjg' })).rejects.toThrow(wrong);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('许可');
    for (const line of readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n')) ws.addRow(line.split(','));
    const xlsx = path.join(t.dir, 'licences.xlsx');
    writeFileSync(xlsx, Buffer.from(await wb.xlsx.writeBuffer()));
    await expect(t.ingest(xlsx, { sourceType: 'penalty', departmentId: 'zd-scjg' })).rejects.toThrow(wrong);
    const batches = await t.wh.all<{ status: string; rows_quarantined: number | null }>(`SELECT status, rows_quarantined FROM meta.batch ORDER BY id`);
    expect(batches.map((b) => b.status)).toEqual(['failed', 'failed']);
    expect(await snapshot(t.wh)).toMatchObject({ 'core.penalty.rows': 0, 'meta.quarantine.rows': 0 });
    // Sent as what it is, it loads.
    expect(await t.ingest(xlsx, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' })).toMatchObject({ status: 'loaded', rowsRead: 13 });
  });

  it.each(['utf-8', 'gbk'] as const)('numbers the rows of a large %s file by their line, read in parallel chunks', async (encoding) => {
    // 300k rows span many chunks read by both threads; every 37,000th row has an impossible date.
    // The GBK file is also decoded in parallel parts (more than 8 MB each), read as one relation.
    const big = path.join(t.dir, 'big-licences.csv');
    await writeLicenceCsv(big, 300_000);
    const lines = readFileSync(big, 'utf8').split('\n');
    const bad: number[] = [];
    for (let i = 1; i < lines.length - 1; i += 37_000) {
      lines[i] = lines[i]!.replace(/2025-03-\d\d/, '2025-13-45');
      bad.push(i + 1);
    }
    writeFileSync(big, encoding === 'gbk' ? iconv.encode(lines.join('\n'), 'gbk') : lines.join('\n'));
    expect(statSync(big).size).toBeGreaterThan(16 << 20);
    const events: { phase: string; detail?: string; at: number }[] = [];
    const s = await t.ingest(big, {
      sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-04-01',
      onProgress: (phase, detail) => events.push({ phase, detail, at: performance.now() }),
    });
    expect(s).toMatchObject({ rowsRead: 300_000, rowsLoaded: 300_000 - bad.length, rowsQuarantined: bad.length });
    // Phases in order; while DuckDB stages and loads, its estimate as a rising percentage.
    expect([...new Set(events.map((e) => e.phase))]).toEqual(['read', 'check', 'load', 'refresh', 'done']);
    const percents = (phase: string) => events.filter((e) => e.phase === phase && e.detail).map((e) => {
      expect(e.detail).toMatch(/^\d{1,3}%$/);
      return Number.parseInt(e.detail!, 10);
    });
    for (const phase of ['read', 'load']) {
      const p = percents(phase);
      expect(p).toEqual([...p].sort((a, b) => a - b));
      expect(p.every((v) => v >= 0 && v <= 100)).toBe(true);
    }
    // Reports come every half second, so a staging pass that took over a second has given some.
    const at = (phase: string) => events.find((e) => e.phase === phase)!.at;
    if (at('check') - at('read') > 1_000) expect(percents('read').length).toBeGreaterThan(0);
    // Row i of the generator carries 许可决定文书号 张审批〔2025〕MA<i>号 and sits on line i + 2.
    const [m] = await t.wh.all<{ n: number; wrong: number }>(`SELECT count(*)::INTEGER AS n,
      count(*) FILTER (WHERE row_no <> regexp_extract(doc_no, 'MA([0-9]+)号', 1)::INTEGER + 2)::INTEGER AS wrong
      FROM core.licence WHERE batch_id = $1`, [s.batchId]);
    expect(m).toEqual({ n: 300_000 - bad.length, wrong: 0 });
    const q = await t.wh.all<{ row_no: number; doc: string }>(
      `SELECT row_no, raw->>'$.行政许可决定文书号' AS doc FROM meta.quarantine WHERE batch_id = $1 ORDER BY row_no`, [s.batchId]);
    expect(q.map((r) => r.row_no)).toEqual(bad);
    expect(q.map((r) => r.doc)).toEqual(bad.map((line) => `张审批〔2025〕MA${line - 2}号`));
  });

  it('takes an irregular row of a large GBK file, decoded in parts, through the tolerant reader', async () => {
    const big = path.join(t.dir, 'odd-licences.csv');
    await writeLicenceCsv(big, 120_000);
    const lines = readFileSync(big, 'utf8').split('\n');
    lines[90_001] = `${lines[90_001]},多余`; // line 90,002, in the second half of the file
    writeFileSync(big, iconv.encode(lines.join('\n'), 'gbk'));
    expect(statSync(big).size).toBeGreaterThan(16 << 20);
    const s = await t.ingest(big, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-04-01' });
    expect(s).toMatchObject({ encoding: 'gb18030', rowsRead: 120_000, rowsLoaded: 119_999, rowsQuarantined: 1 });
    expect(s.reasons).toEqual({ extra_cells: 1 });
    const q = await t.wh.all<{ row_no: number; doc: string }>(
      `SELECT row_no, raw->>'$.行政许可决定文书号' AS doc FROM meta.quarantine WHERE batch_id = $1`, [s.batchId]);
    expect(q).toEqual([{ row_no: 90_002, doc: '张审批〔2025〕MA90000号' }]);
  });

  it('reads a GBK file whose parts were cut inside a quoted line break again, whole', async () => {
    // One part per line: every line feed is a cut, the one inside the quoted cell too.
    process.env.XINYONG_DECODE_PARTS = '1000';
    try {
      await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
      const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').split('\n');
      lines[2] = lines[2]!.replace('食品经营许可,2025-03-03', '"食品经营许可\n（含网络经营）",2025-03-03');
      const file = path.join(t.dir, 'multiline-gbk.csv');
      writeFileSync(file, iconv.encode(lines.join('\r\n'), 'gbk'));
      const s = await t.ingest(file, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
      expect(s).toMatchObject({ encoding: 'gb18030', rowsRead: 13 });
      const [row] = await t.wh.all<{ content: string; row_no: number }>(`SELECT content, row_no FROM core.licence WHERE batch_id = $1 AND doc_no = '张审批〔2025〕1号'`, [s.batchId]);
      expect(row).toEqual({ content: '食品经营许可\n（含网络经营）', row_no: 3 });
    } finally {
      delete process.env.XINYONG_DECODE_PARTS;
    }
  });

  it('takes irregular CSV rows through the tolerant reader with exact line numbers', async () => {
    await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    const lines = readFileSync(fixture('licences.csv'), 'utf8').split('\n');
    const odd = path.join(t.dir, 'odd.csv');
    // Line 4 gains a stray cell, line 5 loses its last one, line 6 repeats the key of line 3 with
    // other content: the last version of a key in a file wins.
    lines[3] = `${lines[3]},多余`;
    lines[4] = lines[4]!.slice(0, lines[4]!.lastIndexOf(','));
    lines[5] = lines[2]!.replace('食品经营许可,2025-03-03', '食品经营许可（延续）,2025-03-03');
    writeFileSync(odd, lines.join('\n'));
    const s = await t.ingest(odd, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    const q = await t.wh.all<{ row_no: number; reasons: string[] }>(`SELECT row_no, reasons FROM meta.quarantine WHERE batch_id = $1 ORDER BY row_no`, [s.batchId]);
    const [extra] = await t.wh.all<{ raw: string }>(`SELECT raw FROM meta.quarantine WHERE batch_id = $1 AND row_no = 4`, [s.batchId]);
    expect(JSON.parse(extra!.raw)).toMatchObject({ 行政许可决定文书号: '张审批〔2025〕2号', '(多余单元格)': '多余' });
    expect(q.slice(0, 3)).toEqual([
      { row_no: 3, reasons: ['key_repeated_in_file'] },
      { row_no: 4, reasons: ['extra_cells'] },
      { row_no: 5, reasons: ['missing:数据来源单位统一社会信用代码'] },
    ]);
    // Line 6 (the file's exact duplicate) became the new version of line 3: nothing is a duplicate now.
    expect(s).toMatchObject({ rowsRead: 13, rowsQuarantined: 9, rowsDuplicate: 0, rowsLoaded: 4 });
    const [current] = await t.wh.all<{ content: string }>(`SELECT content FROM core.licence WHERE doc_no = '张审批〔2025〕1号'`);
    expect(current!.content).toBe('食品经营许可（延续）');
  });

  it('normalises multi-valued penalty kinds and rejects an unknown one', async () => {
    const file = path.join(t.dir, 'penalties.csv');
    const header = '行政相对人名称,行政相对人类别,行政相对人代码_1(统一社会信用代码),行政处罚决定书文号,处罚类别,罚款金额(万元),处罚决定日期,处罚机关,处罚机关统一社会信用代码,数据来源单位,数据来源单位统一社会信用代码';
    const row = (doc: string, kinds: string) =>
      `淄博甲有限公司,法人及非法人组织,91370303MA3C000017,${doc},"${kinds}",0.5,2025-03-01,张店区市场监督管理局,11370303004187823C,张店区市场监督管理局,11370303004187823C`;
    writeFileSync(file, [header,
      row('张市监罚〔2025〕1号', '警告;罚款'), // already in stored form
      row('张市监罚〔2025〕2号', '罚款；警告'), // full-width separator
      row('张市监罚〔2025〕3号', '吊销许可证、罚款'), // alias and 、
      row('张市监罚〔2025〕4号', '罚款;; 警告 '), // empty part and spaces
      row('张市监罚〔2025〕5号', '罚款;查封'), // unknown kind
      row('张市监罚〔2025〕6号', '没收违法所得、没收非法财物,罚款'), // the older template's combined kind
      row('张市监罚〔2025〕7号', '罚款').replace('91370303MA3C000017', '91370303MA3C000018'), // a wrong check character
    ].join('\n'));
    const s = await t.ingest(file, { sourceType: 'penalty', departmentId: 'zd-scjg', reportedAt: '2025-03-14' });
    expect(s).toMatchObject({ rowsRead: 7, rowsLoaded: 5, rowsQuarantined: 2 });
    expect(s.reasons).toEqual({ 'enum_invalid:处罚类别': 1, 'uscc_checksum:行政相对人代码_1(统一社会信用代码)': 1 });
    // A row rejected after staging shows its amount as sent (0.5), not as stored (0.500000).
    const [late] = await t.wh.all<{ fine: string }>(`SELECT raw->>'$.罚款金额(万元)' AS fine FROM meta.quarantine WHERE batch_id = $1 AND row_no = 8`, [s.batchId]);
    expect(late!.fine).toBe('0.5');
    const kinds = await t.wh.all<{ doc_no: string; penalty_types: string }>('SELECT doc_no, penalty_types FROM core.penalty ORDER BY row_no');
    expect(kinds.map((k) => k.penalty_types)).toEqual(['警告;罚款', '罚款;警告', '吊销许可证件;罚款', '罚款;警告', '没收违法所得;没收非法财物;罚款']);
  });

  it('numbers the tolerant reader\'s rows as a spreadsheet does: a quoted line break stays in its row, an empty line is a row', async () => {
    await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    const lines = readFileSync(fixture('licences.csv'), 'utf8').split('\n');
    // Row 3 holds a quoted line break, an empty line follows it (row 4), and the file's rows
    // after it are irregular (a stray cell), so the tolerant reader takes the file.
    lines[2] = lines[2]!.replace('食品经营许可,2025-03-03', '"食品经营许可\n（含网络经营）",2025-03-03');
    lines.splice(3, 0, '');
    lines[4] = `${lines[4]},多余`;
    const file = path.join(t.dir, 'spreadsheet-rows.csv');
    writeFileSync(file, lines.join('\n'));
    const s = await t.ingest(file, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
    const [first] = await t.wh.all<{ row_no: number }>(`SELECT row_no FROM core.licence WHERE batch_id = $1 AND doc_no = '张审批〔2025〕1号'`, [s.batchId]);
    expect(first!.row_no).toBe(3);
    const [extra] = await t.wh.all<{ row_no: number }>(`SELECT row_no FROM meta.quarantine WHERE batch_id = $1 AND list_contains(reasons, 'extra_cells')`, [s.batchId]);
    expect(extra!.row_no).toBe(5);
  });

  it.each([
    ['UTF-8, LF', 'utf-8', '\n', undefined, false],
    ['UTF-8, CRLF', 'utf-8', '\r\n', undefined, false],
    ['GBK, CRLF', 'gbk', '\r\n', undefined, false],
    ['GBK decoded in parts', 'gbk', '\n', '1000', false],
    ['UTF-8, another empty line under the title', 'utf-8', '\n', undefined, true],
    ['UTF-8, CR line ends of old Excel for Mac', 'utf-8', '\r', undefined, false],
  ] as const)('numbers the rows after an empty line as a spreadsheet does (%s)', async (_, encoding, eol, parts, titleGap) => {
    // DuckDB's reader drops empty lines; a file with one among its rows is read by the tolerant
    // reader. Empty lines at the end change no row number.
    if (parts) process.env.XINYONG_DECODE_PARTS = parts;
    try {
      await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
      const quarantined = async (batchId: number) => (await t.wh.all<{ row_no: number; reasons: string[] }>(
        'SELECT row_no, reasons FROM meta.quarantine WHERE batch_id = $1 ORDER BY row_no', [batchId]));
      const plain = await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
      const gap = titleGap ? 1 : 0;
      const expected = (await quarantined(plain.batchId)).map((q) => ({ ...q, row_no: q.row_no + gap + (q.row_no > 3 ? 1 : 0) }));
      expect(expected.some((q) => q.row_no > 4)).toBe(true);
      const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').split('\n').filter((l) => l !== '');
      lines.splice(3, 0, ''); // row 4 is empty
      if (titleGap) lines.splice(1, 0, ''); // and row 2, between the title and the header
      const text = `${lines.join(eol)}${eol}${eol}${eol}`;
      const file = path.join(t.dir, 'empty-line.csv');
      writeFileSync(file, encoding === 'gbk' ? iconv.encode(text, 'gbk') : text);
      const s = await t.ingest(file, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
      expect(s).toMatchObject({ rowsRead: plain.rowsRead, rowsQuarantined: plain.rowsQuarantined });
      expect(await quarantined(s.batchId)).toEqual(expected);
    } finally {
      delete process.env.XINYONG_DECODE_PARTS;
    }
  });

  it('reads JSON Lines by column name', async () => {
    const file = path.join(t.dir, 'subjects.jsonl');
    writeFileSync(file, [
      { 主体名称: '淄博甲有限公司', 统一社会信用代码: '91370303MA3C000017', 所属区县: '张店区', 所属街道: '车站街道' },
      { 主体名称: '坏代码有限公司', 统一社会信用代码: '91370303MA3C000018', 所属区县: '张店区' },
      // An empty string is an empty cell, not a code that fails its check.
      { 主体名称: '无代码有限公司', 统一社会信用代码: '', 所属区县: '张店区' },
    ].map((r) => JSON.stringify(r)).join('\n'));
    const s = await t.ingest(file, { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    expect(s).toMatchObject({ format: 'jsonl', rowsRead: 3, rowsLoaded: 1, rowsQuarantined: 2 });
    expect(s.reasons).toEqual({ 'uscc_checksum:统一社会信用代码': 1, 'missing:统一社会信用代码': 1 });
  });
});
