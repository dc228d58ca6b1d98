/**
 * The data desk over HTTP: a batch's quarantine as JSON and as the Excel file the department
 * downloads (reasons in Chinese, original values, formula injection neutralised).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import { signIn, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let base: string;
let office: Client;
/** A request as the credit office (every route allows it). */
const authed = (url: string) => fetch(url, { headers: { cookie: office.cookie } });
let batchId: number;

beforeAll(async () => {
  t = await tempWarehouse();
  await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  // The fixture plus a rejected row whose content is a spreadsheet formula.
  const lines = readFileSync(fixture('licences.csv'), 'utf8').trimEnd().split('\n');
  lines.push(lines[4]!.replace('张审批〔2025〕3号', '张审批〔2025〕99号').replace('建设工程规划许可,2025年3月12日', '=HYPERLINK("http://evil"),2099-01-01'));
  const file = path.join(t.dir, 'with-formula.csv');
  writeFileSync(file, lines.join('\n'));
  batchId = (await t.ingest(file, { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' })).batchId;
  app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: false });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  office = await signIn(base, t.wh, 'office');
});

afterAll(async () => {
  await app?.close();
  t?.dispose();
});

describe('data desk', () => {
  it('returns a batch and its quarantined rows with every reason', async () => {
    const batch = await (await authed(`${base}/api/batches/${batchId}`)).json();
    expect(batch).toMatchObject({ id: batchId, fileName: 'with-formula.csv', rowsRead: 14, rowsQuarantined: 7 });
    const q = (await (await authed(`${base}/api/batches/${batchId}/quarantine`)).json()) as { rows: { rowNo: number; reasons: string[]; values: Record<string, string> }[] };
    expect(q.rows.map((r) => r.rowNo)).toEqual([7, 8, 9, 10, 11, 15, 16]);
    expect(q.rows.at(-1)).toMatchObject({ reasons: ['date_in_future:许可决定日期'], values: { 许可内容: '=HYPERLINK("http://evil")' } });
    expect((await authed(`${base}/api/batches/999/quarantine`)).status).toBe(404);
    expect((await authed(`${base}/api/batches/abc`)).status).toBe(400);
  });

  it('exports the quarantine as Excel with Chinese reasons and no live formula', async () => {
    const res = await authed(`${base}/api/batches/${batchId}/quarantine.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain(`批次 ${batchId}`);
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['文件行号', '不通过原因', '行政相对人名称']);
    expect(ws.rowCount).toBe(2 + 7);
    const last = ws.getRow(ws.rowCount);
    expect(last.getCell(1).value).toBe(16);
    expect(last.getCell(2).value).toBe('许可决定日期：日期晚于报送日期');
    const contentCol = header.indexOf('许可内容') + 1;
    const cell = last.getCell(contentCol);
    expect(cell.value).toBe(`'=HYPERLINK("http://evil")`);
    expect(cell.formula).toBeUndefined();
    const missing = ws.getRow(4);
    expect(missing.getCell(2).value).toBe('行政相对人名称：必填项为空');
  });

  it('reports freshness per source type and department, and rows per department per week', async () => {
    const f = (await (await authed(`${base}/api/data-desk/freshness?at=2025-03-24`)).json()) as { freshness: Record<string, unknown>[] };
    expect(f.freshness).toEqual([
      expect.objectContaining({ sourceType: 'subject-legal', departmentId: 'zd-scjg', batches: 1, lastReportedAt: '2025-03-01', daysSince: 23 }),
      expect.objectContaining({ sourceType: 'licence', departmentId: 'zd-xzsp', departmentNameZh: '淄博市张店区行政审批服务局', batches: 1, lastReportedAt: '2025-03-14', daysSince: 10 }),
    ]);
    const w = (await (await authed(`${base}/api/data-desk/weekly-rows?weeks=5&at=2025-03-24`)).json()) as { rows: unknown[] };
    // Five weeks up to Monday 24 March start on 24 Feb. 2025-03-01 is a Saturday (week of 24 Feb);
    // 2025-03-14 a Friday (week of 10 March).
    expect(w.rows).toEqual([
      { departmentId: 'zd-scjg', weekStart: '2025-02-24', rowsRead: 8, rowsLoaded: 6, rowsQuarantined: 2 },
      { departmentId: 'zd-xzsp', weekStart: '2025-03-10', rowsRead: 14, rowsLoaded: 6, rowsQuarantined: 7 },
    ]);
    const w4 = (await (await authed(`${base}/api/data-desk/weekly-rows?weeks=4&at=2025-03-24`)).json()) as { rows: { departmentId: string }[] };
    expect(w4.rows.map((r) => r.departmentId)).toEqual(['zd-xzsp']);
    const w1 = (await (await authed(`${base}/api/data-desk/weekly-rows?weeks=1&at=2025-03-24`)).json()) as { rows: unknown[] };
    expect(w1.rows).toEqual([]);
    expect((await authed(`${base}/api/data-desk/weekly-rows?weeks=0`)).status).toBe(400);
  });
});
