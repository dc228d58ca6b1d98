/**
 * Uploads over the real server: a department user sends its file, it loads as one batch with
 * its marts, the rejected rows are its to download, and a file for another department, a file
 * nobody can read or no file at all is refused with the reason. Every upload is audited.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../api/server.ts';
import { signIn, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let base: string;
let dept: Client;
let office: Client;

beforeAll(async () => {
  t = await tempWarehouse();
  await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  dept = await signIn(base, t.wh, 'department', { departmentId: 'zd-xzsp' });
  office = await signIn(base, t.wh, 'office');
}, 60_000);

afterAll(async () => {
  await app?.close();
  t?.dispose();
});

/**
 * Sends a file as `as`. With `reportedAt`, the server's clock is set to that day (China noon): a
 * department's file is dated the day it arrives, so the 2025 fixtures are sent "then".
 */
async function upload(as: Client, file: { name: string; bytes: Buffer } | null, fields: Record<string, string> = {}, csrf = true) {
  if (!fields.reportedAt) return send(as, file, fields, csrf);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${fields.reportedAt}T04:00:00Z`));
  try {
    return await send(as, file, fields, csrf);
  } finally {
    vi.useRealTimers();
  }
}

async function send(as: Client, file: { name: string; bytes: Buffer } | null, fields: Record<string, string>, csrf: boolean) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  const headers: Record<string, string> = { cookie: as.cookie };
  if (csrf) headers['x-csrf-token'] = as.csrfToken;
  const res = await fetch(`${base}/api/uploads`, { method: 'POST', headers, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

const licences = () => ({ name: '行政许可（3月第2周）.csv', bytes: readFileSync(fixture('licences.csv')) });

describe('uploads', () => {
  it('loads a department\'s file as its batch, source type detected, marts refreshed', async () => {
    const res = await upload(dept, licences(), { reportedAt: '2025-03-14' });
    expect(res.status).toBe(201);
    // The same counts as loading the file from the CLI (test/cli.test.ts): 6 loaded.
    expect(res.body.summary).toMatchObject({ status: 'loaded', sourceType: 'licence', departmentId: 'zd-xzsp', file: '行政许可（3月第2周）.csv', rowsLoaded: 6 });
    expect(res.body.summary.rowsRead).toBe(res.body.summary.rowsLoaded + res.body.summary.rowsQuarantined + res.body.summary.rowsDuplicate);
    const rejected = await dept.get(res.body.quarantine);
    expect(rejected.status).toBe(200);
    expect(rejected.body.rows).toHaveLength(res.body.summary.rowsQuarantined);
    const card = await dept.get('/api/scorecard?entityType=department&entityId=zd-xzsp&period=month&at=2025-03-15');
    expect(card.body.indicators.find((i: { id: string }) => i.id === 'double-publicity-on-time').denominator).toBeGreaterThan(0);
    const audit = (await office.get('/api/audit?action=upload')).body.entries;
    expect(audit[0]).toMatchObject({ username: dept.username, target: `batch:${res.body.summary.batchId}`, detail: { rowsLoaded: 6 } });
  });

  it('refuses a file for another department, a missing file, an unknown type and an unreadable file, each with the reason', async () => {
    const other = await upload(dept, licences(), { departmentId: 'zd-fgj' });
    expect(other.status).toBe(403);
    expect(other.body.message).toContain('its own department');
    expect((await upload(dept, null, { reportedAt: '2025-03-14' })).body.message).toContain('no file in the upload');
    expect((await upload(dept, licences(), { sourceType: 'nope' })).body.message).toContain('unknown source type "nope"');
    const junk = await upload(dept, { name: 'notes.csv', bytes: Buffer.from('just,some\nwords,here\n') });
    expect(junk.status).toBe(422);
    expect(junk.body.message).toMatch(/header|source type/);
    expect(junk.body.problem).toEqual({ code: 'no_source_type' });
    // Still a failed batch, listed with why (status 422: there is a batch to look at).
    expect(junk.body.summary).toMatchObject({ status: 'failed', sourceType: 'unrecognised', departmentId: 'zd-xzsp', file: 'notes.csv', problem: { code: 'no_source_type' } });
    expect((await dept.get(`/api/batches/${junk.body.summary.batchId}`)).body).toMatchObject({ status: 'failed', sourceType: 'unrecognised', problem: { code: 'no_source_type' } });
    expect((await upload(dept, licences(), {}, false)).status).toBe(403); // no CSRF token
  });

  it('dates a department\'s file the day it arrives and takes only its own records; the office may date a file and load any unit\'s', async () => {
    // An earlier date would count late records as on time: refused, for a department and a street.
    const backdated = await send(dept, licences(), { reportedAt: '2025-03-14' }, true);
    expect([backdated.status, backdated.body.message]).toEqual([400, expect.stringContaining('only the credit office dates a file')]);
    // The file's own 上报日期 does not count either: its rows are dated by the batch.
    const lines = readFileSync(fixture('licences.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    const dated = (l: string, day: string, n: string) => `${l.replace('张审批〔2025〕1号', `张审批〔2025〕${n}号`)},${day}`;
    const own = { name: '自报上报日期.csv', bytes: Buffer.from([`${lines[1]},上报日期`, dated(lines[2]!, '2025-03-04', '701')].join('\n')) };
    const mine = await upload(dept, own, { reportedAt: '2025-03-20' });
    expect(mine.body.summary).toMatchObject({ rowsLoaded: 1 });
    const [row] = await t.wh.all<{ reported_date: string }>(`SELECT reported_date::VARCHAR AS reported_date FROM core.licence WHERE doc_no = '张审批〔2025〕701号'`);
    expect(row!.reported_date).toBe('2025-03-20');
    // Sent by the office (a platform export), the row's own date counts.
    const platform = { name: '平台导出.csv', bytes: Buffer.from([`${lines[1]},上报日期`, dated(lines[2]!, '2025-03-04', '702')].join('\n')) };
    expect((await upload(office, platform, { reportedAt: '2025-03-20', departmentId: 'zd-xzsp' })).body.summary).toMatchObject({ rowsLoaded: 1 });
    const [kept] = await t.wh.all<{ reported_date: string }>(`SELECT reported_date::VARCHAR AS reported_date FROM core.licence WHERE doc_no = '张审批〔2025〕702号'`);
    expect(kept!.reported_date).toBe('2025-03-04');
    // Another department's record (its 数据来源单位 is 综合行政执法局) is rejected, not taken over.
    const theirs = lines[2]!.replace('张审批〔2025〕1号', '张综执〔2025〕9号').replaceAll('11370303990303253P', '11370303990303261J');
    const taken = await upload(dept, { name: '他部门.csv', bytes: Buffer.from([lines[1], theirs, lines[3]].join('\n')) }, { reportedAt: '2025-03-20' });
    expect(taken.body.summary).toMatchObject({ rowsRead: 2, rowsQuarantined: 1 });
    expect(taken.body.summary.reasons).toEqual({ 'unit_not_own:数据来源单位统一社会信用代码': 1 });
    const byOffice = await upload(office, { name: '他部门.csv', bytes: Buffer.from([lines[1], theirs].join('\n')) }, { reportedAt: '2025-03-20', departmentId: 'zd-zhzf' });
    expect(byOffice.body.summary).toMatchObject({ rowsLoaded: 1, rowsQuarantined: 0 });
  });

  it('names why a whole file was refused as a code the page words, and keeps it with the failed batch', async () => {
    // A licence file sent as penalties: its header fits licences better.
    const wrong = await upload(dept, licences(), { sourceType: 'penalty', reportedAt: '2025-03-14' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.problem).toMatchObject({ code: 'other_source', sourceType: 'penalty', fits: 'licence' });
    expect(wrong.body.summary).toMatchObject({ status: 'failed', problem: wrong.body.problem });
    const empty = await upload(dept, { name: '空.csv', bytes: Buffer.alloc(0) }, { sourceType: 'licence' });
    expect([empty.status, empty.body.problem]).toEqual([422, { code: 'file_empty' }]);
    const binary = await upload(dept, { name: '照片.csv', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48]) }, { sourceType: 'licence' });
    expect(binary.body.problem).toEqual({ code: 'file_binary' });
    // Listed with the batch, for the data desk's table.
    const listed = (await dept.get('/api/batches')).body.batches as { id: number; status: string; problem: unknown; message: string }[];
    expect(listed.find((b) => b.id === wrong.body.summary.batchId)).toMatchObject({ status: 'failed', problem: wrong.body.problem });
    expect(listed.find((b) => b.id === empty.body.summary.batchId)).toMatchObject({ status: 'failed', problem: { code: 'file_empty' } });
    expect((await dept.get(`/api/batches/${empty.body.summary.batchId}`)).body.problem).toEqual({ code: 'file_empty' });
    // A loaded batch has none.
    expect(listed.find((b) => b.status === 'loaded')!.problem).toBeNull();
  });

  it('takes a street office\'s own report, filed under the department receiving its district\'s street reports; rows of other streets rejected', async () => {
    const street = await signIn(base, t.wh, 'street', { streetCode: '370303001' });
    const file = { name: '车站街道注册情况.csv', bytes: readFileSync(fixture('sources/street-registration.csv')) };
    const res = await upload(street, file, { reportedAt: '2025-03-14', departmentId: 'zd-xzsp' });
    expect(res.status).toBe(201);
    // 车站街道's row loads; 公园 (twice) and 和平街道's are not this street's (和平's count is bad
    // too); 幸福街道 is no street of 张店区, named as such and not again.
    expect(res.body.summary).toMatchObject({ sourceType: 'street-registration', departmentId: 'zd-fgj', rowsRead: 5, rowsLoaded: 1, rowsQuarantined: 4 });
    expect(res.body.summary.reasons).toEqual({ 'street_not_own:所属街道': 3, 'area_unknown:所属街道': 1, 'count_invalid:累计注册人数': 1 });
    const rejected = (await street.get(res.body.quarantine)).body.rows as { reasons: string[] }[];
    expect(rejected.map((r) => r.reasons)).toEqual([['street_not_own:所属街道'], ['area_unknown:所属街道'], ['street_not_own:所属街道', 'count_invalid:累计注册人数'], ['street_not_own:所属街道']]);
    const card = await street.get('/api/scorecard?entityType=street&entityId=370303001&period=month&at=2025-03-15');
    expect(card.body.indicators.find((i: { id: string }) => i.id === 'registration-coverage')).toMatchObject({ numerator: 12600, denominator: 42000 });
    // Its batches only: not the departments'; and theirs are not its to open.
    const mine = (await street.get('/api/batches')).body.batches as { id: number; streetCode: string | null }[];
    expect(mine.map((b) => [b.id, b.streetCode])).toEqual([[res.body.summary.batchId, '370303001']]);
    const deptBatch = ((await office.get('/api/batches')).body.batches as { id: number; streetCode: string | null }[]).find((b) => b.streetCode === null)!.id;
    expect((await street.get(`/api/batches/${deptBatch}`)).status).toBe(403);
    expect((await dept.get(`/api/batches/${res.body.summary.batchId}`)).status).toBe(403);
    // Articles: a row without its street (the department's) is missing it, not taken as this street's.
    const articles = await upload(street, { name: '宣传信息.csv', bytes: readFileSync(fixture('sources/publicity-article.csv')) }, { reportedAt: '2025-03-31' });
    expect(articles.body.summary).toMatchObject({ rowsRead: 5, rowsLoaded: 2, rowsQuarantined: 3 });
    expect(articles.body.summary.reasons).toEqual({ 'missing:所属街道': 1, 'street_not_own:所属街道': 2, 'missing:标题': 1 });
    // A sheet without a street column is all this street's; no required column is said to be missing.
    const own = await upload(street, { name: '本街道.csv', bytes: Buffer.from('统计截止日期,常住成年人口数,累计注册人数\n2025-03-16,42000,12900\n') }, { reportedAt: '2025-03-17' });
    expect(own.body.summary).toMatchObject({ sourceType: 'street-registration', rowsLoaded: 1, rowsQuarantined: 0, message: null });
    const later = await street.get('/api/scorecard?entityType=street&entityId=370303001&period=month&at=2025-03-31');
    expect(later.body.indicators.find((i: { id: string }) => i.id === 'registration-coverage')).toMatchObject({ numerator: 12900, denominator: 42000 });
    // Only what streets report.
    const licence = await upload(street, licences(), { reportedAt: '2025-03-14' });
    expect([licence.status, licence.body.message]).toEqual([400, 'a street office does not send 行政许可 (licence) itself; its department does']);
    expect(licence.body).toMatchObject({ problem: { code: 'not_street_type', sourceType: 'licence' } });
    const audit = (await office.get('/api/audit?action=upload')).body.entries;
    expect(audit.find((e: { target: string | null }) => e.target === `batch:${res.body.summary.batchId}`)).toMatchObject({ username: street.username, detail: { street: '370303001', departmentId: 'zd-fgj' } });
  });

  it('takes a street office\'s own task ledger: its lines of the plan\'s 各镇办 sub-tasks count for the street and its district', async () => {
    const street = await signIn(base, t.wh, 'street', { streetCode: '370303001' });
    // Plan sub-tasks 13.1–13.3 are every 张店区 street's and town's (tasks.csv streets 370303), due 12-31.
    const ledger = ['任务序号,任务说明,细化序号,任务细化,责任单位,完成时限,推进状态,完成日期,进展情况,填报日期',
      '13,公职人员诚信建设工作,13.1,加强公职人员诚信教育,车站街道,2025-12-31,已完成,2025-11-20,已开展诚信教育,2025-12-15',
      '13,公职人员诚信建设工作,13.2,建立完善公职人员诚信档案,车站街道,2025-12-31,推进中,,正在建立,2025-12-15',
      '13,公职人员诚信建设工作,13.3,组织签订信用承诺书,公园街道,2025-12-31,已完成,2025-12-01,,2025-12-15',
      '13,公职人员诚信建设工作,13.3,组织签订信用承诺书,,2025-12-31,推进中,,,2025-12-15'].join('\n');
    const res = await upload(street, { name: '车站街道工作台账.csv', bytes: Buffer.from(ledger) }, { reportedAt: '2025-12-15' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.summary).toMatchObject({ sourceType: 'task-progress', departmentId: 'zd-fgj', rowsRead: 4, rowsLoaded: 2, rowsQuarantined: 2 });
    expect(res.body.summary.reasons).toEqual({ 'street_not_own:责任单位': 1, 'missing:责任单位': 1 });
    // Without the unit column every line is this street's.
    const own = await upload(street, { name: '台账.csv', bytes: Buffer.from('任务序号,任务说明,细化序号,推进状态,填报日期\n13,公职人员诚信建设工作,13.3,推进中,2025-12-16\n') }, { reportedAt: '2025-12-16' });
    expect(own.body.summary).toMatchObject({ rowsLoaded: 1, rowsQuarantined: 0, message: null });

    type TaskLine = { id: string; value: number | null; numerator: number; denominator: number; extras: Record<string, number> };
    const figure = async (type: string, id: string) => ((await office.get(`/api/scorecard?entityType=${type}&entityId=${id}&period=month&at=2025-12-31`)).body.indicators as TaskLine[])
      .find((i) => i.id === 'task-on-time')!;
    // 车站街道: 13.1 done in time; 13.2 and 13.3 open past 12-31.
    expect(await figure('street', '370303001')).toMatchObject({ numerator: 1, denominator: 3, extras: { overdue: 2, unreported: 0, total: 3 } });
    // 公园街道 reported nothing: its three lines are 未报送 and overdue (the rejected line is not its report).
    expect(await figure('street', '370303002')).toMatchObject({ numerator: 0, denominator: 3, extras: { overdue: 3, unreported: 3 } });
    // The district counts its streets' lines with its departments'.
    const district = await figure('district', '370303');
    expect(district.numerator).toBeGreaterThanOrEqual(1);
    expect(district.extras.unreported).toBeGreaterThanOrEqual(3 * 12 + 1);
    // The records behind the street's figure, which the street itself may open.
    const listed = await street.get('/api/records?indicator=task-on-time&entityType=street&entityId=370303001&period=month&at=2025-12-31');
    expect(listed.status).toBe(200);
    const overdue = (listed.body.lists as { kind: string; rows: Record<string, unknown>[] }[]).find((l) => l.kind === 'overdue')!.rows;
    expect(overdue.map((r) => [r.subtaskNo, r.responsibleUnit, r.streetCode, r.status])).toEqual([['13.2', '车站街道', '370303001', '推进中'], ['13.3', '车站街道', '370303001', '推进中']]);
    const districtList = await office.get('/api/records?indicator=task-on-time&entityType=district&entityId=370303&period=month&at=2025-12-31');
    expect((districtList.body.lists as { kind: string; total: number }[]).find((l) => l.kind === 'overdue')!.total).toBe(district.extras.overdue);

    // A department's own ledger updates its own lines only: not another department's, not a street's.
    const mine = ['任务序号,任务说明,细化序号,责任单位,推进状态,完成日期,填报日期',
      '3,全面调动各单位加大信息归集力度,3.4,淄博市张店区行政审批服务局,已完成,2025-12-01,2025-12-15',
      '3,全面调动各单位加大信息归集力度,3.2,淄博市张店区人力资源和社会保障局,已完成,2025-12-01,2025-12-15',
      '13,公职人员诚信建设工作,13.2,公园街道,已完成,2025-12-01,2025-12-15'].join('\n');
    const deptRes = await upload(dept, { name: '审批局台账.csv', bytes: Buffer.from(mine) }, { reportedAt: '2025-12-15' });
    expect(deptRes.body.summary).toMatchObject({ rowsLoaded: 1, rowsQuarantined: 2 });
    expect(deptRes.body.summary.reasons).toEqual({ 'unit_not_own:责任单位': 2 });
    expect(await figure('street', '370303002')).toMatchObject({ numerator: 0, extras: { unreported: 3 } });
  });

  it('lets the office upload for any department, and asks which', async () => {
    expect((await upload(office, licences())).body.message).toContain('which department');
    const res = await upload(office, licences(), { departmentId: 'zd-scjg', sourceType: 'licence', reportedAt: '2025-03-14' });
    expect(res.status).toBe(201);
    // The same records again: the 6 already loaded and the file's own repeated row (2号 twice)
    // are duplicates; nothing changes.
    expect(res.body.summary).toMatchObject({ departmentId: 'zd-scjg', rowsLoaded: 0, rowsDuplicate: 7 });
  });
});
