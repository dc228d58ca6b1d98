/**
 * The weekly scheduling sheet (周调度) over the API, on the fixtures: figures worked out by hand
 * from the files (comments name the rows).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import type { BatchSummary } from '../pipelines/load/ingest.ts';
import { signIn, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let leader: Client;
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
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
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
});
