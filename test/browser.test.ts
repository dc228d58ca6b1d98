/**
 * The overview page in headless Chromium shows the same figures as the API, served by the real
 * Fastify server (API + mounted dashboard) on loopback over a real DuckDB file.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../api/server.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  t = await tempWarehouse();
  await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
  app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: true });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  t?.dispose();
});

describe('overview page', () => {
  it('shows the API figures for March 2025', async () => {
    const api = await (await fetch(`${base}/api/scorecard?entityType=city&entityId=370300&period=month&at=2025-03-15`)).json() as {
      indicators: { id: string; value: number }[];
    };
    const page = await browser.newPage();
    await page.goto(`${base}/?period=month&at=2025-03-15`);
    await page.getByTestId('overview').waitFor();
    for (const ind of api.indicators) {
      const shown = await page.getByTestId(`card-value-${ind.id}`).getAttribute('data-value');
      expect(Number(shown), ind.id).toBeCloseTo(ind.value, 9);
    }
    expect(await page.getByTestId('card-value-record-volume').innerText()).toContain('亿');
    const ranking = await (await fetch(`${base}/api/rankings?indicator=enterprise-coverage&entityType=district&period=month&at=2025-03-15`)).json() as {
      rows: { entityId: string }[];
    };
    const rows = page.getByTestId('district-rank-row');
    expect(await rows.count()).toBe(ranking.rows.length);
    expect(await rows.first().getAttribute('data-entity-id')).toBe(ranking.rows[0]!.entityId);
    await page.screenshot({ path: 'test-output/overview.png', fullPage: true });
    await page.close();
  });

  it('lists the batches and offers the rejected rows of a batch as Excel', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/batches`);
    const rows = page.getByTestId('batch-row');
    expect(await rows.count()).toBe(2);
    const licences = page.locator('[data-testid="batch-row"]', { hasText: 'licences.csv' });
    expect(await licences.getByTestId('batch-rows-quarantined').getAttribute('class')).toContain('warn');
    const link = licences.getByTestId('batch-quarantine-download');
    const href = await link.getAttribute('href');
    const res = await fetch(base + href);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    await page.screenshot({ path: 'test-output/batches.png', fullPage: true });
    await page.close();
  });
});
