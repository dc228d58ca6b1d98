/**
 * The weekly scheduling sheet (周调度) over the API, on the fixtures: figures worked out by hand
 * from the files (comments name the rows).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import type { BatchSummary } from '../pipelines/load/ingest.ts';
import { signIn, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let leader: Client;
let base: string;
let licences: BatchSummary;
let tasks: BatchSummary;

beforeAll(async () => {
  t = await tempWarehouse();
  await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  licences = await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
  tasks = await t.ingest(fixture('sources/task-progress.csv'), { sourceType: 'task-progress', departmentId: 'zd-fgj', reportedAt: '2025-03-14' });
  // 车站街道 sent its registrations itself, filed under 发改局: the street's submission, not 发改局's.
  await t.ingest(fixture('sources/street-registration.csv'), { sourceType: 'street-registration', departmentId: 'zd-fgj', street: '370303001', reportedAt: '2025-03-14' });
  app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  leader = await signIn(base, t.wh, 'leader');
}, 60_000);

afterAll(async () => {
  await app?.close();
  t?.dispose();
});

describe('weekly scheduling sheet', () => {
  it('lists the week\'s loads, late reports, overdue tasks and the departments that sent nothing', async () => {
    const { status, body } = await leader.get('/api/weekly?at=2025-03-14');
    expect(status).toBe(200);
    expect(body.week).toMatchObject({ start: '2025-03-10', end: '2025-03-16' });
    // Reported on 2025-03-14: the licences (行政审批局) and the task ledger (发改局), as loaded.
    expect(body.newRecords).toEqual([
      expect.objectContaining({ departmentId: 'zd-xzsp', batches: 1, rowsLoaded: licences.rowsLoaded, rowsQuarantined: licences.rowsQuarantined, sourceTypes: ['licence'] }),
      expect.objectContaining({ departmentId: 'zd-fgj', batches: 1, rowsLoaded: tasks.rowsLoaded, sourceTypes: ['task-progress'] }),
    ].sort((a, b) => b.rowsLoaded - a.rowsLoaded));
    // 市场监管局 reported the registry on 2025-03-01 and nothing this week.
    expect(body.silent).toEqual([expect.objectContaining({ departmentId: 'zd-scjg', lastReportedAt: '2025-03-01', batches: 1 })]);
    // Decided 2025-03-10..13 and reported on the 14th: all within 7 working days. 1号 (decided
    // 3 March, due 12 March) came in on the 14th: late, this week, whatever week it was decided in.
    expect(body.doublePublicity).toEqual([expect.objectContaining({ departmentId: 'zd-xzsp', counts: { late: 1, missing: 0 } })]);
    // Ledger line 1.2 (大数据中心, due 2025-02-28, 滞后) is overdue; the plan's 12月底 lines are not due yet.
    expect(body.tasks).toEqual([expect.objectContaining({ departmentId: 'zd-dsj', counts: { overdue: 1, unreported: 1 } })]);
    // The streets' 各镇办 sub-tasks (13.1–13.3) are due 12-31: none overdue yet.
    expect(body.streetTasks).toEqual([]);
    for (const f of body.fellBehind) {
      expect(['behind', 'far_behind']).toContain(f.status);
      expect(f.previousStatus === null || ['met', 'on_track', ...(f.status === 'far_behind' ? ['behind'] : [])].includes(f.previousStatus)).toBe(true);
    }
  });

  it('names a 双公示 report in the week it came in late, not in the week it was decided', async () => {
    // 1号 (淄博甲, decided Monday 3 March, due Wednesday 12 March): on 9 March, the end of its own
    // week, it was not due yet; on the 12th it was (missing at a week's end it fell in).
    const { body } = await leader.get('/api/weekly?at=2025-03-05');
    expect(body.week.start).toBe('2025-03-03');
    expect(body.doublePublicity).toEqual([]);
    // Its on-time figure still belongs to the week of its decision.
    const onTime = (await leader.get('/api/rankings?indicator=double-publicity-on-time&entityType=department&period=week&at=2025-03-05')).body.rows
      .find((r: { entityId: string }) => r.entityId === 'zd-xzsp');
    expect(onTime.value).toBeLessThan(1);
  });

  it('lists the streets and towns whose 各镇办 sub-tasks are overdue, after the departments', async () => {
    // 车站街道's own ledger: 13.1 done; 13.2 still open past the 12-15 it set itself (the plan
    // says 12月底); 13.3 not due. The other streets' lines are not due by the week's end either.
    const file = path.join(t.dir, 'street-ledger.csv');
    writeFileSync(file, ['细化序号,任务序号,任务说明,完成时限,推进状态,完成日期,填报日期',
      '13.1,13,公职人员诚信建设工作,2025-12-31,已完成,2025-12-10,2025-12-16', '13.2,13,公职人员诚信建设工作,2025-12-15,推进中,,2025-12-16',
      '13.3,13,公职人员诚信建设工作,2025-12-31,推进中,,2025-12-16'].join('\n'));
    await t.ingest(file, { sourceType: 'task-progress', departmentId: 'zd-fgj', street: '370303001', reportedAt: '2025-12-16' });
    const { body } = await leader.get('/api/weekly?at=2025-12-19');
    expect(body.week).toMatchObject({ start: '2025-12-15', end: '2025-12-21' });
    expect(body.streetTasks).toEqual([expect.objectContaining({ streetCode: '370303001', nameZh: '车站街道', counts: { overdue: 1, unreported: 0 } })]);

    // December's bulletin names each street with sub-tasks overdue at the month's end: 车站街道's
    // 13.2 and 13.3, and the three lines of each of the 12 streets and towns that reported none.
    const office = await signIn(base, t.wh, 'office');
    const content = (await office.get('/api/reports/preview?kind=bulletin&at=2025-12-15')).body.content as { summary: string[]; problems: { unitZh: string; kind: string; count: number; text: string; street?: true }[] };
    const streets = content.problems.filter((p) => p.street);
    expect(streets.length).toBe(13);
    expect(streets.find((p) => p.unitZh === '车站街道')).toMatchObject({ kind: 'overdue', count: 2, text: expect.stringMatching(/^2项重点任务逾期未完成（13\.2 .+；13\.3 /) });
    expect(streets.find((p) => p.unitZh === '公园街道')).toMatchObject({ kind: 'overdue', count: 3 });
    const departments = content.problems.filter((p) => p.kind === 'overdue' && !p.street).length;
    expect(content.summary.join('')).toContain(`${departments}个部门、13个街道（镇）有`);
  });

  it('holds 31 December\'s deadlines in the week across New Year, as the figure and the records do', async () => {
    // 2025-12-29..2026-01-04 begins in 2025: its 12月底 is 2025-12-31. Beside 车站街道's two open lines,
    // each of the 12 streets and towns that never reported is overdue on its three sub-tasks.
    const { body } = await leader.get('/api/weekly?at=2026-01-02');
    expect(body.week).toMatchObject({ start: '2025-12-29', end: '2026-01-04' });
    const streets = body.streetTasks as { streetCode: string; counts: { overdue: number; unreported: number } }[];
    expect(streets.length).toBe(13);
    expect(streets.find((r) => r.streetCode === '370303001')!.counts).toEqual({ overdue: 2, unreported: 0 });
    expect(streets.find((r) => r.streetCode === '370303002')!.counts).toEqual({ overdue: 3, unreported: 3 });
    // The week's figure counts them, and its records list them with 2025's deadline.
    const card = await leader.get('/api/scorecard?entityType=street&entityId=370303002&period=week&at=2026-01-02');
    expect(card.body.indicators.find((i: { id: string }) => i.id === 'task-on-time')).toMatchObject({ numerator: 0, denominator: 3, extras: expect.objectContaining({ overdue: 3 }) });
    const office = await signIn(base, t.wh, 'office');
    const records = await office.get('/api/records?entityType=street&entityId=370303002&indicator=task-on-time&period=week&at=2026-01-02');
    const overdue = (records.body.lists as { kind: string; rows: { subtaskNo: string; deadline: string }[] }[]).find((l) => l.kind === 'overdue')!;
    expect(overdue.rows.map((r: { subtaskNo: string; deadline: string }) => [r.subtaskNo, r.deadline])).toEqual([['13.1', '2025-12-31'], ['13.2', '2025-12-31'], ['13.3', '2025-12-31']]);
    // The week after runs against 2026's: only 车站街道's lines, past the days its ledger set, are overdue.
    const next = await leader.get('/api/weekly?at=2026-01-07');
    expect((next.body.streetTasks as { streetCode: string }[]).map((r) => r.streetCode)).toEqual(['370303001']);
  });
});
