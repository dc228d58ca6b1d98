/**
 * The weekly sheet and the monthly bulletin over the real server, warehouse and Chromium: the
 * PDF's text (pdftotext) carries the API's figures, names and page numbers; the workbook re-read
 * equals the API; a published report stays as published after a correction while the live
 * preview moves; republishing adds a version; who may read what; drafts on schedule.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { latestSlots, startReportSchedule } from '../api/reports/schedule.ts';
import { buildServer } from '../api/server.ts';
import { createWorkingCalendar } from '../lib/working-days.ts';
import { cookiesOf, signIn, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let base: string;
let as: Record<'leader' | 'office' | 'department' | 'otherDepartment' | 'street', Client>;
const DEPT = 'zd-xzsp';

beforeAll(async () => {
  t = await tempWarehouse();
  await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: DEPT, reportedAt: '2025-03-14' });
  await t.ingest(fixture('sources/task-progress.csv'), { sourceType: 'task-progress', departmentId: 'zd-fgj', reportedAt: '2025-03-14' });
  app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: true });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  as = {
    leader: await signIn(base, t.wh, 'leader'),
    office: await signIn(base, t.wh, 'office'),
    department: await signIn(base, t.wh, 'department', { departmentId: DEPT }),
    otherDepartment: await signIn(base, t.wh, 'department', { departmentId: 'zd-sfj' }),
    street: await signIn(base, t.wh, 'street', { streetCode: '370303001' }),
  };
}, 60_000);

afterAll(async () => {
  await app?.close();
  t?.dispose();
});

/** A stored file, byte for byte. */
async function download(c: Client, url: string): Promise<{ status: number; bytes: Buffer; type: string | null; disposition: string | null }> {
  const res = await fetch(base + url, { headers: { cookie: c.cookie } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') };
}

/** A PDF's text in reading order and its page count; the file and its pages as PNG go to test-output/ for review. */
function pdfText(bytes: Buffer, name: string): { text: string; pages: number } {
  mkdirSync('test-output', { recursive: true });
  const file = path.join('test-output', `${name}.pdf`);
  writeFileSync(file, bytes);
  execFileSync('pdftoppm', ['-png', '-r', '50', file, path.join('test-output', name)]);
  const info = execFileSync('pdfinfo', [file]).toString();
  return { text: execFileSync('pdftotext', ['-raw', file, '-']).toString(), pages: Number(/Pages:\s+(\d+)/.exec(info)![1]) };
}

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** A worksheet's rows below its title, caption and header rows, as plain values. */
const body = (ws: ExcelJS.Worksheet) => {
  const out: unknown[][] = [];
  ws.eachRow((row, n) => { if (n > 3) out.push((row.values as unknown[]).slice(1)); });
  return out;
};

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
let bulletinId: number;

describe('monthly bulletin', () => {
  it('publishes March 2025: the PDF reads as the API\'s figures, with page numbers and repeated table headers', async () => {
    // 综合行政执法局 decided nothing in March and says so (零报送).
    expect((await as.office.send('POST', '/api/zero-reports', { duty: 'double-publicity', month: '2025-03', departmentId: 'zd-zhzf' })).status).toBe(200);
    const res = await as.office.send('POST', '/api/reports', { kind: 'bulletin', at: '2025-03-15' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.report).toMatchObject({ kind: 'bulletin', status: 'published', version: 1, number: `淄信用办〔${year}〕1号`, periodStart: '2025-03-01', periodLabel: '2025年3月' });
    bulletinId = res.body.report.id;

    const file = await download(as.office, `/api/reports/${bulletinId}/pdf`);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/pdf');
    expect(decodeURIComponent(file.disposition!)).toContain('月通报-2025年3月-第1版.pdf');
    const { text, pages } = pdfText(file.bytes, 'report-bulletin');
    const flat = text.replace(/\s+/g, '');
    for (const words of ['淄博市社会信用体系建设领导小组办公室', `淄信用办〔${year}〕1号`, '淄博市社会信用体系建设工作月通报', '2025年3月', '一、总体情况', '四、部门考核排名', '六、存在的问题']) {
      expect(flat, words).toContain(words);
    }
    // The department ranking's leader and score, as the assessment API has them.
    const ranking = (await as.office.get('/api/assessment?scheme=department-monthly&at=2025-03-15')).body.rows as { nameZh: string; score: number | null; rank: number | null }[];
    const best = ranking.find((r) => r.rank === 1)!;
    expect(flat).toContain(`${best.nameZh}以${best.score!.toFixed(2)}分位列第一`);
    // The city's on-time rate as the scorecard has it.
    const city = (await as.office.get('/api/scorecard?entityType=city&entityId=370300&period=month&at=2025-03-15')).body.indicators as { id: string; value: number }[];
    const onTime = city.find((i) => i.id === 'double-publicity-on-time')!.value;
    expect(flat).toContain(`双公示7个工作日内上报率${(onTime * 100).toFixed(1)}%`);
    // The late department named among the problems.
    expect(flat).toContain('淄博市张店区行政审批服务局双公示迟报双公示信息逾期上报1条');
    // A department that owes 双公示 and sent nothing, not even a zero report, is named too.
    expect(flat).toContain('淄博市张店区市场监督管理局未报送数据本月未报送双公示信息，也未零报送');
    expect(flat).not.toContain('淄博市张店区大数据中心未报送数据');
    // A department that declared the month empty is named under the ranking, not among the problems.
    expect(flat).toContain('本月零报送（未作出行政许可、行政处罚决定，双公示按时上报一项计满分）：淄博市张店区综合行政执法局');
    expect(flat).not.toContain('淄博市张店区综合行政执法局未报送数据');
    // The summary names them first among the problems, and counts the late ones among the departments that owe 双公示.
    const summary = ((await as.office.get(`/api/reports/${bulletinId}`)).body.report.content.summary as string[]).join('');
    expect(summary).toMatch(/存在的主要问题：[^；]+等\d+个部门本月未报送双公示信息，也未零报送；1个部门（应报送双公示的部门共30个）存在双公示信息逾期上报/);
    // Page numbers on every page, and the ranking tables' header on more pages than there are tables.
    const numbers = [...text.matchAll(/第\s*(\d+)\s*页\s*\/\s*共\s*(\d+)\s*页/g)];
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(numbers.map((m) => Number(m[1]))).toEqual(Array.from({ length: pages }, (_, i) => i + 1));
    expect(numbers.every((m) => Number(m[2]) === pages)).toBe(true);
    expect((flat.match(/名次街道（镇）所属区县/g) ?? []).length).toBeGreaterThan(1);
  });

  it('writes the workbook with one frozen sheet per table, equal to the API\'s figures', async () => {
    const file = await download(as.office, `/api/reports/${bulletinId}/xlsx`);
    expect(file.status).toBe(200);
    const wb = await workbook(file.bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['主要指标', '区县排名', '部门排名', '街道排名', '问题清单']);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(ws.getColumn(1).width).toBeGreaterThan(0);
    }
    const ranking = (await as.office.get('/api/assessment?scheme=department-monthly&at=2025-03-15')).body.rows as { nameZh: string; score: number | null; rank: number | null }[];
    expect(body(wb.getWorksheet('部门排名')!).map((r) => [r[0] ?? null, r[1], r[3] ?? null])).toEqual(ranking.map((r) => [r.rank, r.nameZh, r.score]));
    const city = (await as.office.get('/api/scorecard?entityType=city&entityId=370300&period=month&at=2025-03-15')).body.indicators as { nameZh: string; unit: string; value: number | null; target: number | null }[];
    const headline = body(wb.getWorksheet('主要指标')!);
    const volume = headline.find((r) => r[1] === '信用信息条数')!;
    expect(volume[3]).toBe(city.find((i) => i.nameZh === '信用信息条数')!.value);
    expect(volume[5]).toBe(city.find((i) => i.nameZh === '信用信息条数')!.target);
    // Values read in their unit, as in the PDF: a percentage as 86.7%, a count with thousands separators.
    const sheet = wb.getWorksheet('主要指标')!;
    const rowOf = (name: string) => { let found = 0; sheet.eachRow((r, n) => { if (r.getCell(2).value === name) found = n; }); return sheet.getRow(found); };
    expect([rowOf('信用信息条数').getCell(3).value, rowOf('信用信息条数').getCell(4).numFmt]).toEqual(['条', '#,##0']);
    const coverage = rowOf(city.find((i) => i.unit === '%')!.nameZh);
    expect([coverage.getCell(3).value, coverage.getCell(4).numFmt, coverage.getCell(6).numFmt]).toEqual(['%', '0.0%', '0.0%']);
    expect(body(wb.getWorksheet('问题清单')!)).toContainEqual(['淄博市张店区行政审批服务局', '双公示迟报', 1, '双公示信息逾期上报1条']);
  });

  it('stays as published after a correction, while the preview moves; republishing adds version 2 and keeps version 1', async () => {
    const before = (await as.office.get(`/api/reports/${bulletinId}`)).body.report;
    const pdfBefore = sha((await download(as.office, `/api/reports/${bulletinId}/pdf`)).bytes);
    const xlsxBefore = sha((await download(as.office, `/api/reports/${bulletinId}/xlsx`)).bytes);
    const lateOf = (content: { problems: { unitZh: string; kind: string; count: number }[] }) =>
      content.problems.find((p) => p.kind === 'late' && p.unitZh === '淄博市张店区行政审批服务局')?.count ?? 0;
    expect(lateOf(before.content)).toBe(1);

    // A correction: 乙's licence was decided on 3 March (late when reported on the 14th).
    const lines = readFileSync(fixture('licences.csv'), 'utf8').split('\n');
    const correction = path.join(t.dir, 'correction.csv');
    writeFileSync(correction, [lines[1], lines[3]!.replace('2025/3/10', '2025/3/3')].join('\n'));
    expect(await t.ingest(correction, { sourceType: 'licence', departmentId: DEPT, reportedAt: '2025-03-31' })).toMatchObject({ rowsSuperseding: 1 });
    t.wh.changed();

    const preview = (await as.office.get('/api/reports/preview?kind=bulletin&at=2025-03-15')).body;
    expect(lateOf(preview.content)).toBe(2);
    expect(preview.heading.number).toBe('预览（未发布）');
    const after = (await as.office.get(`/api/reports/${bulletinId}`)).body.report;
    expect(after.content).toEqual(before.content);
    expect(sha((await download(as.office, `/api/reports/${bulletinId}/pdf`)).bytes)).toBe(pdfBefore);
    expect(sha((await download(as.office, `/api/reports/${bulletinId}/xlsx`)).bytes)).toBe(xlsxBefore);

    const again = await as.office.send('POST', '/api/reports', { kind: 'bulletin', at: '2025-03-20' });
    expect(again.status).toBe(201);
    expect(again.body.report).toMatchObject({ version: 2, number: before.number, periodStart: '2025-03-01' });
    const v2 = (await as.office.get(`/api/reports/${again.body.report.id}`)).body.report;
    expect(lateOf(v2.content)).toBe(2);
    expect(v2.heading.number).toBe(`${before.number}（第2版）`);
    expect(pdfText((await download(as.office, `/api/reports/${again.body.report.id}/pdf`)).bytes, 'report-bulletin-v2').text.replace(/\s+/g, '')).toContain('（第2版）');
    const listed = (await as.office.get('/api/reports?kind=bulletin')).body.reports as { id: number; version: number }[];
    expect(listed.map((r) => r.version)).toEqual([2, 1]);
    expect(sha((await download(as.office, `/api/reports/${bulletinId}/pdf`)).bytes)).toBe(pdfBefore);

    const audit = (await as.office.get('/api/audit?action=report-publish')).body.entries as { target: string; username: string; detail: { version: number } }[];
    expect(audit.map((a) => a.detail.version)).toEqual([2, 1]);
    expect(audit[0]!.username).toBe(as.office.username);
    expect((await as.office.get('/api/audit?action=report-export')).body.entries.length).toBeGreaterThanOrEqual(5);
  });
});

describe('weekly sheet', () => {
  let weeklyId: number;

  it('defaults to the latest period that has ended, and says when a preview\'s period has not', async () => {
    // Today (real time) March 2025 has ended: the default is March, complete.
    const now = (await as.office.get('/api/reports/preview?kind=bulletin')).body;

    expect([now.content.period.start, now.unfinished]).toEqual(['2025-03-01', false]);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-03-20T04:00:00Z'));
    try {
      // On 20 March (a Thursday) the default weekly sheet is last week's.
      const weekly = (await as.office.get('/api/reports/preview?kind=weekly')).body;
      expect([weekly.content.period.start, weekly.unfinished]).toEqual(['2025-03-10', false]);
      // The data has no month before March: March, said to be unfinished.
      const bulletin = (await as.office.get('/api/reports/preview?kind=bulletin')).body;
      expect([bulletin.content.period.start, bulletin.unfinished]).toEqual(['2025-03-01', true]);
      const march = (await as.office.get('/api/reports/preview?kind=bulletin&at=2025-03-15')).body;
      expect([march.content.period.start, march.unfinished]).toEqual(['2025-03-01', true]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('names the late 双公示 reports by document number, in the PDF and the workbook', async () => {
    const res = await as.office.send('POST', '/api/reports', { kind: 'weekly', at: '2025-03-14' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.report).toMatchObject({ kind: 'weekly', periodStart: '2025-03-10', version: 1 });
    weeklyId = res.body.report.id;
    // The reports that came in this week after their deadline: 1号 (decided 3 March, due the
    // 12th, in on the 14th) among them, whatever week it was decided in.
    const content = (await as.office.get(`/api/reports/${weeklyId}`)).body.report.content as { doublePublicity: { records: { status: string; docNo: string; due: string; reportedDate: string }[] }[] };
    const listed = content.doublePublicity.flatMap((d) => d.records);
    expect(listed.filter((r) => r.status === 'late').every((r) => r.reportedDate > r.due && r.reportedDate >= '2025-03-10' && r.reportedDate <= '2025-03-16')).toBe(true);
    const docs = listed.map((r) => r.docNo);
    expect(docs).toContain('张审批〔2025〕1号');
    const { text } = pdfText((await download(as.office, `/api/reports/${weeklyId}/pdf`)).bytes, 'report-weekly');
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('淄博市社会信用体系建设周调度表');
    for (const d of docs) expect(flat).toContain(d);
    // The streets with nothing new this week are named, not only counted.
    const streets = (await as.office.get(`/api/reports/${weeklyId}`)).body.report.content.streets as { nameZh: string; records: number }[];
    const idle = streets.filter((s) => s.records === 0);
    expect(idle.length).toBeGreaterThan(0);
    expect(streets.some((s) => s.records > 0)).toBe(true);
    expect(flat).toContain('本周无新增记录的街道（镇）——');
    for (const s of idle) expect(flat).toContain(s.nameZh);
    const wb = await workbook((await download(as.office, `/api/reports/${weeklyId}/xlsx`)).bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['本周报送', '街道新增记录', '双公示迟报未报', '逾期任务', '进度下滑指标', '未报送部门']);
    expect(body(wb.getWorksheet('双公示迟报未报')!).map((r) => r[3])).toEqual(docs);
  });

  it('lets departments and streets read the published reports that name them, and no others', async () => {
    const ids = async (c: Client) => ((await c.get('/api/reports')).body.reports as { id: number }[]).map((r) => r.id);
    expect(await ids(as.department)).toEqual(expect.arrayContaining([weeklyId, bulletinId]));
    const other = await ids(as.otherDepartment);
    expect(other).toContain(bulletinId);
    expect(other).not.toContain(weeklyId);
    for (const url of [`/api/reports/${weeklyId}`, `/api/reports/${weeklyId}/pdf`]) {
      const res = await as.otherDepartment.get(url);
      expect(res.status, url).toBe(403);
      expect(res.body.message).toMatch(/sees the published reports that name/);
    }
    expect(await ids(as.street)).toContain(bulletinId);
    expect(await ids(as.leader)).toEqual(expect.arrayContaining([weeklyId, bulletinId]));
    expect((await as.leader.get('/api/reports/preview?kind=bulletin')).status).toBe(403);
  });

  it('gives readers beyond the office the weekly sheet without its record-level lists: counts, not document numbers or 相对人', async () => {
    const full = (await as.office.get(`/api/reports/${weeklyId}`)).body.report.content as { doublePublicity: { nameZh: string; late: number; missing: number; records: { docNo: string; subjectName: string | null }[] }[] };
    const docs = full.doublePublicity.flatMap((d) => d.records.map((r) => r.docNo));
    const names = full.doublePublicity.flatMap((d) => d.records.map((r) => r.subjectName)).filter((n): n is string => !!n);
    expect(docs.length).toBeGreaterThan(0);
    for (const reader of [as.leader, as.department]) {
      const content = (await reader.get(`/api/reports/${weeklyId}`)).body.report.content as typeof full & { recordsWithheld: boolean };
      expect(content.recordsWithheld).toBe(true);
      expect(content.doublePublicity.map((d) => [d.nameZh, d.late, d.missing, d.records])).toEqual(full.doublePublicity.map((d) => [d.nameZh, d.late, d.missing, []]));
    }
    const { text } = pdfText((await download(as.leader, `/api/reports/${weeklyId}/pdf`)).bytes, 'report-weekly-distributed');
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('逐条记录（决定文书号、相对人）仅信用办留存');
    for (const d of docs) expect(flat).not.toContain(d);
    for (const n of names) expect(flat).not.toContain(n);
    const wb = await workbook((await download(as.department, `/api/reports/${weeklyId}/xlsx`)).bytes);
    expect(body(wb.getWorksheet('双公示迟报未报')!)).toEqual(full.doublePublicity.map((d) => [d.nameZh, d.late, d.missing]));
    // A sheet stored before distributed copies were kept is rendered from its frozen content.
    await t.wh.run('UPDATE meta.report SET distributed_pdf = NULL, distributed_xlsx = NULL WHERE id = $1', [weeklyId]);
    const older = pdfText((await download(as.leader, `/api/reports/${weeklyId}/pdf`)).bytes, 'report-weekly-distributed-late').text.replace(/\s+/g, '');
    expect(older).toContain('逐条记录（决定文书号、相对人）仅信用办留存');
    for (const d of docs) expect(older).not.toContain(d);
    // The office's copy is unchanged (the test above reads its document numbers).
    expect(pdfText((await download(as.office, `/api/reports/${weeklyId}/pdf`)).bytes, 'report-weekly').text.replace(/\s+/g, '')).toContain(docs[0]!);
  });
});

describe('schedule', () => {
  const calendar = createWorkingCalendar();
  const schedule = { weekly: { weekday: 1, time: '08:00' }, bulletin: { workingDay: 3, time: '08:00' } };
  const slots = (iso: string) => Object.fromEntries(latestSlots(new Date(iso), calendar, schedule).map((s) => [s.kind, `${s.day} ${s.time} → ${s.periodStart}`]));

  it('drafts the weekly sheet on Monday at 08:00 and the bulletin on the 3rd working day, China time', () => {
    // Monday 30 November 2026, 08:30 in China.
    expect(slots('2026-11-30T00:30:00Z')).toEqual({ weekly: '2026-11-30 08:00 → 2026-11-23', bulletin: '2026-11-04 08:00 → 2026-10-01' });
    // The same Monday at 07:30: last week's slot still.
    expect(slots('2026-11-29T23:30:00Z').weekly).toBe('2026-11-23 08:00 → 2026-11-16');
    // October 2026: 1–7 are the National Day holiday, Saturday the 10th a 调休 working day — the 3rd.
    expect(slots('2026-10-10T01:00:00Z').bulletin).toBe('2026-10-10 08:00 → 2026-09-01');
    expect(slots('2026-10-09T12:00:00Z').bulletin).toBe('2026-09-03 08:00 → 2026-08-01');
  });

  it('drafts a passed slot once, for the office to review, when the data has the period', async () => {
    const ticker = startReportSchedule(t.wh, t.preset, app.reports, calendar, () => new Date('2025-04-03T01:00:00Z'));
    try {
      const first = await ticker.tick();
      const drafts = ((await as.office.get('/api/reports')).body.reports as { id: number; status: string; origin: string; kind: string; periodStart: string }[])
        .filter((r) => r.status === 'draft');
      expect(drafts.map((d) => d.id).sort()).toEqual([...first].sort());
      expect(drafts).toContainEqual(expect.objectContaining({ kind: 'weekly', periodStart: '2025-03-24', origin: 'schedule' }));
      // March's bulletin was published already: no draft for it.
      expect(drafts.some((d) => d.kind === 'bulletin')).toBe(false);
      expect(await ticker.tick()).toEqual([]);
      // Drafts are the office's.
      expect((await as.leader.get(`/api/reports/${drafts[0]!.id}`)).status).toBe(403);
      // Once the office publishes the week, its draft leaves the list (still readable by id).
      const draft = drafts.find((d) => d.kind === 'weekly' && d.periodStart === '2025-03-24')!;
      expect((await as.office.send('POST', '/api/reports', { kind: 'weekly', at: '2025-03-24' })).status).toBe(201);
      const listed = (await as.office.get('/api/reports?kind=weekly')).body.reports as { id: number; status: string; periodStart: string }[];
      expect(listed.filter((r) => r.periodStart === '2025-03-24').map((r) => r.status)).toEqual(['published']);
      expect((await as.office.get(`/api/reports/${draft.id}`)).status).toBe(200);
    } finally {
      ticker.stop();
    }
  });
});

describe('schedule without Chromium', () => {
  it('reports a draft that cannot print once, not at every minute tick, and again once it is fixed and fails anew', async () => {
    const calendar = createWorkingCalendar();
    let launches = 0;
    let fail: (() => Error) | null = () => new Error(`cannot start Chromium at /usr/bin/chromium to print the report: <launched> pid=${++launches}`);
    const reports = { draft: async () => {
      if (fail) throw fail();
      return { id: 0 };
    } } as unknown as Parameters<typeof startReportSchedule>[2];
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // June 2025: neither slot has a report, so each tick tries both.
    const ticker = startReportSchedule(t.wh, t.preset, reports, calendar, () => new Date('2025-06-09T01:00:00Z'));
    try {
      await ticker.tick();
      await ticker.tick();
      await ticker.tick();
      expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([
        'scheduled weekly draft for 2025-06-02 failed (retried every minute): cannot start Chromium at /usr/bin/chromium to print the report: <launched> pid=1',
        'scheduled bulletin draft for 2025-05-01 failed (retried every minute): cannot start Chromium at /usr/bin/chromium to print the report: <launched> pid=2',
      ]);
      fail = null;
      expect(await ticker.tick()).toEqual([0, 0]);
      fail = () => new Error('the print page answered 500');
      await ticker.tick();
      expect(logged).toHaveBeenCalledTimes(4);
    } finally {
      ticker.stop();
      logged.mockRestore();
    }
  });
});

describe('print page', () => {
  it('is reached only with a live print token', async () => {
    const res = await fetch(`${base}/api/reports/print/${'ab'.repeat(24)}`);
    expect(res.status).toBe(404);
    const page = await fetch(`${base}/print/${'ab'.repeat(24)}`, { headers: { cookie: cookiesOf(res) } });
    expect(page.status).toBe(404);
  });
});
