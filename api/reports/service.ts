/**
 * The office's two recurring products (DESIGN §8): the weekly scheduling sheet and the monthly
 * bulletin. A preview computes the content from the marts as they stand; publishing computes it
 * once more, prints the PDF, writes the workbook and stores all three with a version number, in
 * the warehouse's exclusive turn — from then on the report is downloaded as stored, whatever is
 * loaded later. The schedule stores drafts the same way.
 */
import { addDays, chinaDay } from '../../lib/dates.ts';
import type { Warehouse } from '../../warehouse/connection.ts';
import type { Preset } from '../../warehouse/preset/preset-schema.ts';
import { bulletinNumber, getReport, insertReport, reportFile, type ReportKind, type ReportMeta } from '../../warehouse/repositories/reports.ts';
import { appendAudit } from '../../warehouse/repositories/accounts.ts';
import type { MetricsRepository } from '../../metrics/queries.ts';
import type { Assessment } from '../../metrics/assessment.ts';
import type { Weekly } from '../../metrics/weekly.ts';
import type { Records } from '../../metrics/records.ts';
import { createBulletin, type BulletinContent } from '../../metrics/reports/bulletin.ts';
import { createWeeklySheet, distributionCopy, type WeeklySheetContent } from '../../metrics/reports/weekly-sheet.ts';
import { bulletinWorkbook, weeklyWorkbook, type ReportHeading } from '../exports/report-xlsx.ts';
import type { PdfRenderer } from '../exports/report-pdf.ts';

export type ReportContent = BulletinContent | WeeklySheetContent;

export interface Publisher {
  userId: number | null;
  displayName: string | null;
  username: string | null;
  ip?: string;
}

/** A date in the Chinese official style, in China time: 2026年11月25日. */
export function chineseDate(at: Date = new Date()): string {
  const d = new Date(at.getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** Every department, street and district a report's content names (who may read it). */
export function namesIn(c: ReportContent, preset: Preset): string[] {
  const names = new Set<string>();
  const byName = new Map<string, string>([...preset.departments.map((d) => [d.nameZh, d.id] as const), ...preset.areas.map((a) => [a.nameZh, a.code] as const)]);
  if (c.kind === 'bulletin') {
    for (const r of [...c.districts.rows, ...c.departments.rows, ...c.streets.rows]) names.add(r.id);
    for (const p of c.problems) if (byName.has(p.unitZh)) names.add(byName.get(p.unitZh)!);
  } else {
    for (const r of [...c.submissions, ...c.doublePublicity, ...c.silent]) names.add(r.departmentId);
    for (const r of c.tasks) names.add(r.departmentId ?? r.streetCode!);
    for (const s of c.streets) if (s.records > 0) names.add(s.code);
    for (const f of c.fellBehind) if (byName.has(f.nameZh)) names.add(byName.get(f.nameZh)!);
  }
  return [...names].sort();
}

export function createReportService(deps: {
  wh: Warehouse; preset: Preset; repo: MetricsRepository; assessment: Assessment; weekly: Weekly; records: Records; pdf: PdfRenderer;
}) {
  const { wh, preset, repo, pdf } = deps;
  const bulletin = createBulletin(preset, repo, deps.assessment, deps.records);
  const sheet = createWeeklySheet(wh, preset, repo, deps.weekly, deps.records);
  const issuer = () => preset.reports?.issuerZh ?? `${preset.nameZh}社会信用体系建设领导小组办公室`;

  /**
   * A report's period when none is asked for: the latest that has ended (China time), so that the
   * default bulletin is last month's, not this month's first days (undefined: the latest with
   * data, which has ended, or is the only one there is).
   */
  async function defaultDay(kind: ReportKind): Promise<string | undefined> {
    const grain = kind === 'bulletin' ? 'month' : 'week';
    const latest = await repo.period(grain);
    if (latest.end < chinaDay()) return undefined;
    const before = addDays(latest.start, -1);
    return repo.period(grain, before).then(() => before, () => undefined);
  }

  const build = async (kind: ReportKind, at?: string): Promise<ReportContent> => {
    const day = at ?? await defaultDay(kind).catch(() => undefined);
    return kind === 'bulletin' ? bulletin.build(day) : sheet.build(day);
  };

  /** The copy of a report's content read beyond the office, or null when it is the same. */
  const distributed = (c: ReportContent): ReportContent | null => (c.kind === 'weekly' ? distributionCopy(c) : null);

  /** The period has not ended yet (China time): its figures are incomplete. */
  const unfinished = (c: ReportContent) => c.period.end >= chinaDay();

  const workbook = (c: ReportContent, heading: ReportHeading) => (c.kind === 'bulletin' ? bulletinWorkbook(c, heading) : weeklyWorkbook(c, heading));

  /** The heading printed above a report: a preview says so instead of a number. */
  const previewHeading = (c: ReportContent): ReportHeading => ({ title: c.titleZh, number: '预览（未发布）', issuer: issuer(), date: chineseDate() });

  async function newestBatch(): Promise<number | null> {
    const [b] = await wh.all<{ id: number | null }>(`SELECT max(id) AS id FROM meta.batch WHERE status = 'loaded'`);
    return b?.id ?? null;
  }

  /** Computes, prints and stores a report (published or a draft), in the warehouse's exclusive turn. */
  function store(kind: ReportKind, at: string | undefined, status: 'draft' | 'published', by: Publisher, origin: 'office' | 'schedule'): Promise<ReportMeta> {
    return wh.exclusive(async () => {
      const content = await build(kind, at);
      const year = Number(chineseDate().slice(0, 4));
      const number = kind === 'bulletin'
        ? (status === 'published' ? await bulletinNumber(wh, content.period.start, preset.reports?.numberPrefixZh ?? `${preset.nameZh}信用办`, year) : '草稿')
        : `${content.period.label}`;
      const [last] = await wh.all<{ v: number | null }>(`SELECT max(version) AS v FROM meta.report WHERE kind = $1 AND period_start = $2::DATE AND status = 'published'`, [kind, content.period.start]);
      const version = status === 'published' ? (last?.v ?? 0) + 1 : null;
      const title = `${content.titleZh}（${content.period.label}）${version && version > 1 ? `（第${version}版）` : ''}`;
      const heading: ReportHeading = { title: content.titleZh, number: version && version > 1 ? `${number}（第${version}版）` : number, issuer: issuer(), date: chineseDate() };
      const [pdfBytes, xlsxBytes] = [await pdf.render({ heading, content }), await workbook(content, heading)];
      const copy = distributed(content);
      const report = await insertReport(wh, {
        kind, status, period: content.period, number, title, content, newestBatch: await newestBatch(), dataAsOf: content.dataAsOf,
        names: namesIn(content, preset), pdf: pdfBytes, xlsx: xlsxBytes, createdBy: by.userId, createdByName: by.displayName, origin,
        distributed: copy && { pdf: await pdf.render({ heading, content: copy }), xlsx: await workbook(copy, heading) },
      });
      await appendAudit(wh, {
        userId: by.userId, username: by.username, ip: by.ip, action: status === 'published' ? 'report-publish' : 'report-draft',
        target: `report:${report.id}`, detail: { kind, period: content.period, version: report.version, number: report.number, origin, newestBatch: report.newestBatch },
      });
      return report;
    });
  }

  return {
    build,

    /** A report as it would be published now: its content and the heading it would carry. */
    async preview(kind: ReportKind, at?: string): Promise<{ heading: ReportHeading; content: ReportContent; unfinished: boolean }> {
      const content = await build(kind, at);
      return { heading: previewHeading(content), content, unfinished: unfinished(content) };
    },

    /** The preview's files, to check before publishing. */
    async previewFile(kind: ReportKind, at: string | undefined, format: 'pdf' | 'xlsx'): Promise<Buffer> {
      const { heading, content } = await this.preview(kind, at);
      return format === 'pdf' ? pdf.render({ heading, content }) : workbook(content, heading);
    },

    publish: (kind: ReportKind, at: string | undefined, by: Publisher) => store(kind, at, 'published', by, 'office'),

    draft: (kind: ReportKind, at: string | undefined) => store(kind, at, 'draft', { userId: null, username: 'schedule', displayName: '定时生成' }, 'schedule'),

    /**
     * A stored report's file for a reader: the office's as published; for anyone else the
     * distributed copy, rendered from the frozen content when the report predates stored copies.
     */
    async file(r: ReportMeta & { content: ReportContent; heading: ReportHeading }, format: 'pdf' | 'xlsx', office: boolean): Promise<Buffer> {
      const copy = office ? null : distributed(r.content);
      if (!copy) return (await reportFile(wh, r.id, format))!;
      return (await reportFile(wh, r.id, format, 'distributed'))
        ?? (format === 'pdf' ? pdf.render({ heading: r.heading, content: copy }) : workbook(copy, r.heading));
    },

    /** What a reader sees of a stored report's content: the office all of it, others the distributed copy. */
    readable: (content: ReportContent, office: boolean): ReportContent => (office ? content : distributed(content) ?? content),

    /** A stored report with the heading it was printed with. */
    async stored(id: number) {
      const r = await getReport(wh, id);
      if (!r) return null;
      const content = r.content as ReportContent;
      const heading: ReportHeading = {
        title: content.titleZh, number: r.version && r.version > 1 ? `${r.number}（第${r.version}版）` : r.number, issuer: issuer(),
        date: chineseDate(new Date(r.createdAt)),
      };
      return { ...r, content, heading };
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
