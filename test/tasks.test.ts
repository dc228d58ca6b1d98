/**
 * The task ledger as a board over the real server: each unit's plan sub-tasks with their latest
 * status, read by who may read them, and progress reported by form — one ledger line loaded as a
 * batch, which moves the task figure as a file would. Bad reports are refused with the reason.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../api/server.ts';
import type { TaskLine } from '../metrics/records.ts';
import { signIn, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let base: string;
let as: Record<'leader' | 'office' | 'department' | 'street', Client>;

beforeAll(async () => {
  t = await tempWarehouse();
  // The office's ledger of 2025-03-10: 1.1 (发改局) 推进中, 1.2 (大数据中心) 滞后, 2.1 done …
  await t.ingest(fixture('sources/task-progress.csv'), { sourceType: 'task-progress', departmentId: 'zd-fgj', reportedAt: '2025-03-14' });
  app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  as = {
    leader: await signIn(base, t.wh, 'leader'),
    office: await signIn(base, t.wh, 'office'),
    department: await signIn(base, t.wh, 'department', { departmentId: 'zd-rsj' }),
    street: await signIn(base, t.wh, 'street', { streetCode: '370303001' }),
  };
}, 60_000);

afterAll(async () => {
  await app?.close();
  t?.dispose();
});

/** Calls the server with its clock on `day` (China noon): a ledger line is dated the day it is reported. */
async function on<T>(day: string, call: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${day}T04:00:00Z`));
  try {
    return await call();
  } finally {
    vi.useRealTimers();
  }
}

const board = async (c: Client, query = '') => {
  const res = await c.get(`/api/tasks?at=2025-12-31${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { asOf: string; unit: { type: string; id: string } | null; lines: TaskLine[] };
};
const figure = async (type: string, id: string, at: string) =>
  ((await as.office.get(`/api/scorecard?entityType=${type}&entityId=${id}&period=month&at=${at}`)).body.indicators as { id: string; numerator: number; denominator: number; extras: Record<string, number> }[])
    .find((i) => i.id === 'task-on-time')!;

describe('task board', () => {
  it('lists a department its own plan sub-tasks, with 未报送 where the ledger never named it, and what is overdue', async () => {
    const { unit, lines } = await board(as.department);
    expect(unit).toEqual({ type: 'department', id: 'zd-rsj', nameZh: '淄博市张店区人力资源和社会保障局' });
    const planned = t.preset.tasks.filter((x) => x.departmentIds.includes('zd-rsj')).map((x) => x.subtaskNo);
    expect(lines.map((l) => l.subtaskNo)).toEqual(planned);
    expect(lines.every((l) => l.departmentId === 'zd-rsj' && l.status === '未报送')).toBe(true);
    // 5.1 is continuing work (持续性): no deadline, never overdue; the rest are due 12月底.
    expect(lines.map((l) => [l.subtaskNo, l.deadline, l.overdue])).toEqual(planned.map((n) => (n === '5.1' ? [n, null, false] : [n, '2025-12-31', true])));
    // As many overdue as the figure counts.
    expect(lines.filter((l) => l.overdue).length).toBe((await figure('department', 'zd-rsj', '2025-12-31')).extras.overdue);
  });

  it('lets the office and leaders read every unit\'s lines, or one unit\'s; a department or street only its own', async () => {
    const all = await board(as.office);
    expect(all.unit).toBeNull();
    expect(all.lines.find((l) => l.subtaskNo === '1.2')).toMatchObject({ departmentId: 'zd-dsj', status: '逾期未完成', reportedOn: '2025-03-10', batchId: expect.any(Number), rowNo: 3 });
    // The fixture's 1.2 is the ledger's own numbering: the plan gives 1.2 to no one, so it is not a line to report by form.
    expect(t.preset.tasks.some((x) => x.subtaskNo === '1.2')).toBe(false);
    expect(all.lines.find((l) => l.subtaskNo === '1.2')!.inPlan).toBe(false);
    expect(all.lines.filter((l) => l.status === '未报送').every((l) => l.inPlan)).toBe(true);
    expect(all.lines.some((l) => l.streetCode === '370303001' && l.subtaskNo === '13.1')).toBe(true);
    expect((await board(as.leader, '&streetCode=370303002')).lines.map((l) => l.subtaskNo)).toEqual(['13.1', '13.2', '13.3']);
    expect((await board(as.street)).lines.map((l) => [l.subtaskNo, l.responsibleUnit])).toEqual([['13.1', '车站街道'], ['13.2', '车站街道'], ['13.3', '车站街道']]);
    for (const [c, q] of [[as.department, '&departmentId=zd-fgj'], [as.department, '&streetCode=370303001'], [as.street, '&streetCode=370303002'], [as.street, '&departmentId=zd-rsj']] as const) {
      const res = await c.get(`/api/tasks?at=2025-12-31${q}`);
      expect(res.status, `${c.username} ${q}`).toBe(403);
      expect(res.body.message).toMatch(/its own tasks only/);
    }
    expect((await as.office.get('/api/tasks?departmentId=zd-nobody')).status).toBe(404);
    expect((await as.office.get('/api/tasks?at=2025-13-45')).status).toBe(400);
  });

  it('takes a department\'s progress report as a ledger line of its own: the board and the figure move', async () => {
    const before = await figure('department', 'zd-rsj', '2025-12-31');
    const res = await on('2025-12-20', () => as.department.send('POST', '/api/tasks/progress', { subtaskNo: '3.2', status: '已完成', completedOn: '2025-12-18', note: '已全部提供，含"补缴"数据' }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.summary).toMatchObject({ sourceType: 'task-progress', departmentId: 'zd-rsj', rowsLoaded: 1, rowsQuarantined: 0 });
    expect(res.body.line).toMatchObject({ subtaskNo: '3.2', status: '已完成', completedOn: '2025-12-18', note: '已全部提供，含"补缴"数据', reportedOn: '2025-12-20', overdue: false });
    const after = await figure('department', 'zd-rsj', '2025-12-31');
    expect(after.numerator).toBe(before.numerator + 1);
    expect(after.extras.overdue).toBe(before.extras.overdue! - 1);
    // The batch is the department's own, listed with its file; the report is audited.
    const batch = (await as.department.get(`/api/batches/${res.body.summary.batchId}`)).body;
    expect(batch).toMatchObject({ sourceType: 'task-progress', departmentId: 'zd-rsj', rowsLoaded: 1 });
    const audit = (await as.office.get('/api/audit?action=task-progress')).body.entries as { username: string; detail: Record<string, unknown> }[];
    expect(audit[0]).toMatchObject({ username: as.department.username, detail: { unit: 'zd-rsj', subtaskNo: '3.2', status: '已完成' } });
  });

  it('takes a street\'s report of its 各镇办 sub-task, and the office\'s for a unit it names', async () => {
    const res = await on('2025-12-20', () => as.street.send('POST', '/api/tasks/progress', { subtaskNo: '13.1', status: '推进中', note: '已开展两次诚信教育' }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.summary).toMatchObject({ departmentId: 'zd-fgj', rowsLoaded: 1 });
    expect(res.body.line).toMatchObject({ streetCode: '370303001', status: '推进中', overdue: false });
    const office = await on('2025-12-21', () => as.office.send('POST', '/api/tasks/progress', { subtaskNo: '13.2', status: '已完成', completedOn: '2025-12-19', streetCode: '370303002' }));
    expect(office.status, JSON.stringify(office.body)).toBe(201);
    expect((await board(as.leader, '&streetCode=370303002')).lines.find((l) => l.subtaskNo === '13.2')).toMatchObject({ status: '已完成', reportedOn: '2025-12-21' });
  });

  it('gives a unit its board as the ledger workbook, which uploads as a ledger once filled in', async () => {
    const res = await fetch(`${base}/api/tasks.xlsx?at=2025-12-20`, { headers: { cookie: as.department.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain('淄博市张店区人力资源和社会保障局工作台账-2025-12-20.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    // ExcelJS leaves empty cells out of a row's values (holes): read each column.
    const values = (r: number) => Array.from({ length: 10 }, (_, i) => ws.getRow(r).getCell(i + 1).value ?? null);
    expect(values(2)).toEqual(['任务序号', '任务说明', '细化序号', '任务细化', '责任单位', '完成时限', '推进状态', '完成日期', '进展情况', '填报日期']);
    const lines = (await board(as.department)).lines;
    expect(ws.rowCount - 2).toBe(lines.length);
    // 3.2 as reported above; 13.1 never reported: its status left for the unit to fill.
    const row = (n: string) => values(2 + 1 + lines.findIndex((l) => l.subtaskNo === n));
    expect(row('3.2')).toEqual(['3', '全面调动各单位加大信息归集力度', '3.2', '提供社会保险费缴纳信息', '淄博市张店区人力资源和社会保障局', '2025-12-31', '已完成', '2025-12-18', '已全部提供，含"补缴"数据', '2025-12-20']);
    expect(row('13.1').slice(6)).toEqual([null, null, null, '2025-12-20']);
    // Filled in and sent back as the department's own file: the header is found under the title.
    ws.getRow(2 + 1 + lines.findIndex((l) => l.subtaskNo === '13.1')).getCell(7).value = '推进中';
    const file = path.join(t.dir, 'ledger-filled.xlsx');
    await wb.xlsx.writeFile(file);
    const loaded = await t.ingest(file, { sourceType: 'task-progress', departmentId: 'zd-rsj', ownAccount: true, reportedAt: '2025-12-20' });
    // The lines still 未报送 come back without a status: rejected, saying what to fill.
    const unreported = lines.filter((l) => l.status === '未报送' && l.subtaskNo !== '13.1').length;
    expect(loaded).toMatchObject({ headerRow: 2, rowsLoaded: lines.length - unreported, rowsQuarantined: unreported });
    expect(loaded.reasons).toEqual({ 'missing:推进状态': unreported });
    expect((await board(as.department)).lines.find((l) => l.subtaskNo === '13.1')).toMatchObject({ status: '推进中', reportedOn: '2025-12-20' });
  });

  it('refuses a report that is not the unit\'s to make, or does not add up, with the reason', async () => {
    const refused = async (c: Client, body: Record<string, unknown>, status: number, message: RegExp) => {
      const res = await on('2025-12-20', () => c.send('POST', '/api/tasks/progress', body));
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.message).toMatch(message);
    };
    await refused(as.department, { subtaskNo: '1.1', status: '推进中' }, 400, /sub-task 1\.1 is not 淄博市张店区人力资源和社会保障局's in the plan/);
    await refused(as.department, { subtaskNo: '99.1', status: '推进中' }, 404, /no plan sub-task 99\.1/);
    await refused(as.department, { subtaskNo: '3.2', status: '已完成' }, 400, /a finished sub-task needs the day it was finished/);
    await refused(as.department, { subtaskNo: '3.2', status: '推进中', completedOn: '2025-12-01' }, 400, /only a finished sub-task has a completion day/);
    await refused(as.department, { subtaskNo: '3.2', status: '已完成', completedOn: '2025-12-25' }, 400, /2025-12-25 is after today \(2025-12-20\)/);
    await refused(as.department, { subtaskNo: '3.2', status: '完成了' }, 400, /status/);
    await refused(as.department, { subtaskNo: '3.2', status: '推进中', departmentId: 'zd-fgj' }, 403, /its own tasks only/);
    await refused(as.street, { subtaskNo: '13.1', status: '推进中', streetCode: '370303002' }, 403, /its own tasks only/);
    await refused(as.office, { subtaskNo: '3.2', status: '推进中' }, 400, /the credit office reports for a unit it names/);
    expect((await as.leader.send('POST', '/api/tasks/progress', { subtaskNo: '3.2', status: '推进中', departmentId: 'zd-rsj' })).status).toBe(403);
  });
});
