/**
 * Every source type beyond the registries and 双公示 templates, each from a hand-made fixture in
 * its departments' own header spellings: exact counts, every reason, and the stored values the
 * indicators will read. Then: other credit records count in record volume and coverage.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSourceType } from '../pipelines/inbox/inbox.ts';
import { IngestError } from '../pipelines/load/ingest.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

type T = Awaited<ReturnType<typeof tempWarehouse>>;

/** One warehouse per describe block: each source type has its own core table. */
function sharedWarehouse(): { get: () => T } {
  let t: T;
  beforeAll(async () => {
    t = await tempWarehouse();
  });
  afterAll(() => t.dispose());
  return { get: () => t };
}

interface Case {
  type: string;
  department: string;
  reportedAt: string;
  counts: { rowsRead: number; rowsLoaded: number; rowsQuarantined: number; rowsDuplicate: number };
  reasons: Record<string, number>;
  /** What the loaded rows hold, ordered. */
  query: string;
  rows: Record<string, unknown>[];
}

const CASES: Case[] = [
  {
    type: 'credit-list', department: 'zd-fgj', reportedAt: '2025-03-14',
    counts: { rowsRead: 6, rowsLoaded: 3, rowsQuarantined: 2, rowsDuplicate: 1 },
    reasons: { 'enum_invalid:名单类型': 1, 'uscc_checksum:统一社会信用代码': 1 },
    query: `SELECT list_type, subject_name, id_number_masked, listed_on::VARCHAR AS listed_on FROM core.credit_list ORDER BY listed_on`,
    rows: [
      { list_type: '红名单', subject_name: '淄博甲有限公司', id_number_masked: null, listed_on: '2025-03-01' },
      { list_type: '黑名单', subject_name: '王某某', id_number_masked: '370303********0012', listed_on: '2025-03-05' },
      { list_type: '黑名单', subject_name: '淄博乙有限公司', id_number_masked: null, listed_on: '2025-03-07' },
    ],
  },
  {
    type: 'credit-commitment', department: 'zd-xzsp', reportedAt: '2025-03-14',
    counts: { rowsRead: 5, rowsLoaded: 3, rowsQuarantined: 2, rowsDuplicate: 0 },
    reasons: { 'missing:核查日期': 1, 'date_in_future:承诺日期': 1 },
    query: `SELECT commitment_no, commitment_type, fulfilment FROM core.credit_commitment ORDER BY commitment_no`,
    rows: [
      { commitment_no: 'CN2025001', commitment_type: '审批替代型', fulfilment: '已履约' },
      { commitment_no: 'CN2025002', commitment_type: '容缺受理型', fulfilment: '履约中' },
      { commitment_no: 'CN2025005', commitment_type: '行业自律型', fulfilment: null },
    ],
  },
  {
    type: 'tax-grade', department: 'zd-sw', reportedAt: '2025-04-10',
    // Line 3 and line 6 grade the same taxpayer for the same year: the last row wins.
    counts: { rowsRead: 5, rowsLoaded: 2, rowsQuarantined: 3, rowsDuplicate: 0 },
    reasons: { 'count_invalid:评价年度': 1, 'enum_invalid:纳税信用级别': 1, key_repeated_in_file: 1 },
    query: `SELECT uscc, tax_year, grade FROM core.tax_grade ORDER BY uscc`,
    rows: [
      { uscc: '91370303MA3C000017', tax_year: 2024, grade: 'A' },
      { uscc: '91370303MA3C00002A', tax_year: 2024, grade: 'B' },
    ],
  },
  {
    type: 'payment', department: 'zd-rsj', reportedAt: '2025-03-14',
    counts: { rowsRead: 6, rowsLoaded: 3, rowsQuarantined: 3, rowsDuplicate: 0 },
    reasons: { 'missing:欠缴金额(元)': 1, 'date_invalid:所属期': 1, 'amount_negative:应缴金额(元)': 1 },
    query: `SELECT kind, billing_month::VARCHAR AS month, status, amount_overdue::DOUBLE AS overdue FROM core.payment_record ORDER BY account_no`,
    rows: [
      { kind: '电费', month: '2025-02-01', status: '正常缴纳', overdue: null },
      { kind: '燃气费', month: '2025-02-01', status: '欠缴', overdue: 320 },
      { kind: '社会保险', month: '2025-02-01', status: '正常缴纳', overdue: null },
    ],
  },
  {
    type: 'judicial', department: 'zd-fy', reportedAt: '2025-03-14',
    counts: { rowsRead: 5, rowsLoaded: 3, rowsQuarantined: 2, rowsDuplicate: 0 },
    reasons: { 'id_checksum:身份证号码': 1, 'missing:结案日期': 1 },
    query: `SELECT case_type, subject_name, party_role, dishonest FROM core.judicial_record ORDER BY decided_on, subject_name`,
    rows: [
      { case_type: '民事', subject_name: '淄博乙有限公司', party_role: '原告', dishonest: '否' },
      { case_type: '民事', subject_name: '淄博甲有限公司', party_role: '被告', dishonest: '否' },
      { case_type: '执行', subject_name: '王某某', party_role: '被执行人', dishonest: '是' },
    ],
  },
  {
    type: 'discipline-item', department: 'zd-fgj', reportedAt: '2025-03-14',
    counts: { rowsRead: 6, rowsLoaded: 4, rowsQuarantined: 2, rowsDuplicate: 0 },
    reasons: { 'missing:惩戒措施': 1, 'enum_invalid:措施类别': 1 },
    query: `SELECT item_no, category FROM core.discipline_item ORDER BY item_no`,
    rows: [
      { item_no: '1', category: '减损权益或增加义务' },
      { item_no: '2', category: '减损权益或增加义务' },
      { item_no: '3', category: '管理措施' },
      { item_no: '4', category: '市场性社会性措施' },
    ],
  },
  {
    type: 'discipline-implementation', department: 'zd-czj', reportedAt: '2025-03-14',
    counts: { rowsRead: 5, rowsLoaded: 3, rowsQuarantined: 2, rowsDuplicate: 0 },
    reasons: { 'count_invalid:实施案例数': 1, 'enum_invalid:落实情况': 1 },
    query: `SELECT item_no, status, embedded, cases FROM core.discipline_implementation ORDER BY item_no`,
    rows: [
      { item_no: '1', status: '已落实', embedded: '是', cases: 12 },
      { item_no: '2', status: '不适用', embedded: '否', cases: 0 },
      { item_no: '3', status: '部分落实', embedded: '否', cases: 3 },
    ],
  },
  {
    type: 'street-registration', department: 'zd-fgj', reportedAt: '2025-03-14',
    counts: { rowsRead: 5, rowsLoaded: 2, rowsQuarantined: 2, rowsDuplicate: 1 },
    reasons: { 'area_unknown:所属街道': 1, 'count_invalid:累计注册人数': 1 },
    query: `SELECT street_code, district_code, adults, registered FROM core.street_registration ORDER BY street_code`,
    rows: [
      { street_code: '370303001', district_code: '370303', adults: 42000, registered: 12600 },
      { street_code: '370303002', district_code: '370303', adults: 38000, registered: 9500 },
    ],
  },
  {
    type: 'publicity-article', department: 'zd-xcb', reportedAt: '2025-03-14',
    counts: { rowsRead: 5, rowsLoaded: 3, rowsQuarantined: 2, rowsDuplicate: 0 },
    reasons: { 'missing:标题': 1, 'date_in_future:发布日期': 1 },
    query: `SELECT publisher, street_code, published_on::VARCHAR AS day FROM core.publicity_article ORDER BY published_on`,
    rows: [
      { publisher: '车站街道办事处', street_code: '370303001', day: '2025-03-03' },
      { publisher: '淄博市张店区市场监督管理局', street_code: null, day: '2025-03-05' },
      { publisher: '车站街道办事处', street_code: '370303001', day: '2025-03-10' },
    ],
  },
  {
    type: 'pilot-village', department: 'zd-fgj', reportedAt: '2025-03-14',
    counts: { rowsRead: 5, rowsLoaded: 3, rowsQuarantined: 2, rowsDuplicate: 0 },
    reasons: { 'missing:村居名称': 1, 'enum_invalid:创建状态': 1 },
    query: `SELECT street_code, village, status FROM core.pilot_village ORDER BY street_code, village`,
    rows: [
      { street_code: '370303101', village: '北焦宋村', status: '已验收' },
      { street_code: '370303101', village: '南定村', status: '创建中' },
      { street_code: '370303102', village: '沣水村', status: '创建中' },
    ],
  },
  {
    type: 'honesty-star', department: 'zd-fgj', reportedAt: '2025-03-14',
    counts: { rowsRead: 5, rowsLoaded: 3, rowsQuarantined: 2, rowsDuplicate: 0 },
    reasons: { 'enum_invalid:评选类型': 1, key_repeated_in_file: 1 },
    query: `SELECT street_code, period_kind, person_name, deed FROM core.honesty_star ORDER BY street_code, period_kind`,
    rows: [
      { street_code: '370303001', period_kind: '季度', person_name: '李某某', deed: '诚信经营三十年' },
      { street_code: '370303001', period_kind: '月度', person_name: '张某某', deed: '拾金不昧' },
      { street_code: '370303002', period_kind: '月度', person_name: '孙某某', deed: '主动还款并帮助邻里' },
    ],
  },
  {
    type: 'task-progress', department: 'zd-fgj', reportedAt: '2025-03-14',
    counts: { rowsRead: 5, rowsLoaded: 3, rowsQuarantined: 2, rowsDuplicate: 0 },
    reasons: { 'missing:完成日期': 1, 'date_invalid:填报日期': 1 },
    query: `SELECT subtask_no, status, deadline::VARCHAR AS deadline, completed_on::VARCHAR AS completed_on FROM core.task_progress ORDER BY subtask_no`,
    rows: [
      { subtask_no: '1.1', status: '推进中', deadline: '2025-06-30', completed_on: null },
      { subtask_no: '1.2', status: '逾期未完成', deadline: '2025-02-28', completed_on: null },
      { subtask_no: '2.1', status: '已完成', deadline: '2025-03-31', completed_on: '2025-03-05' },
    ],
  },
  {
    type: 'merchant', department: 'zd-scjg', reportedAt: '2025-03-14',
    counts: { rowsRead: 5, rowsLoaded: 3, rowsQuarantined: 2, rowsDuplicate: 0 },
    reasons: { 'enum_invalid:信用分类': 1, 'uscc_checksum:统一社会信用代码': 1 },
    query: `SELECT merchant_name, street_code, colour, votes, model_shop FROM core.merchant ORDER BY address`,
    rows: [
      { merchant_name: '水晶街甲餐厅', street_code: '370303009', colour: '红', votes: 356, model_shop: '是' },
      { merchant_name: '水晶街乙超市', street_code: '370303009', colour: '蓝', votes: 120, model_shop: '否' },
      { merchant_name: '水晶街丙个体店', street_code: '370303009', colour: '黄', votes: 40, model_shop: '否' },
    ],
  },
  {
    type: 'merchant-event', department: 'zd-scjg', reportedAt: '2025-03-14',
    counts: { rowsRead: 5, rowsLoaded: 3, rowsQuarantined: 2, rowsDuplicate: 0 },
    reasons: { 'missing:评分': 1, 'missing:统一社会信用代码': 1 },
    query: `SELECT event_no, kind, resolved, rating::DOUBLE AS rating FROM core.merchant_event ORDER BY event_no`,
    rows: [
      { event_no: 'JC2025001', kind: '检查', resolved: null, rating: null },
      { event_no: 'PJ2025001', kind: '评价', resolved: null, rating: 4.5 },
      { event_no: 'TS2025001', kind: '投诉', resolved: '是', rating: null },
    ],
  },
];

describe('every source type', () => {
  const w = sharedWarehouse();
  for (const c of CASES) {
    it(`${c.type}: exact counts, every reason, values as meant`, async () => {
      const t = w.get();
      const s = await t.load(fixture(`sources/${c.type}.csv`), { sourceType: c.type, departmentId: c.department, reportedAt: c.reportedAt });
      expect(s).toMatchObject({ status: 'loaded', ...c.counts });
      expect(s.reasons).toEqual(c.reasons);
      expect(await t.wh.all(c.query)).toEqual(c.rows);
      // Nothing lost: every row read is loaded, quarantined or a duplicate.
      const [q] = await t.wh.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM meta.quarantine WHERE batch_id = $1', [s.batchId]);
      expect(q!.n).toBe(c.counts.rowsQuarantined);
    });
  }
});

/**
 * The fixture as an .xlsx written the way Excel users do: a merged title row, numbers as number
 * cells and ISO dates as date cells (codes with leading zeros or 16+ digits stay text).
 */
async function asXlsx(csvFile: string, target: string, firstSheet?: [name: string, text: string]): Promise<void> {
  const rows = parse(readFileSync(csvFile, 'utf8'), { relax_column_count: true }) as string[][];
  const wb = new ExcelJS.Workbook();
  if (firstSheet) wb.addWorksheet(firstSheet[0]).addRow([firstSheet[1]]);
  const ws = wb.addWorksheet('数据');
  ws.addRow(['2025年一季度报送数据']);
  ws.mergeCells(1, 1, 1, rows[0]!.length);
  ws.addRow(rows[0]);
  for (const r of rows.slice(1)) {
    ws.addRow(r.map((c) => {
      if (/^\d{4}-\d{2}-\d{2}$/.test(c)) return new Date(`${c}T00:00:00Z`);
      if (/^(0|[1-9]\d{0,14})(\.\d+)?$/.test(c)) return Number(c);
      return c === '' ? null : c;
    }));
  }
  await wb.xlsx.writeFile(target);
}

describe('every source type in other formats', () => {
  const gbkWarehouse = sharedWarehouse();
  const xlsxWarehouse = sharedWarehouse();
  for (const c of CASES) {
    it(`${c.type}: the same rows from a GBK CSV and from an .xlsx with typed cells`, async () => {
      const t = gbkWarehouse.get();
      const gbk = path.join(t.dir, `${c.type}-gbk.csv`);
      writeFileSync(gbk, iconv.encode(readFileSync(fixture(`sources/${c.type}.csv`), 'utf8').replaceAll('\n', '\r\n'), 'gbk'));
      const g = await t.load(gbk, { sourceType: c.type, departmentId: c.department, reportedAt: c.reportedAt });
      expect(g).toMatchObject({ encoding: 'gb18030', ...c.counts });
      expect(g.reasons).toEqual(c.reasons);
      expect(await t.wh.all(c.query)).toEqual(c.rows);

      const other = xlsxWarehouse.get();
      const xlsx = path.join(other.dir, `${c.type}.xlsx`);
      await asXlsx(fixture(`sources/${c.type}.csv`), xlsx);
      const x = await other.load(xlsx, { sourceType: c.type, departmentId: c.department, reportedAt: c.reportedAt });
      expect(x).toMatchObject({ format: 'xlsx', headerRow: 2, ...c.counts });
      expect(x.reasons).toEqual(c.reasons);
      expect(await other.wh.all(c.query)).toEqual(c.rows);
    });
  }
});

async function indicator(t: T, id: string, type: string, entity: string) {
  const [r] = await t.wh.all<{ value: number | null; numerator: number | null; denominator: number | null }>(
    `SELECT value, numerator, denominator FROM mart.indicator_value
     WHERE indicator_id = $1 AND entity_type = $2 AND entity_id = $3 AND period_type = 'month' AND period_start = DATE '2025-03-01'`,
    [id, type, entity]);
  return r!;
}

describe('a file dropped without its source type', () => {
  const w = sharedWarehouse();
  it('is recognised by its header row', async () => {
    for (const c of CASES) expect(await detectSourceType(w.get().wh, fixture(`sources/${c.type}.csv`)), c.type).toBe(c.type);
  });

  it('is recognised in a workbook from the first rows of each sheet, and an unreadable one says why', async () => {
    const { wh, dir } = w.get();
    for (const c of CASES) {
      const file = path.join(dir, `${c.type}-detect.xlsx`);
      await asXlsx(fixture(`sources/${c.type}.csv`), file, ['填报说明', '1. 每条记录一行']);
      expect(await detectSourceType(wh, file), c.type).toBe(c.type);
    }
    const cut = path.join(dir, 'cut.xlsx');
    writeFileSync(cut, readFileSync(path.join(dir, `${CASES[0]!.type}-detect.xlsx`)).subarray(0, 600));
    await expect(detectSourceType(wh, cut)).rejects.toThrow(/^cut\.xlsx: not a readable \.xlsx \(zip\) file: /);
    // An error of DuckDB's reader is this file's error too, so the inbox moves on to the next file.
    const badJson = path.join(dir, 'bad.jsonl');
    writeFileSync(badJson, '{"行政相对人名称": "甲"}\n{not json\n');
    await expect(detectSourceType(wh, badJson)).rejects.toThrow(IngestError);
    await expect(detectSourceType(wh, badJson)).rejects.toThrow(/^bad\.jsonl: /);
  });
});

describe('other credit records', () => {
  const w = sharedWarehouse();
  it('count in record volume and coverage, placed by registry, USCC division or ID address', async () => {
    const t = w.get();
    await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
    await t.ingest(fixture('sources/credit-list.csv'), { sourceType: 'credit-list', departmentId: 'zd-fgj', reportedAt: '2025-03-14' });
    await t.ingest(fixture('sources/payment.csv'), { sourceType: 'payment', departmentId: 'zd-rsj', reportedAt: '2025-03-14' });
    await t.ingest(fixture('sources/judicial.csv'), { sourceType: 'judicial', departmentId: 'zd-fy', reportedAt: '2025-03-14' });
    // 3 listings + 3 payment months + 3 judgments; 王某某 (no registry) is placed by the ID's 370303.
    expect((await indicator(t, 'record-volume', 'district', '370303')).value).toBe(9);
    // 车站街道 holds 甲: its listing, electricity account and civil case.
    expect((await indicator(t, 'record-volume', 'street', '370303001')).value).toBe(3);
    expect((await indicator(t, 'record-volume', 'department', 'zd-fy')).value).toBe(3);
    const kinds = await t.wh.all<{ kind: string; n: number }>(
      `SELECT kind, sum(records)::INTEGER AS n FROM mart.record_fact GROUP BY kind ORDER BY kind`);
    expect(kinds).toEqual([{ kind: 'credit-list', n: 3 }, { kind: 'judicial', n: 3 }, { kind: 'payment', n: 3 }]);
    // A firm of another city (济南, division 370102) is in no registry and no division of the
    // preset: its record is kept, counted for the city and its department, placed as 'unknown'.
    const outside = path.join(t.dir, 'outside.csv');
    writeFileSync(outside, '名单类型,名单名称,主体名称,统一社会信用代码,认定文书号,认定单位,列入日期\n黑名单,失信被执行人,济南庚有限公司,91370102MA3C00006X,（2025）鲁0303执200号,淄博市张店区人民法院,2025-03-10\n');
    await t.ingest(outside, { sourceType: 'credit-list', departmentId: 'zd-fy', reportedAt: '2025-03-14' });
    expect(await t.wh.all(`SELECT district_code, sum(records)::INTEGER AS n FROM mart.record_fact GROUP BY ALL ORDER BY 1`))
      .toEqual([{ district_code: '370303', n: 9 }, { district_code: 'unknown', n: 1 }]);
    const city = await t.wh.all<{ collected: number }>(`SELECT (extras->>'collected')::INTEGER AS collected FROM mart.indicator_value
      WHERE indicator_id = 'record-volume' AND entity_type = 'city' AND period_type = 'month' AND period_start = DATE '2025-03-01'`);
    expect(city[0]!.collected).toBe(10);
    expect((await indicator(t, 'record-volume', 'department', 'zd-fy')).value).toBe(4);
    // Enterprises alive in 张店区: 甲, 乙 (both with records) and 己 (its rows were quarantined).
    expect(await indicator(t, 'enterprise-coverage', 'district', '370303')).toMatchObject({ numerator: 2, denominator: 3 });
  });
});
