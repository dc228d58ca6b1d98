/**
 * The dashboard in headless Chromium, served by the real Fastify server (API + mounted dashboard)
 * on loopback over a real DuckDB file: each role signs in through the sign-in page and walks its
 * views, figures match the API, and a department cannot reach another department's records by URL.
 * Screenshots of each view go to test-output/ for review.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../api/server.ts';
import { CHROMIUM_LAUNCH } from '../lib/chromium.ts';
import { signIn, TEST_PASSWORD, type Client } from './helpers/session.ts';
import { fixture, tempWarehouse } from './helpers/warehouse.ts';

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let users: Record<'leader' | 'office' | 'department' | 'street', Client>;
let otherBatch: number;

beforeAll(async () => {
  t = await tempWarehouse();
  await t.ingest(fixture('subjects.csv'), { sourceType: 'subject-legal', departmentId: 'zd-scjg', reportedAt: '2025-03-01' });
  await t.ingest(fixture('licences.csv'), { sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14' });
  otherBatch = (await t.ingest(fixture('sources/task-progress.csv'), { sourceType: 'task-progress', departmentId: 'zd-fgj', reportedAt: '2025-03-14' })).batchId;
  app = await buildServer({ wh: t.wh, preset: t.preset, dashboard: true });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  users = {
    leader: await signIn(base, t.wh, 'leader'),
    office: await signIn(base, t.wh, 'office'),
    department: await signIn(base, t.wh, 'department', { departmentId: 'zd-xzsp' }),
    street: await signIn(base, t.wh, 'street', { streetCode: '370303001' }),
  };
  browser = await chromium.launch(CHROMIUM_LAUNCH);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  t?.dispose();
});

const BINDINGS = { leader: {}, office: {}, department: { departmentId: 'zd-xzsp' }, street: { streetCode: '370303001' } } as const;

/**
 * Loads `path` (or a full URL) and waits until the app has hydrated the server-rendered page:
 * typed into earlier, a form's bound state misses the text, and a click may reach no handler.
 */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path.startsWith('http') ? path : `${base}${path}`);
  await hydrated(page);
}

async function hydrated(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** A fresh browser context signed in through the sign-in page, landing on `path`. */
async function signedIn(role: keyof typeof users, path: string, landing = 'current-user'): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await open(page, path);
  // Not signed in: sent to the sign-in page, which comes back to `path` afterwards.
  await page.getByTestId('login').waitFor();
  expect(new URL(page.url()).searchParams.get('next')).toBe(path);
  // A user of its own per page: sign-in is rate-limited per address and username.
  const fresh = await signIn(base, t.wh, role, BINDINGS[role]);
  await page.getByTestId('login-username').fill(fresh.username);
  await page.getByTestId('login-password').fill(TEST_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId(landing).waitFor();
  await hydrated(page);
  if (landing === 'current-user') expect(await page.getByTestId('current-user').getAttribute('data-role')).toBe(role);
  return page;
}

describe('signing in', () => {
  it('refuses a wrong password with the reason, on the page, in its language', async () => {
    const page = await (await browser.newContext()).newPage();
    await open(page, '/login');
    await page.getByTestId('login-username').fill(users.leader.username);
    await page.getByTestId('login-password').fill('not-the-password-1');
    await page.getByTestId('login-submit').click();
    expect(await page.getByTestId('login-problem').innerText()).toBe('用户名或密码错误');
    await page.screenshot({ path: 'test-output/login.png', fullPage: true });
    await page.context().close();
  });
});

describe('overview', () => {
  it('shows a leader the city figures of the API for March 2025, and the rankings', async () => {
    const api = (await users.leader.get('/api/scorecard?entityType=city&entityId=370300&period=month&at=2025-03-15')).body as {
      indicators: { id: string; value: number }[];
    };
    const page = await signedIn('leader', '/?period=month&at=2025-03-15');
    await page.getByTestId('overview').waitFor();
    expect(await page.getByTestId('overview').getAttribute('data-entity-type')).toBe('city');
    for (const ind of api.indicators) {
      const shown = await page.getByTestId(`card-value-${ind.id}`).getAttribute('data-value');
      expect(Number(shown), ind.id).toBeCloseTo(ind.value, 9);
    }
    expect(await page.getByTestId('card-value-record-volume').innerText()).toContain('亿');
    // The figures behind a rate are named by what they count, not 分子 / 分母.
    expect(await page.getByTestId('card-ratio-enterprise-coverage').innerText()).toMatch(/^有信用信息 \S+ 户 \/ 登记在册 \S+ 户$/);
    expect(await page.getByTestId('card-ratio-natural-person-coverage').innerText()).toMatch(/^有信用信息 \S+ 人 \/ 登记成年人 \S+ 人$/);
    expect(await page.getByTestId('card-ratio-double-publicity-complete').innerText()).toMatch(/^要素完整 \S+ 条 \/ 报送 \S+ 条$/);
    expect(await page.locator('[data-testid^="card-ratio-"]').allInnerTexts()).not.toContainEqual(expect.stringContaining('分母'));
    const ranking = (await users.leader.get('/api/rankings?indicator=enterprise-coverage&entityType=district&period=month&at=2025-03-15')).body as {
      rows: { entityId: string }[];
    };
    const rows = page.getByTestId('district-rank-row');
    expect(await rows.count()).toBe(ranking.rows.length);
    expect(await rows.first().getAttribute('data-entity-id')).toBe(ranking.rows[0]!.entityId);
    // A leader reads aggregates: no data desk in the navigation.
    expect(await page.getByTestId('nav-batches').count()).toBe(0);
    await page.screenshot({ path: 'test-output/overview-leader.png', fullPage: true });
    await page.context().close();
  });

  it('shows a department user its own scorecard and the rankings', async () => {
    const page = await signedIn('department', '/?period=month&at=2025-03-15');
    const overview = page.getByTestId('overview');
    await overview.waitFor();
    expect(await overview.getAttribute('data-entity-type')).toBe('department');
    expect(await overview.getAttribute('data-entity-id')).toBe('zd-xzsp');
    const api = (await users.department.get('/api/scorecard?entityType=department&entityId=zd-xzsp&period=month&at=2025-03-15')).body as {
      indicators: { id: string; value: number | null }[];
    };
    const onTime = api.indicators.find((i) => i.id === 'double-publicity-on-time')!;
    expect(Number(await page.getByTestId('card-value-double-publicity-on-time').getAttribute('data-value'))).toBeCloseTo(onTime.value!, 9);
    expect(await page.getByTestId('department-rank-row').count()).toBe(t.preset.departments.length);
    await page.screenshot({ path: 'test-output/overview-department.png', fullPage: true });
    await page.context().close();
  });

  it('shows a street user its own street and the street ranking', async () => {
    const page = await signedIn('street', '/?period=month&at=2025-03-15');
    const overview = page.getByTestId('overview');
    await overview.waitFor();
    expect(await overview.getAttribute('data-entity-id')).toBe('370303001');
    expect(await page.getByTestId('street-rank-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('department-ranking').count()).toBe(0);
    await page.screenshot({ path: 'test-output/overview-street.png', fullPage: true });
    await page.context().close();
  });
});

describe('drill-down', () => {
  it('leads a leader from a district ranking to its scorecard, and from a figure to its detail', async () => {
    const page = await signedIn('leader', '/?period=month&at=2025-03-15&rank=enterprise-coverage');
    await page.getByTestId('overview').waitFor();
    const zhangdian = page.locator('[data-testid="district-rank-row"][data-entity-id="370303"]');
    await zhangdian.getByTestId('rank-link').click();
    await page.waitForURL(/\/scorecard\/district\/370303/);
    const overview = page.getByTestId('overview');
    await overview.waitFor();
    expect(await overview.getAttribute('data-entity-id')).toBe('370303');
    // The district's breakdown: its own streets only.
    const streets = await page.getByTestId('street-rank-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-entity-id')));
    expect(streets.length).toBeGreaterThan(0);
    expect(streets.every((id) => id?.startsWith('370303'))).toBe(true);
    await page.screenshot({ path: 'test-output/scorecard-district.png', fullPage: true });

    await page.getByTestId('card-link-double-publicity-on-time').click();
    const detail = page.getByTestId('indicator-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-entity-id')).toBe('370303');
    const api = (await users.leader.get('/api/scorecard?entityType=district&entityId=370303&period=month&at=2025-03-01')).body as {
      indicators: { id: string; value: number; target: number | null; previousValue: number | null }[];
    };
    const card = api.indicators.find((i) => i.id === 'double-publicity-on-time')!;
    expect(Number(await page.getByTestId('detail-value').getAttribute('data-value'))).toBeCloseTo(card.value, 9);
    expect(await page.getByTestId('compare-target').getAttribute('data-value')).toBe(String(card.target ?? ''));
    expect(await page.getByTestId('compare-previous').getAttribute('data-value')).toBe(String(card.previousValue ?? ''));
    await page.getByTestId('detail-chart').waitFor();
    await page.screenshot({ path: 'test-output/indicator-detail.png', fullPage: true });
    await page.context().close();
  });

  it('gives a department user no way into other departments\' scorecards', async () => {
    const page = await signedIn('department', '/?period=month&at=2025-03-15');
    await page.getByTestId('overview').waitFor();
    const links = await page.getByTestId('rank-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual([expect.stringContaining('/scorecard/department/zd-xzsp')]);
    await open(page, '/scorecard/department/zd-fgj?period=month&at=2025-03-15');
    // What the account may open, in the page's language; the API's reason folded under 详细原因.
    expect(await page.getByTestId('error-hint').innerText()).toContain('部门账号可查看本部门的记分卡');
    expect(await page.getByTestId('error-message').isVisible()).toBe(false);
    await page.getByText('详细原因').click();
    expect(await page.getByTestId('error-message').innerText()).toContain('its own scorecard');
    await page.context().close();
  });
});

describe('records behind a figure', () => {
  it('leads a department from its late-report count to the late records, as the API lists them', async () => {
    const page = await signedIn('department', '/?period=month&at=2025-03-15');
    await page.getByTestId('overview').waitFor();
    // On the task card, late is a sub-task finished after its deadline, with no list behind it.
    const taskExtras = await page.locator('[data-testid="indicator-card"][data-indicator-id="task-on-time"] .extras').innerText();
    expect(taskExtras).toMatch(/逾期完成\s*\d+\s*项/);
    expect(taskExtras).not.toContain('逾期上报');
    expect(await page.getByTestId('card-records-late-task-on-time').count()).toBe(0);
    const late = Number(await page.getByTestId('card-late-double-publicity-on-time').getAttribute('data-value'));
    expect(late).toBeGreaterThan(0);
    await page.getByTestId('card-records-late-double-publicity-on-time').click();
    const section = page.getByTestId('records-late');
    await section.waitFor();
    expect(page.url()).toContain('#records-late');
    expect(Number(await section.getAttribute('data-total'))).toBe(late);
    const api = (await users.department.get('/api/records?indicator=double-publicity-on-time&entityType=department&entityId=zd-xzsp&period=month&at=2025-03-01')).body as { lists: { kind: string; rows: { docNo: string }[] }[] };
    const docs = await section.getByTestId('record-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-doc-no')));
    expect(docs).toEqual(api.lists.find((l) => l.kind === 'late')!.rows.map((r) => r.docNo));
    await page.screenshot({ path: 'test-output/records.png', fullPage: true });
    // From the accuracy figure to the rows rejected for errors, each problem in words.
    await open(page, '/?period=month&at=2025-03-15');
    // Printed, the overview keeps its figures and drops the period controls.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('period-switch').isVisible()).toBe(false);
    expect(await page.getByTestId('card-inaccurate-double-publicity-accurate').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    const inaccurate = Number(await page.getByTestId('card-inaccurate-double-publicity-accurate').getAttribute('data-value'));
    expect(inaccurate).toBe(5);
    await page.getByTestId('card-records-inaccurate-double-publicity-accurate').click();
    const rejected = page.getByTestId('records-inaccurate');
    await rejected.waitFor();
    expect(await rejected.getByTestId('record-row').count()).toBe(inaccurate);
    expect(await rejected.innerText()).toContain('licences.csv');
    expect(await rejected.innerText()).not.toMatch(/uscc_|date_|id_/);
    await page.context().close();
  });

  it('shows a leader the counts without a way to the records', async () => {
    const page = await signedIn('leader', '/scorecard/district/370303?period=month&at=2025-03-15');
    await page.getByTestId('overview').waitFor();
    await page.getByTestId('card-late-double-publicity-on-time').waitFor();
    expect(await page.getByTestId('card-records-late-double-publicity-on-time').count()).toBe(0);
    await page.getByTestId('card-link-double-publicity-on-time').click();
    await page.getByTestId('indicator-detail').waitFor();
    expect(await page.getByTestId('records-late').count()).toBe(0);
    await page.context().close();
  });
});

describe('filters kept in the URL', () => {
  it('narrows the street ranking to one district and keeps the choice across indicators', async () => {
    const page = await signedIn('office', '/rankings?of=street&rank=enterprise-coverage&period=month&at=2025-03-15');
    await page.getByTestId('rankings-page').waitFor();
    const all = await page.getByTestId('street-rank-row').count();
    await page.getByTestId('ranking-area-select').selectOption('370306');
    await page.waitForURL(/area=370306/);
    await page.getByTestId('ranking-area-note').waitFor();
    const ids = await page.getByTestId('street-rank-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-entity-id')));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(all);
    const streets = (await users.office.get('/api/entities')).body.areas as { code: string; parentCode: string | null }[];
    expect(ids.every((id) => streets.find((a) => a.code === id)?.parentCode === '370306')).toBe(true);
    await page.getByTestId('ranking-indicator-select').selectOption('double-publicity-on-time');
    await page.waitForURL(/rank=double-publicity-on-time/);
    expect(new URL(page.url()).searchParams.get('area')).toBe('370306');
    // Bookmarked: the same URL opens the same view.
    await open(page, page.url());
    expect(await page.getByTestId('ranking-area-select').inputValue()).toBe('370306');
    await page.context().close();
  });

  it('filters the office\'s batches by department and source type', async () => {
    const page = await signedIn('office', '/batches');
    await page.getByTestId('batches-page').waitFor();
    await page.getByTestId('batch-filter-department').selectOption('zd-fgj');
    await page.waitForURL(/department=zd-fgj/);
    await page.getByTestId('batch-row').first().waitFor();
    const departments = await page.getByTestId('batch-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-department-id')));
    expect(departments).toEqual(['zd-fgj']);
    await page.getByTestId('batch-filter-department').selectOption('');
    await page.waitForURL((u) => !u.searchParams.get('department'));
    await page.getByTestId('batch-filter-source').selectOption('licence');
    await page.waitForURL(/source=licence/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="batch-row"]').length === 1);
    expect(await page.getByTestId('batch-row').getAttribute('data-department-id')).toBe('zd-xzsp');
    await page.context().close();
  });
});

describe('reports', () => {
  it('lets the office preview the March bulletin, publish it, and read it as published', async () => {
    const page = await signedIn('office', '/reports');
    await page.getByTestId('reports-page').waitFor();
    // The form's fields stand in one line (a hint under the date once pushed the select down).
    const middles = await Promise.all(['report-kind', 'report-at', 'report-preview'].map(async (id) => {
      const box = (await page.getByTestId(id).boundingBox())!;
      return box.y + box.height / 2;
    }));
    expect(Math.max(...middles) - Math.min(...middles), `middles ${middles.join(', ')}`).toBeLessThan(3);
    await page.getByTestId('report-kind').selectOption('bulletin');
    await page.getByTestId('report-at').fill('2025-03-15');
    // The preview takes a second or so; held up here, so that the wait shows for certain.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/reports/preview?*', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByTestId('report-preview').click();
    await page.getByTestId('navigating').waitFor();
    const button = page.getByTestId('report-preview');
    expect([await button.innerText(), await button.isDisabled()]).toEqual(['正在生成预览…', true]);
    release();
    const preview = page.getByTestId('report-preview-page');
    await preview.waitFor();
    await page.getByTestId('navigating').waitFor({ state: 'detached' });
    await page.unrouteAll();
    expect(await preview.getAttribute('data-period-start')).toBe('2025-03-01');
    expect(await page.getByTestId('report-number').innerText()).toContain('预览');
    const api = (await users.office.get('/api/reports/preview?kind=bulletin&at=2025-03-15')).body as { content: { departments: { rows: { id: string }[] } } };
    const shown = await page.locator('[data-testid="bulletin-departments"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-entity-id')));
    expect(shown).toEqual(api.content.departments.rows.map((r) => r.id));
    await page.screenshot({ path: 'test-output/report-preview.png', fullPage: true });

    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('report-publish').click();
    const report = page.getByTestId('report-page');
    await report.waitFor({ timeout: 60_000 });
    expect(await report.getAttribute('data-status')).toBe('published');
    expect(await page.getByTestId('report-number').innerText()).toMatch(/淄信用办〔\d{4}〕\d+号/);
    const pdf = await page.getByTestId('report-pdf').getAttribute('href');
    const res = await fetch(base + pdf!, { headers: { cookie: users.office.cookie } });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    await page.screenshot({ path: 'test-output/report-published.png', fullPage: true });
    await page.context().close();
  });

  it('lists a department the published bulletin that names it, without the office\'s publishing tools', async () => {
    const page = await signedIn('department', '/reports');
    await page.getByTestId('reports-page').waitFor();
    expect(await page.getByTestId('report-preview-form').count()).toBe(0);
    const row = page.locator('[data-testid="report-row"][data-kind="bulletin"]').first();
    await row.waitFor();
    await row.getByTestId('report-link').click();
    await page.getByTestId('bulletin-doc').waitFor();
    expect(await page.locator('[data-testid="bulletin-departments"] tr[data-entity-id="zd-xzsp"]').count()).toBe(1);
    await open(page, '/reports/preview?kind=bulletin');
    expect(await page.getByTestId('error-hint').innerText()).toContain('报告的预览与发布和系统管理由信用办负责');
    expect(await page.getByTestId('error-message').textContent()).toContain('credit office');
    await page.context().close();
  });
});

describe('rankings and weekly scheduling', () => {
  it('ranks departments with movement, and shows the week\'s sheet as the API has it', async () => {
    const page = await signedIn('office', '/rankings?of=department&rank=double-publicity-on-time&period=month&at=2025-03-15');
    await page.getByTestId('rankings-page').waitFor();
    const api = (await users.office.get('/api/rankings?indicator=double-publicity-on-time&entityType=department&period=month&at=2025-03-15')).body as { rows: { entityId: string; movement: number | null }[] };
    const rows = page.getByTestId('department-rank-row');
    expect(await rows.count()).toBe(api.rows.length);
    expect(await rows.first().getAttribute('data-entity-id')).toBe(api.rows[0]!.entityId);
    expect(await rows.first().getByTestId('rank-movement').getAttribute('aria-label')).toBeTruthy();
    await page.screenshot({ path: 'test-output/rankings.png', fullPage: true });

    await open(page, '/weekly?at=2025-03-14');
    await page.getByTestId('weekly').waitFor();
    const sheet = (await users.office.get('/api/weekly?at=2025-03-14')).body as { newRecords: { departmentId: string; rowsLoaded: number }[]; silent: { departmentId: string }[]; tasks: unknown[]; streetTasks: unknown[] };
    const shown = await page.getByTestId('weekly-new-row').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-department-id'), Number(tr.getAttribute('data-rows'))]));
    expect(shown).toEqual(sheet.newRecords.map((r) => [r.departmentId, r.rowsLoaded]));
    expect(await page.getByTestId('weekly-silent-row').count()).toBe(sheet.silent.length);
    expect(await page.getByTestId('weekly-task-row').count()).toBe(sheet.tasks.length + sheet.streetTasks.length);
    await page.screenshot({ path: 'test-output/weekly.png', fullPage: true });
    // A unit with overdue sub-tasks leads to its lines on the task ledger, as of the week's end.
    await page.getByTestId('weekly-task-link').first().click();
    await page.getByTestId('tasks-page').waitFor();
    expect(await page.getByTestId('tasks-page').getAttribute('data-as-of')).toBe('2025-03-16');
    const overdue = await page.locator('[data-testid="task-line"][data-overdue="true"]').count();
    expect(overdue).toBeGreaterThan(0);
    expect(await page.getByTestId('tasks-overdue').getAttribute('data-count')).toBe(String(overdue));
    // Another day: the board as the ledger stood then (before the ledger's first report, nothing is overdue).
    await page.getByTestId('tasks-at').fill('2025-03-01');
    await page.getByTestId('tasks-at').dispatchEvent('change');
    await page.locator('[data-testid="tasks-page"][data-as-of="2025-03-01"]').waitFor();
    expect(page.url()).toContain('at=2025-03-01');
    expect(await page.getByTestId('tasks-overdue').getAttribute('data-count')).toBe('0');
    await page.context().close();
  });
});

describe('English', () => {
  it('names periods, drafts and their origin in English on the weekly sheet, the report list and the big screen', async () => {
    const page = await signedIn('office', '/weekly?at=2025-03-14&lang=en');
    await page.getByTestId('weekly').waitFor();
    expect(await page.getByTestId('weekly-period').textContent()).toMatch(/^Week of 2025-03-10 · /);
    // Printed, the sheet keeps its period and drops the week stepper.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.stepper').isVisible()).toBe(false);
    expect(await page.getByTestId('weekly-period').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    // A scheduled draft: no 文号 yet, no person behind it.
    await app.reports.draft('weekly', '2025-03-14');
    await open(page, '/reports?lang=en');
    const links = await page.getByTestId('report-link').allTextContents();
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => /[\u4e00-\u9fff]/.test(l))).toEqual([]);
    expect(await page.locator('[data-testid="report-row"]').allInnerTexts()).not.toContainEqual(expect.stringMatching(/草稿|定时生成/));
    await open(page, '/screen?lang=en');
    await page.getByTestId('screen').waitFor();
    expect(await page.getByTestId('screen-period').textContent()).not.toMatch(/[年月]/);
    await page.context().close();
  });
});

describe('layout', () => {
  it('keeps every view within a phone\'s width, the menu on one scrolling row', async () => {
    const page = await signedIn('office', '/?period=month&at=2025-03-15');
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, ready] of [['/?period=month&at=2025-03-15&lang=en', 'overview'], ['/rankings?lang=en', 'district-ranking'], ['/weekly', 'weekly-new-records'], ['/tasks', 'tasks-counts']] as const) {
      await open(page, path);
      await page.getByTestId(ready).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      // Menu entries are never broken over lines: each one's text is one line box.
      const lines = await page.locator('header.bar nav a').evaluateAll((els) => els.map((e) => {
        const r = document.createRange();
        r.selectNodeContents(e);
        return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size;
      }));
      expect(Math.max(...lines), path).toBe(1);
    }
    await page.screenshot({ path: 'test-output/phone-weekly.png' });
    await page.context().close();
  });

  it('lays the upload form\'s fields side by side without overlap, in both languages', async () => {
    const page = await signedIn('office', '/batches');
    await page.setViewportSize({ width: 1440, height: 900 });
    for (const lang of ['zh', 'en']) {
      await open(page, `/batches?lang=${lang}`);
      const boxes = await page.locator('form.form-grid > label').evaluateAll((els) => els.map((e) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }));
      expect(boxes.length).toBeGreaterThanOrEqual(3);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i]!, boxes[j]!];
          const overlap = a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
          expect(overlap, `${lang}: fields ${i} and ${j}`).toBe(false);
        }
      }
      // Each field's control lies within its label's box.
      const inside = await page.locator('form.form-grid > label').evaluateAll((els) => els.every((e) => {
        const c = e.querySelector('input, select');
        if (!c) return true;
        const [l, r] = [e.getBoundingClientRect(), c.getBoundingClientRect()];
        return r.left >= l.left - 1 && r.right <= l.right + 1;
      }));
      expect(inside, lang).toBe(true);
    }
    await page.context().close();
  });
});

describe('big screen', () => {
  it('shows a leader the city\'s headline figures full-screen, dark, without the header', async () => {
    const page = await signedIn('leader', '/screen', 'screen');
    await page.getByTestId('screen').waitFor();
    expect(await page.getByTestId('current-user').count()).toBe(0);
    const api = (await users.leader.get('/api/scorecard?entityType=city&entityId=370300&period=month')).body as { indicators: { id: string; value: number | null }[] };
    const tiles = await page.getByTestId('screen-tile').evaluateAll((els) => els.map((e) => [e.getAttribute('data-indicator-id'), e.getAttribute('data-value')]));
    expect(tiles.length).toBeGreaterThan(0);
    for (const [id, value] of tiles) expect(value, id!).toBe(String(api.indicators.find((i) => i.id === id)!.value ?? ''));
    const background = await page.getByTestId('screen').evaluate((el) => getComputedStyle(el).backgroundImage);
    expect(background).toContain('gradient');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: 'test-output/screen.png' });
    await page.context().close();
  });

  it('fills the display exactly in either language: nothing scrolls, every figure stays inside its tile', async () => {
    const page = await signedIn('leader', '/screen', 'screen');
    for (const [width, height, lang] of [[1920, 1080, 'zh'], [1366, 768, 'en'], [1280, 720, 'en']] as const) {
      await page.setViewportSize({ width, height });
      await open(page, `/screen?lang=${lang}`);
      await page.getByTestId('screen').waitFor();
      const fit = await page.evaluate(() => {
        const doc = document.documentElement;
        const outside = [...document.querySelectorAll('[data-testid="screen-tile"]')].flatMap((tile) => {
          const box = tile.getBoundingClientRect();
          const value = tile.querySelector('[data-testid="screen-value"]')!;
          const v = value.getBoundingClientRect();
          return v.left < box.left || v.right > box.right || v.bottom > box.bottom || value.scrollWidth > value.clientWidth + 1
            ? [`${tile.getAttribute('data-indicator-id')}: ${value.textContent}`] : [];
        });
        return { scrolls: doc.scrollHeight > innerHeight || doc.scrollWidth > innerWidth, outside };
      });
      expect(fit, `${width}×${height} ${lang}`).toEqual({ scrolls: false, outside: [] });
      await page.screenshot({ path: `test-output/screen-${width}-${lang}.png` });
    }
    await page.context().close();
  });
});

describe('user administration', () => {
  it('lets the office add a department user, who can then sign in; refuses a weak password with the rule', async () => {
    const page = await signedIn('office', '/admin/users');
    await page.getByTestId('admin-users').waitFor();
    const before = await page.getByTestId('user-row').count();
    await page.getByTestId('new-username').fill('zd-scjg-clerk');
    await page.getByTestId('new-display-name').fill('市场监管局填报员');
    await page.getByTestId('new-role').selectOption('department');
    await page.getByTestId('new-department').selectOption('zd-scjg');
    await page.getByTestId('new-password').fill('short');
    await page.getByTestId('new-submit').click();
    expect(await page.getByTestId('admin-problem').innerText()).toContain('at least 10 characters');
    await page.getByTestId('new-password').fill('clerk-password-2026');
    await page.getByTestId('new-submit').click();
    await page.getByTestId('admin-notice').waitFor();
    await page.locator('[data-testid="user-row"][data-username="zd-scjg-clerk"]').waitFor();
    expect(await page.getByTestId('user-row').count()).toBe(before + 1);
    await page.screenshot({ path: 'test-output/admin-users.png', fullPage: true });
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'zd-scjg-clerk', password: 'clerk-password-2026' }) });
    expect(await login.json()).toMatchObject({ user: { role: 'department', departmentId: 'zd-scjg' } });
    const audit = (await users.office.get('/api/audit?action=user-create')).body.entries as { detail: { username: string } }[];
    expect(audit.map((e) => e.detail.username)).toContain('zd-scjg-clerk');
    await page.context().close();
  });

  it('is not for leaders', async () => {
    const page = await signedIn('leader', '/');
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await open(page, '/admin/users');
    expect(await page.getByTestId('error-message').textContent()).toBe('user administration is for the credit office');
    await page.context().close();
  });
});

describe('assessment', () => {
  it('shows the office the scores and, per deduction, the records behind it', async () => {
    const page = await signedIn('office', '/assessment?scheme=department-monthly&at=2025-03-15');
    await page.getByTestId('assessment').waitFor();
    const api = (await users.office.get('/api/assessment?scheme=department-monthly&at=2025-03-15')).body as { rows: { entityId: string; score: number | null }[] };
    const shown = await page.getByTestId('assessment-row').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-entity-id'), tr.getAttribute('data-score')]));
    expect(shown).toEqual(api.rows.map((r) => [r.entityId, String(r.score ?? '')]));
    // 大数据中心's overdue sub-task (ledger line 1.2) costs it 5 points; the record is one click away.
    await page.locator('[data-testid="assessment-row"][data-entity-id="zd-dsj"]').getByTestId('records-link').click();
    await page.getByTestId('deduction-records').waitFor();
    expect(await page.getByTestId('deduction-record').count()).toBe(1);
    expect(await page.getByTestId('deduction-records').innerText()).toContain('1.2');
    // The panel is the unit's own: its ids are no columns (the headers are all words).
    expect(await page.getByTestId('deduction-records').locator('thead').innerText()).not.toMatch(/[A-Za-z]/);
    // A proportional deduction opens its rows too: 行政审批局's inaccurate rows, each problem in words.
    await page.locator('[data-testid="assessment-row"][data-entity-id="zd-xzsp"] [data-testid="rule-double-publicity-accurate"]').getByTestId('records-link').click();
    await page.locator('[data-testid="deduction-record"][data-deduction="inaccurate"]').first().waitFor();
    expect(await page.getByTestId('deduction-record').count()).toBe(5);
    const listed = await page.getByTestId('deduction-records').innerText();
    expect(listed).toContain('不准确');
    expect(listed).toContain('licences.csv');
    expect(listed).not.toMatch(/uscc_|date_invalid|id_/);
    await page.screenshot({ path: 'test-output/assessment.png', fullPage: true });
    // Printed (Ctrl+P), the page is its content: no header bar, no scheme switch.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.bar').isVisible()).toBe(false);
    expect(await page.getByTestId('assessment-prev').isVisible()).toBe(false);
    expect(await page.getByTestId('assessment-row').first().isVisible()).toBe(true);
    await page.context().close();
  });

  it('gives a department no way to other departments\' records', async () => {
    const page = await signedIn('department', '/assessment?scheme=department-monthly&at=2025-03-15');
    await page.getByTestId('assessment').waitFor();
    const links = await page.getByTestId('records-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links.every((h) => h?.includes('records=zd-xzsp'))).toBe(true);
    // Other departments' rows show their score, not the points of each rule.
    const points = (id: string) => page.locator(`[data-testid="assessment-row"][data-entity-id="${id}"] td[data-points]`).evaluateAll((tds) => tds.map((td) => td.getAttribute('data-points')));
    expect((await points('zd-dsj')).every((p) => p === '')).toBe(true);
    expect((await points('zd-xzsp')).some((p) => p !== '')).toBe(true);
    expect(await page.locator('[data-testid="assessment-row"][data-entity-id="zd-dsj"]').getAttribute('data-score')).not.toBe('');
    // A link to them passed on: the scores stay on the page, the records panel says why it is empty.
    await open(page, '/assessment?scheme=department-monthly&at=2025-03-15&records=zd-dsj:task-on-time');
    await page.getByTestId('assessment').waitFor();
    expect(await page.getByTestId('deduction-records-refused').textContent()).toBe('扣分对应的记录仅本单位和信用办可查看；得分和排名见上表。');
    expect(await page.getByTestId('deduction-record').count()).toBe(0);
    expect(await page.locator('[data-testid="assessment-row"][data-entity-id="zd-dsj"]').getAttribute('data-score')).not.toBe('');
    // The API refuses them all the same.
    const api = await users.department.get('/api/assessment/records?scheme=department-monthly&entityId=zd-dsj&indicator=task-on-time&at=2025-03-01');
    expect(api.status).toBe(403);
    await page.context().close();
  });
});

describe('zero reports', () => {
  it('marks 未报送 in the assessment, lets a month without records be declared 零报送, and says in Chinese why one with records cannot', async () => {
    const page = await signedIn('office', '/assessment?scheme=department-monthly&at=2025-03-15');
    await page.getByTestId('assessment').waitFor();
    const onTime = (id: string) => page.locator(`[data-testid="assessment-row"][data-entity-id="${id}"] [data-testid="rule-double-publicity-on-time"]`);
    // 市场监管局 owes 双公示 and sent none in March 2025.
    expect(await onTime('zd-scjg').getAttribute('data-status')).toBe('no-data');
    expect(await onTime('zd-scjg').innerText()).toContain('未报送');
    // The marks are explained under the table (a printed page has no hover titles).
    expect(await page.getByTestId('assessment-legend').innerText()).toContain('应报送而本期未报送，计0分');

    await open(page, '/batches?department=zd-scjg');
    await page.getByTestId('zero-reports').waitFor();
    await page.getByTestId('zero-report-month').fill('2025-03');
    await page.getByTestId('zero-report-note').fill('本月未作出行政许可和行政处罚决定');
    await page.getByTestId('zero-report-declare').click();
    await page.getByTestId('zero-report-done').waitFor();
    expect(await page.getByTestId('zero-report-done').innerText()).toBe('已声明2025年3月零报送。');
    await page.locator('[data-testid="zero-report-row"][data-month="2025-03"]').waitFor();

    await open(page, '/assessment?scheme=department-monthly&at=2025-03-15');
    await page.getByTestId('assessment').waitFor();
    expect(await onTime('zd-scjg').getAttribute('data-status')).toBe('zero-report');
    expect(await onTime('zd-scjg').innerText()).toContain('零报送');
    await page.screenshot({ path: 'test-output/assessment-zero-report.png', fullPage: true });

    // Withdrawn, the month is 未报送 again.
    await open(page, '/batches?department=zd-scjg');
    await page.getByTestId('zero-report-withdraw').click();
    await page.getByTestId('zero-report-done').waitFor();
    await page.locator('[data-testid="zero-report-row"]').waitFor({ state: 'detached' });
    expect((await users.office.get('/api/zero-reports')).body.zeroReports).toEqual([]);

    // 行政审批局 decided licences in March: refused, with the reason in the page's language.
    await open(page, '/batches?department=zd-xzsp');
    await page.getByTestId('zero-report-month').fill('2025-03');
    await page.getByTestId('zero-report-declare').click();
    await page.getByTestId('zero-report-problem').waitFor();
    expect(await page.getByTestId('zero-report-problem').innerText()).toMatch(/^2025年3月已有\d+条行政许可或行政处罚记录，不能声明零报送。$/);
    // A department without the duty is offered no panel.
    await open(page, '/batches?department=zd-dsj');
    await page.getByTestId('batch-filters').waitFor();
    expect(await page.getByTestId('zero-reports').count()).toBe(0);
    // Without a department chosen, the office reads every department's declarations.
    await users.office.send('POST', '/api/zero-reports', { duty: 'double-publicity', month: '2025-04', departmentId: 'zd-scjg' });
    await open(page, '/batches');
    await page.getByTestId('zero-report-overview').waitFor();
    expect(await page.getByTestId('zero-report-declare').count()).toBe(0);
    expect(await page.locator('[data-testid="zero-report-row"][data-department-id="zd-scjg"][data-month="2025-04"]').innerText()).toContain('淄博市张店区市场监督管理局');
    await page.getByTestId('zero-report-withdraw').click();
    await page.locator('[data-testid="zero-report-row"]').waitFor({ state: 'detached' });
    await page.context().close();
  });
});

describe('data desk', () => {
  it('lists the office every batch and offers the rejected rows of a batch as Excel', async () => {
    const page = await signedIn('office', '/batches');
    const rows = page.getByTestId('batch-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    const licences = page.locator('[data-testid="batch-row"]', { hasText: 'licences.csv' });
    expect(await licences.getByTestId('batch-rows-quarantined').getAttribute('class')).toContain('warn');
    const href = await licences.getByTestId('batch-quarantine-download').getAttribute('href');
    const res = await page.request.get(base + href);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('spreadsheetml');
    await page.screenshot({ path: 'test-output/batches-office.png', fullPage: true });
    await page.context().close();
  });

  it('lists a department only its own batches, and refuses another department\'s by URL', async () => {
    const page = await signedIn('department', '/batches');
    const rows = page.getByTestId('batch-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    // Freshness of its own sources only.
    const fresh = await page.getByTestId('freshness-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-department-id')));
    expect(fresh.length).toBeGreaterThan(0);
    expect(new Set(fresh)).toEqual(new Set(['zd-xzsp']));
    // Tampering with the URL: the API refuses, whatever the page would have shown.
    for (const path of [`/api/batches/${otherBatch}`, `/api/batches/${otherBatch}/quarantine`, `/api/batches/${otherBatch}/quarantine.xlsx`]) {
      const res = await page.request.get(base + path);
      expect(res.status(), path).toBe(403);
    }
    expect((await page.request.get(`${base}/api/scorecard?entityType=department&entityId=zd-fgj&period=month`)).status()).toBe(403);
    await page.screenshot({ path: 'test-output/batches-department.png', fullPage: true });
    await page.context().close();
  });

  it('takes a department\'s upload with progress, shows the counts and offers the rejected rows', async () => {
    const page = await signedIn('department', '/batches');
    await page.getByTestId('upload').waitFor();
    expect(await page.getByTestId('upload-department').count()).toBe(0); // its own department only
    // The department's file has a column of its own (联系电话), which is not read and is named.
    // One more row is listed after the report date, today (reasons are named in Chinese, not as codes).
    const lines = readFileSync(fixture('sources/credit-list.csv'), 'utf8').split('\n').filter((l) => l !== '');
    lines.push(lines[1]!.replace('张税认〔2025〕1号', '张税认〔2025〕99号').replace('2025-03-01', '2099-03-20'));
    // And a total under the table, set aside and named.
    const csv = `${lines.map((l, i) => `${l},${i === 0 ? '联系电话' : ''}`).join('\n')}\n合计：共${lines.length - 1}条`;
    await page.getByTestId('upload-file').setInputFiles({ name: 'credit-list.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // A department's file is dated the day it arrives: no date to pick.
    expect(await page.getByTestId('upload-reported-at').count()).toBe(0);
    await page.getByTestId('upload-submit').click();
    const result = page.getByTestId('upload-result');
    await result.waitFor();
    expect(await result.getAttribute('data-status')).toBe('loaded');
    const batchId = await result.getAttribute('data-batch-id');
    const batch = (await users.department.get(`/api/batches/${batchId}`)).body as { departmentId: string; sourceType: string; rowsLoaded: number; rowsQuarantined: number };
    expect(batch).toMatchObject({ departmentId: 'zd-xzsp', sourceType: 'credit-list' });
    expect(Number(await result.getAttribute('data-rows-loaded'))).toBe(batch.rowsLoaded);
    expect(Number(await result.getAttribute('data-rows-quarantined'))).toBe(batch.rowsQuarantined);
    expect(await page.getByTestId('upload-ignored-columns').textContent()).toBe('未读取的列（无对应字段）：联系电话');
    expect(await page.getByTestId('upload-footer-rows').textContent()).toBe(`表格下方的合计、备注、落款等行，未作记录读取、不计行数：第 ${lines.length + 1} 行（合计:共${lines.length - 1}条）`);
    expect(await page.getByTestId('upload-reason').allTextContents()).toContain('列入日期：日期晚于报送日期 × 1');
    // The list shows the new batch without a reload.
    await page.locator(`[data-testid="batch-row"][data-batch-id="${batchId}"]`).waitFor();
    expect(await page.locator(`[data-testid="batch-row"][data-batch-id="${batchId}"] [data-testid="batch-department"]`).textContent()).toBe('淄博市张店区行政审批服务局');
    await page.screenshot({ path: 'test-output/upload.png', fullPage: true });
    // The same file again: said to be, in Chinese.
    await page.getByTestId('upload-file').setInputFiles({ name: 'credit-list.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('upload-submit').click();
    await page.locator(`[data-testid="upload-result"]:not([data-batch-id="${batchId}"])`).waitFor();
    expect(await page.getByTestId('upload-repeat-of').innerText()).toMatch(new RegExp(`^与批次 ${batchId}（credit-list\\.csv，\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 入库）是同一文件`));
    // The first record corrected (its 列入事由): one record's new content, said so.
    const corrected = csv.replaceAll('纳税信用A级', '纳税信用A级（复评）');
    await page.getByTestId('upload-file').setInputFiles({ name: 'credit-list-更正.csv', mimeType: 'text/csv', buffer: Buffer.from(corrected) });
    await page.getByTestId('upload-submit').click();
    await page.getByTestId('upload-superseding').waitFor();
    expect(await page.getByTestId('upload-superseding').innerText()).toBe('其中 1 条是已入库记录的新内容，替换了原来的版本（原版本保留在历史中）。');
    // A licence file sent as penalties: refused, in Chinese, and the failed batch in the list says why.
    await page.getByTestId('upload-source-type').selectOption('penalty');
    await page.getByTestId('upload-file').setInputFiles({ name: '许可.csv', mimeType: 'text/csv', buffer: readFileSync(fixture('licences.csv')) });
    await page.getByTestId('upload-submit').click();
    await page.getByTestId('upload-problem').waitFor();
    expect(await page.getByTestId('upload-problem').innerText()).toMatch(/^文件的表头更像「行政许可」（\d+ 列对得上），而不是所选的「行政处罚」（\d+ 列）：请确认所选数据类型。文件未入库。$/);
    expect(await page.getByTestId('upload-result').count()).toBe(0);
    const failed = page.locator('[data-testid="batch-row"][data-status="failed"] [data-testid="batch-problem"]').first();
    await failed.waitFor();
    expect([await failed.getAttribute('data-code'), await failed.innerText()]).toEqual(['other_source', await page.getByTestId('upload-problem').innerText()]);
    await page.context().close();
  });

  it('lets a department report its task progress on the task ledger, in words it reads, and shows the line at once', async () => {
    const page = await signedIn('department', '/');
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('tasks-page').waitFor();
    // Its own plan sub-tasks only, as the API lists them.
    const api = (await users.department.get('/api/tasks')).body as { lines: { subtaskNo: string; status: string }[] };
    const shown = await page.getByTestId('task-line').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-subtask-no'), r.getAttribute('data-status')]));
    expect(shown).toEqual(api.lines.map((l) => [l.subtaskNo, l.status]));
    const row = page.locator('[data-testid="task-line"][data-subtask-no="3.4"]');
    await row.getByTestId('task-update').click();
    await page.getByTestId('task-status').selectOption('已完成');
    await page.getByTestId('task-save').click();
    expect(await page.getByTestId('task-problem').innerText()).toBe('已完成的任务须填写完成日期');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await page.getByTestId('task-completed-on').fill(today);
    await page.getByTestId('task-note').fill('已在全部窗口提供');
    await page.getByTestId('task-save').click();
    await page.getByTestId('tasks-saved').waitFor();
    await page.locator('[data-testid="task-line"][data-subtask-no="3.4"][data-status="已完成"]').waitFor();
    expect(await row.innerText()).toContain('已在全部窗口提供');
    const after = ((await users.department.get('/api/tasks')).body as { lines: { subtaskNo: string; status: string; completedOn: string | null }[] }).lines.find((l) => l.subtaskNo === '3.4');
    expect(after).toMatchObject({ status: '已完成', completedOn: today });
    // The office's filter is not offered; the workbook is the department's own board.
    expect(await page.getByTestId('tasks-unit').count()).toBe(0);
    expect(await page.getByTestId('tasks-export').getAttribute('href')).toMatch(/^\/api\/tasks\.xlsx\?at=\d{4}-\d{2}-\d{2}&departmentId=zd-xzsp$/);
    await page.screenshot({ path: 'test-output/tasks-department.png', fullPage: true });
    await page.context().close();
  });

  it('lets a street office send its own street\'s figures from the data desk; rows of other streets are named', async () => {
    const page = await signedIn('street', '/');
    await page.getByTestId('nav-batches').click();
    await page.getByTestId('upload').waitFor();
    // Only what streets report is offered; no department to pick; no department freshness table.
    const offered = await page.getByTestId('upload-source-type').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(['', 'street-registration', 'publicity-article', 'pilot-village', 'honesty-star', 'task-progress']);
    expect(await page.getByTestId('upload-department').count()).toBe(0);
    expect(await page.getByTestId('upload-street-note').innerText()).toContain('街道账号可报送本街道的：个人信用分注册情况');
    await page.getByTestId('upload-file').setInputFiles({ name: '车站街道.csv', mimeType: 'text/csv', buffer: readFileSync(fixture('sources/street-registration.csv')) });
    await page.getByTestId('upload-submit').click();
    const result = page.getByTestId('upload-result');
    await result.waitFor();
    expect([await result.getAttribute('data-status'), await result.getAttribute('data-rows-loaded')]).toEqual(['loaded', '1']);
    expect(await page.getByTestId('upload-reason').allTextContents()).toContain('所属街道：不是本街道：街道账号只能报送本街道的数据 × 3');
    const batchId = await result.getAttribute('data-batch-id');
    await page.locator(`[data-testid="batch-row"][data-batch-id="${batchId}"]`).waitFor();
    // Its own batches only.
    const listed = await page.getByTestId('batch-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-batch-id')));
    expect(listed).toEqual([batchId]);
    // A department's file, its type read from the header: refused, in the page's language.
    await page.getByTestId('upload-file').setInputFiles({ name: '许可.csv', mimeType: 'text/csv', buffer: readFileSync(fixture('licences.csv')) });
    await page.getByTestId('upload-submit').click();
    await page.getByTestId('upload-problem').waitFor();
    expect(await page.getByTestId('upload-problem').innerText()).toBe('街道账号不能报送行政许可：文件按表头识别为行政许可，应由主管部门报送。街道可报送的数据见下方说明。');
    await page.screenshot({ path: 'test-output/upload-street.png', fullPage: true });
    await page.context().close();
  });

  it('signs out: the session ends and pages lead back to sign-in', async () => {
    const page = await signedIn('office', '/');
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login').waitFor();
    await open(page, '/batches');
    await page.getByTestId('login').waitFor();
    expect((await page.request.get(`${base}/api/meta`)).status()).toBe(401);
    await page.context().close();
  });
});

describe('plan administration', () => {
  type Plan = {
    indicators: { id: string; milestones: { date: string; value: number }[] }[];
    schemes: { id: string; effectiveFrom: string; reason: string; rules: { indicator: string; weight: number }[] }[];
    tasks: { taskNo: string; subtaskNo: string; taskZh: string; departmentIds: string[]; deadline: string | null }[];
  };
  /** The API's answer with the page's own session. */
  const apiOf = async <T>(page: Page, path: string): Promise<T> => (await page.request.get(`${base}${path}`)).json() as Promise<T>;

  it('lets the office change a target with a reason: in the table, in the history, stored as a fraction', async () => {
    const page = await signedIn('office', '/admin/plan?tab=targets');
    await page.getByTestId('admin-plan').waitFor();
    expect(await page.getByTestId('nav-admin').getAttribute('aria-current')).toBe('page');
    const row = page.locator('[data-testid="target-row"][data-indicator-id="enterprise-coverage"]');
    const milestones = () => row.getByTestId('target-milestone').evaluateAll((els) => els.map((e) => [e.getAttribute('data-date'), e.getAttribute('data-value')]));
    expect(await milestones()).toEqual([['2025-12-31', '1']]);
    await row.getByTestId('target-edit').click();
    const form = page.getByTestId('target-form');
    const value = form.getByTestId('milestone-value');
    expect(await value.inputValue()).toBe('100'); // entered in percent
    // Over 100%: the API refuses, saying why, on the page.
    await value.fill('120');
    await form.getByTestId('edit-reason').fill('按市考核口径调整');
    await form.getByTestId('edit-submit').click();
    expect(await form.getByTestId('plan-problem').innerText()).toMatch(/percentage is a fraction 0\.\.1.*got 1\.2/);
    expect(await form.getByTestId('plan-problem').getAttribute('role')).toBe('alert');
    await form.screenshot({ path: 'test-output/admin-plan-target-form.png' });
    await value.fill('90');
    await form.getByTestId('edit-submit').click();
    await page.getByTestId('plan-notice').waitFor();
    await form.waitFor({ state: 'detached' });
    expect(await milestones()).toEqual([['2025-12-31', '0.9']]);
    expect(await row.getByTestId('target-milestones').innerText()).toContain('90%');
    const plan = await apiOf<Plan>(page, '/api/plan');
    expect(plan.indicators.find((d) => d.id === 'enterprise-coverage')!.milestones).toEqual([expect.objectContaining({ date: '2025-12-31', value: 0.9 })]);
    await page.screenshot({ path: 'test-output/admin-plan-targets.png', fullPage: true });

    await page.getByTestId('plan-tab-history').click();
    await page.waitForURL(/tab=history/);
    const rows = page.getByTestId('edit-row');
    await rows.first().waitFor();
    // The refused edit left nothing behind: one edit, as the API lists it.
    const { edits } = await apiOf<{ edits: { edit: { kind: string } }[] }>(page, '/api/plan/edits');
    expect(edits.map((e) => e.edit.kind)).toEqual(['targets']);
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-subject')).toBe('enterprise-coverage');
    expect(await rows.first().getAttribute('data-set-aside')).toBe('false');
    const text = await rows.first().innerText();
    expect(text).toContain('按市考核口径调整');
    expect(text).toContain('2025-12-31 90%');
    expect(text).toContain('office (test)');
    await page.screenshot({ path: 'test-output/admin-plan-history.png', fullPage: true });
    await page.context().close();
  });

  it('adds a version of an assessment scheme from the next period, prefilled with the latest rules; a past period is refused', async () => {
    const page = await signedIn('office', '/admin/plan?tab=scoring');
    const scheme = page.locator('[data-testid="scheme"][data-scheme-id="department-monthly"]');
    await scheme.waitFor();
    const versions = scheme.getByTestId('scheme-version');
    const before = await versions.count();
    const latest = (await apiOf<Plan>(page, '/api/plan')).schemes.filter((s) => s.id === 'department-monthly').sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)).at(-1)!;
    await scheme.getByTestId('scheme-new-version').click();
    const form = scheme.getByTestId('scoring-form');
    expect(await form.getByTestId('rule-indicator').evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value))).toEqual(latest.rules.map((r) => r.indicator));
    expect(await form.getByTestId('rule-weight').evaluateAll((els) => els.map((e) => Number((e as HTMLInputElement).value)))).toEqual(latest.rules.map((r) => r.weight));
    const now = new Date();
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    expect(await form.getByTestId('effective-from').inputValue()).toBe(next);

    await form.getByTestId('rule-weight').first().fill('35');
    await form.getByTestId('edit-reason').fill('下月起提高双公示按时权重');
    await form.getByTestId('effective-from').fill('2025-03-01');
    await form.getByTestId('edit-submit').click();
    expect(await form.getByTestId('plan-problem').innerText()).toMatch(/not from 2025-03-01; periods already assessed keep their rules/);
    await form.screenshot({ path: 'test-output/admin-plan-scoring-form.png' });
    await form.getByTestId('effective-from').fill(next);
    await form.getByTestId('edit-submit').click();
    await page.getByTestId('plan-notice').waitFor();
    const added = scheme.locator(`[data-testid="scheme-version"][data-effective-from="${next}"]`);
    await added.waitFor();
    expect(await versions.count()).toBe(before + 1);
    expect(await added.getAttribute('data-state')).toBe('scheduled');
    expect(await added.innerText()).toContain('下月起提高双公示按时权重');
    expect(await added.getByTestId('scheme-rule').first().getAttribute('data-weight')).toBe('35');
    const stored = (await apiOf<Plan>(page, '/api/plan')).schemes.find((s) => s.id === 'department-monthly' && s.effectiveFrom === next)!;
    expect(stored.rules.map((r) => r.weight)).toEqual([35, ...latest.rules.slice(1).map((r) => r.weight)]);
    await page.screenshot({ path: 'test-output/admin-plan-scoring.png', fullPage: true });
    await page.context().close();
  });

  it('adds a sub-task to a task, changes its deadline in place and withdraws it, each with a reason', async () => {
    const page = await signedIn('office', '/admin/plan?tab=tasks');
    await page.getByTestId('tasks').waitFor();
    const rows = page.getByTestId('task-row');
    const before = await rows.count();
    const { tasks } = await apiOf<Plan>(page, '/api/plan');
    const task1 = tasks.filter((x) => x.taskNo === '1');
    const subtaskNo = `1.${task1.length + 1}`;

    await page.getByTestId('task-add').click();
    const form = page.getByTestId('task-form');
    await form.getByTestId('task-no').fill('1');
    expect(await form.getByTestId('subtask-no').inputValue()).toBe(subtaskNo);
    expect(await form.getByTestId('task-name').inputValue()).toBe(task1[0]!.taskZh);
    await form.getByTestId('subtask-text').fill('完成信用网站改版');
    await form.getByTestId('task-units').fill('区发展改革局');
    await form.locator('[data-testid="task-department"][data-department-id="zd-fgj"]').check();
    await form.getByTestId('deadline-kind').selectOption('yearly');
    await form.getByTestId('deadline-month-day').fill('06-30');
    await form.getByTestId('edit-reason').fill('联席会议新增');
    await form.screenshot({ path: 'test-output/admin-plan-task-form.png' });
    await form.getByTestId('edit-submit').click();
    const row = page.locator(`[data-testid="task-row"][data-subtask-no="${subtaskNo}"]`);
    await row.waitFor();
    expect(await row.getByTestId('task-row-deadline').innerText()).toBe('每年6月30日');
    expect(await row.getByTestId('task-row-departments').innerText()).toContain('发展');

    await row.getByTestId('task-edit').click();
    await form.getByTestId('deadline-kind').selectOption('continuing');
    await form.getByTestId('edit-reason').fill('改为持续性工作');
    await form.getByTestId('edit-submit').click();
    await page.locator(`[data-testid="task-row"][data-subtask-no="${subtaskNo}"][data-deadline=""]`).waitFor();
    expect(await row.getByTestId('task-row-deadline').innerText()).toBe('持续性');

    await row.getByTestId('task-withdraw').click();
    const withdraw = page.getByTestId('withdraw-form');
    await withdraw.getByTestId('edit-reason').fill('并入1.1');
    await withdraw.getByTestId('edit-submit').click();
    await row.waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(before);
    await page.screenshot({ path: 'test-output/admin-plan-tasks.png', fullPage: true });
    const stored = await apiOf<Plan>(page, '/api/plan');
    expect(stored.tasks.some((x) => x.subtaskNo === subtaskNo)).toBe(false);
    const { edits } = await apiOf<{ edits: { edit: { kind: string; reason: string } }[] }>(page, '/api/plan/edits');
    expect(edits.slice(0, 3).map((e) => [e.edit.kind, e.edit.reason])).toEqual([['task-removed', '并入1.1'], ['task', '改为持续性工作'], ['task', '联席会议新增']]);
    await page.context().close();
  });

  it('is not for leaders', async () => {
    const page = await signedIn('leader', '/');
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await open(page, '/admin/plan?tab=targets');
    expect(await page.getByTestId('error').getAttribute('data-status')).toBe('403');
    expect(await page.locator('body').innerText()).toContain('当前账号无权查看此页面');
    expect(await page.getByTestId('error-hint').innerText()).toContain('领导账号可查看各项指标');
    expect(await page.getByTestId('error-message').textContent()).toBe('plan administration is for the credit office');
    expect((await page.request.get(`${base}/api/plan`)).status()).toBe(403);
    await page.context().close();
  });
});
