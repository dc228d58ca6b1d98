/**
 * The monthly bulletin (月通报, DESIGN §8) as data: everything the printed document shows — the
 * table-1 indicators against their targets, the district, department and street rankings with
 * movement, the problems named by unit, the figures behind its charts and a summary written from
 * them. Built from the marts as they stand; a published bulletin keeps this content frozen
 * (metrics/reports/publish.ts) and is never rebuilt.
 */
import type { DepartmentDuty, Preset } from '../../warehouse/preset/preset-schema.ts';
import { dutyOf, type Assessment } from '../assessment.ts';
import type { MetricsRepository } from '../queries.ts';
import type { Records } from '../records.ts';
import type { Status } from '../trajectory.ts';
import { formatCount, formatPercent } from '../../lib/number-format.ts';

export interface BulletinRow {
  id: string;
  nameZh: string;
  /** The district a street or department belongs to (streets and departments tables). */
  areaZh?: string | null;
  score: number | null;
  rank: number | null;
  previousRank: number | null;
  movement: number | null;
}

export interface HeadlineRow {
  id: string;
  groupZh: string | null;
  nameZh: string;
  unit: string;
  value: number | null;
  previousValue: number | null;
  target: number | null;
  /** `standing`: a target without a date of its own (常年), held at the period. */
  finalTarget: { date: string; value: number; standing?: boolean } | null;
  status: Status | null;
}

export interface Problem {
  /** The unit named. */
  unitZh: string;
  kind: 'late' | 'missing' | 'overdue' | 'far-behind' | 'silent';
  /** The unit is a street office or town (its own sub-tasks, 各镇办); else a department or district. */
  street?: true;
  count: number;
  text: string;
}

export interface BulletinContent {
  kind: 'bulletin';
  period: { start: string; end: string; label: string };
  titleZh: string;
  issuerZh: string;
  /** The data the figures were computed from: the newest loaded batch and when it was loaded. */
  dataAsOf: string | null;
  summary: string[];
  headline: HeadlineRow[];
  districts: { basis: string; rows: BulletinRow[] };
  departments: { basis: string; rows: BulletinRow[] };
  streets: { basis: string; unit: string; rows: BulletinRow[] };
  problems: Problem[];
  charts: {
    departmentScores: { nameZh: string; score: number | null }[];
    recordVolume: { labels: string[]; values: (number | null)[]; targets: (number | null)[] };
  };
}

const STATUS_ZH: Record<Status, string> = { met: '达标', on_track: '进度正常', behind: '滞后', far_behind: '严重滞后' };

/** A value in the bulletin's words: 93.4%, 4.21亿条, 12 人次. */
export function valueText(value: number | null, unit: string): string {
  if (value === null) return '—';
  return unit === '%' ? formatPercent(value) : formatCount(value, unit);
}

const DISTRICT_SCHEME = 'district-quarterly';
const DEPARTMENT_SCHEME = 'department-monthly';
const STREET_INDICATOR = 'enterprise-coverage';

/**
 * An indicator's name as the bulletin writes it: its own name, or, where another indicator of the
 * catalog has the same name (企业法人覆盖率 of 信用信息覆盖 and of 分级分类), with its group.
 * @example indicatorNameZh({ nameZh: '企业法人覆盖率', groupZh: '信用评价与分级分类覆盖情况' }, all) // '企业法人覆盖率（信用评价与分级分类覆盖情况）'
 */
export function indicatorNameZh(i: { nameZh: string; groupZh?: string | null }, all: readonly { nameZh: string }[]): string {
  return i.groupZh && all.filter((x) => x.nameZh === i.nameZh).length > 1 ? `${i.nameZh}（${i.groupZh}）` : i.nameZh;
}

/**
 * A department's short name on a chart: 住建局, or where a department of another area has the same
 * short name, with its area (市住建局 for the city's, 张店区住建局 for the district's).
 */
/**
 * Units named in a sentence: up to three by name, more as the first three and how many.
 * @example unitsZh([{ nameZh: '甲' }, { nameZh: '乙' }, { nameZh: '丙' }, { nameZh: '丁' }], '部门') // '甲、乙、丙等4个部门'
 */
export function unitsZh(rows: readonly { nameZh: string }[], noun: string): string {
  const names = rows.map((r) => r.nameZh);
  return names.length > 3 ? `${names.slice(0, 3).join('、')}等${names.length}个${noun}` : names.join('、');
}

export function departmentShortZh(preset: Pick<Preset, 'departments' | 'areas' | 'cityCode'>, id: string): string | null {
  const d = preset.departments.find((x) => x.id === id);
  if (!d) return null;
  if (preset.departments.filter((x) => x.shortZh === d.shortZh).length === 1) return d.shortZh;
  const area = d.areaCode === preset.cityCode ? '市' : (preset.areas.find((a) => a.code === d.areaCode)?.nameZh ?? '');
  return `${area}${d.shortZh}`;
}

export function createBulletin(preset: Preset, repo: MetricsRepository, assessment: Assessment, records: Records) {
  const areaName = (code: string | null | undefined) => preset.areas.find((a) => a.code === code)?.nameZh ?? null;
  const districtOfDepartment = (id: string) => areaName(preset.departments.find((d) => d.id === id)?.areaCode.slice(0, 6));

  const defs = new Map(preset.indicators.map((d) => [d.id, d]));
  const fromAssessment = async (scheme: string, at: string) => {
    if (!preset.scoring.some((s) => s.id === scheme)) return null;
    const a = await assessment.assessment(scheme, at, 'month');
    // Units that declared the month empty are named, so a reader sees why they score in full.
    const declared = a.rows.filter((r) => r.rules.some((x) => x.status === 'zero-report')).map((r) => r.nameZh);
    return {
      basis: `${a.scheme.nameZh}（${a.version.effectiveFrom}起执行的规则，按本月数据计分）`
        + (declared.length > 0 ? `。本月零报送（未作出行政许可、行政处罚决定，双公示按时上报一项计满分）：${declared.join('、')}` : ''),
      rows: a.rows.map((r) => ({ id: r.entityId, nameZh: r.nameZh, score: r.score, rank: r.rank, previousRank: r.previousRank, movement: r.movement })),
      /** Per unit, the duties it owed and sent nothing for (rules scored 未报送). */
      unsent: new Map(a.rows.map((r) => [r.entityId, new Set(r.rules.filter((x) => x.status === 'no-data').map((x) => dutyOf(defs.get(x.indicator)!)))])),
    };
  };

  return {
    /**
     * The bulletin for the month containing `at` (default: the latest month with data).
     * @example const content = await bulletin.build('2026-10-15');
     */
    async build(at?: string): Promise<BulletinContent> {
      const meta = await repo.meta();
      const city = await repo.scorecard('city', preset.cityCode, 'month', at, 12);
      const p = city.period;
      const headline: HeadlineRow[] = city.indicators
        .filter((i) => i.target !== null || i.finalTarget !== null)
        .map((i) => ({
          id: i.id, groupZh: i.groupZh ?? null, nameZh: i.nameZh, unit: i.unit, value: i.value, previousValue: i.previousValue,
          target: i.target, finalTarget: i.finalTarget, status: i.status,
        }));

      const byDistrict = await fromAssessment(DISTRICT_SCHEME, p.start);
      const districts = { basis: byDistrict?.basis ?? '', rows: byDistrict?.rows ?? [] };
      const { unsent, ...departments } = (await fromAssessment(DEPARTMENT_SCHEME, p.start)) ?? { basis: '', rows: [], unsent: new Map<string, Set<DepartmentDuty | null>>() };
      for (const r of departments.rows) (r as BulletinRow).areaZh = districtOfDepartment(r.id);
      const streetRanking = await repo.ranking(STREET_INDICATOR, 'street', 'month', p.start);
      const streets = {
        basis: `${streetRanking.indicator.nameZh}（本月末）`,
        unit: streetRanking.indicator.unit,
        rows: streetRanking.rows.map((r) => ({
          id: r.entityId, nameZh: r.nameZh, areaZh: areaName(preset.areas.find((a) => a.code === r.entityId)?.parentCode),
          score: r.value, rank: r.rank, previousRank: r.previousRank, movement: r.movement,
        })),
      };

      // Problems named by unit: departments late or missing with 双公示, departments and streets
      // with overdue tasks; districts with indicators far behind.
      const problems: Problem[] = [];
      /** A unit's overdue sub-tasks: how many, and the first few named. */
      const overdueTasks = async (type: 'department' | 'street', id: string) => {
        const list = await records.list('overdue', type, id, p, 5);
        const names = list.rows.map((r) => `${r.subtaskNo}${r.subtask ? ` ${String(r.subtask)}` : ''}`).join('；');
        return { count: list.total, text: `${list.total}项重点任务逾期未完成（${names}${list.total > list.rows.length ? '等' : ''}）` };
      };
      const byDepartment = new Map<string, { late: number; missing: number; overdue: number }>();
      for (const d of preset.departments) {
        const card = await repo.scorecard('department', d.id, 'month', p.start, 1).catch(() => null);
        const extras = (id: string) => card?.indicators.find((i) => i.id === id)?.extras ?? {};
        const dp = extras('double-publicity-on-time');
        const tasks = extras('task-on-time');
        byDepartment.set(d.id, { late: dp.late ?? 0, missing: dp.missing ?? 0, overdue: tasks.overdue ?? 0 });
      }
      for (const d of preset.departments) {
        const n = byDepartment.get(d.id)!;
        if (n.late > 0) problems.push({ unitZh: d.nameZh, kind: 'late', count: n.late, text: `双公示信息逾期上报${n.late}条` });
        if (n.missing > 0) problems.push({ unitZh: d.nameZh, kind: 'missing', count: n.missing, text: `月末仍有${n.missing}条双公示信息超期未报` });
        const owed = unsent.get(d.id);
        if (owed?.has('double-publicity')) problems.push({ unitZh: d.nameZh, kind: 'silent', count: 1, text: '本月未报送双公示信息，也未零报送' });
        if (owed?.has('base-list')) problems.push({ unitZh: d.nameZh, kind: 'silent', count: 1, text: '未报送失信惩戒措施落实情况' });
        if (n.overdue > 0) problems.push({ unitZh: d.nameZh, kind: 'overdue', ...await overdueTasks('department', d.id) });
      }
      // A street with a sub-task overdue has one not finished in time: its rate is below 1.
      for (const r of (await repo.ranking('task-on-time', 'street', 'month', p.start).catch(() => null))?.rows ?? []) {
        if (r.value === null || r.value >= 1) continue;
        const overdue = await overdueTasks('street', r.entityId);
        if (overdue.count > 0) problems.push({ unitZh: r.nameZh, kind: 'overdue', street: true, ...overdue });
      }
      for (const a of preset.areas.filter((x) => x.level === 'district')) {
        const card = await repo.scorecard('district', a.code, 'month', p.start, 1).catch(() => null);
        const far = card?.indicators.filter((i) => i.status === 'far_behind') ?? [];
        if (far.length > 0) problems.push({ unitZh: a.nameZh, kind: 'far-behind', count: far.length, text: `${far.map((i) => indicatorNameZh(i, card!.indicators)).join('、')}严重滞后` });
      }
      const order: Problem['kind'][] = ['silent', 'missing', 'late', 'overdue', 'far-behind'];
      problems.sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind) || y.count - x.count || x.unitZh.localeCompare(y.unitZh, 'zh'));

      const volume = city.indicators.find((i) => i.id === 'record-volume');
      const content: BulletinContent = {
        kind: 'bulletin',
        period: { start: p.start, end: p.end, label: p.label },
        titleZh: `${preset.nameZh}社会信用体系建设工作月通报`,
        issuerZh: preset.reports?.issuerZh ?? `${preset.nameZh}社会信用体系建设领导小组办公室`,
        dataAsOf: meta.dataAsOf ?? null,
        summary: [],
        headline,
        districts,
        departments,
        streets,
        problems,
        charts: {
          departmentScores: departments.rows.map((r) => ({ nameZh: departmentShortZh(preset, r.id) ?? r.nameZh, score: r.score })),
          recordVolume: {
            labels: volume?.series.map((s) => s.label) ?? [],
            values: volume?.series.map((s) => s.value) ?? [],
            targets: volume?.series.map((s) => s.target) ?? [],
          },
        },
      };
      content.summary = summaryOf(content, preset.departments.filter((d) => d.duties.includes('double-publicity')).length);
      return content;
    },
  };
}

/** The bulletin's opening paragraphs, written from its own figures. Pure. */
export function summaryOf(c: BulletinContent, owingDepartments: number): string[] {
  const out: string[] = [];
  const shown = c.headline.filter((h) => h.value !== null);
  if (shown.length > 0) {
    const named = (h: HeadlineRow) => indicatorNameZh(h, c.headline);
    const parts = shown.map((h) => {
      const target = h.target !== null ? `，本期目标${valueText(h.target, h.unit)}` : '';
      return `${named(h)}${valueText(h.value, h.unit)}${target}${h.status ? `，${STATUS_ZH[h.status]}` : ''}`;
    });
    const behind = shown.filter((h) => h.status === 'behind' || h.status === 'far_behind');
    out.push(`${c.period.label}，全市社会信用体系建设主要指标进展如下：${parts.join('；')}。`
      + (behind.length > 0 ? `其中${behind.map(named).join('、')}${behind.length}项指标进度滞后，需加快推进。` : '各项指标均达到进度要求。'));
  }
  const ranked = (rows: BulletinRow[]) => rows.filter((r) => r.score !== null && r.rank !== null);
  const deps = ranked(c.departments.rows);
  const dists = ranked(c.districts.rows);
  const sentences: string[] = [];
  if (deps.length > 0) {
    const best = deps.filter((r) => r.rank === 1);
    const worstRank = Math.max(...deps.map((r) => r.rank!));
    const worst = deps.filter((r) => r.rank === worstRank);
    sentences.push(`部门考核中，${unitsZh(best, '部门')}以${best[0]!.score!.toFixed(2)}分${best.length > 1 ? '并列' : '位列'}第一，${unitsZh(worst, '部门')}得分最低（${worst[0]!.score!.toFixed(2)}分）`);
  }
  if (dists.length > 0) {
    const best = dists.filter((r) => r.rank === 1);
    sentences.push(`各区县中，${unitsZh(best, '区县')}得分最高（${best[0]!.score!.toFixed(2)}分）`);
  }
  if (sentences.length > 0) out.push(`${sentences.join('；')}。`);
  const count = (kind: Problem['kind']) => c.problems.filter((p) => p.kind === kind);
  const late = count('late');
  const missing = count('missing');
  const overdue = count('overdue');
  const far = count('far-behind');
  const issues: string[] = [];
  // Sending nothing comes first: a unit without data is not even counted late.
  for (const text of new Set(count('silent').map((p) => p.text))) {
    const units = count('silent').filter((p) => p.text === text).map((p) => ({ nameZh: p.unitZh }));
    issues.push(`${unitsZh(units, '部门')}${text}`);
  }
  if (late.length > 0) issues.push(`${late.length}个部门（应报送双公示的部门共${owingDepartments}个）存在双公示信息逾期上报，合计${late.reduce((n, p) => n + p.count, 0)}条，其中${late.slice(0, 3).map((p) => p.unitZh).join('、')}较多`);
  if (missing.length > 0) issues.push(`${missing.length}个部门月末仍有超期未报的双公示信息${missing.reduce((n, p) => n + p.count, 0)}条`);
  if (overdue.length > 0) {
    const streets = overdue.filter((p) => p.street).length;
    const units = [overdue.length - streets > 0 ? `${overdue.length - streets}个部门` : '', streets > 0 ? `${streets}个街道（镇）` : ''].filter((x) => x !== '').join('、');
    issues.push(`${units}有${overdue.reduce((n, p) => n + p.count, 0)}项重点任务逾期未完成`);
  }
  if (far.length > 0) issues.push(`${far.map((p) => p.unitZh).join('、')}有指标严重滞后`);
  out.push(issues.length > 0 ? `存在的主要问题：${issues.join('；')}。请相关单位对照问题清单抓紧整改。` : '本月未发现需通报的问题。');
  return out;
}
