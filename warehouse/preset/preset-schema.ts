/**
 * Zod schemas for a preset (`presets/<id>/`): the area tree, the departments, the indicator catalog
 * and the office's settings. Pure, no I/O. Each schema checks one record on its own; checks that
 * need several records (parents exist, codes unique, USCC check characters) live in
 * load-preset.ts.
 */
import { z } from 'zod';

export const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lowercase slug like "zd-scjg"');
const text = z.string().trim().min(1, 'must not be empty');
export const isoDate = z.iso.date('must be a date written YYYY-MM-DD');

// ---------------------------------------------------------------------------------------------
// Areas (areas.csv)

export const AREA_LEVELS = ['city', 'district', 'street'] as const;
export const AREA_KINDS = ['city', 'district', 'county', 'functional_zone', 'street', 'town'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];
export type AreaKind = (typeof AREA_KINDS)[number];

/** The kinds an area of each level may have (a county or a functional zone ranks as a district). */
export const KINDS_BY_LEVEL: Record<AreaLevel, readonly AreaKind[]> = {
  city: ['city'],
  district: ['district', 'county', 'functional_zone'],
  street: ['street', 'town'],
};

/** The level an area's parent must have; the city is the root. */
export const PARENT_LEVEL: Record<AreaLevel, AreaLevel | null> = {
  city: null,
  district: 'city',
  street: 'district',
};

/** GB/T 2260 code length per level: 6 digits down to county level, 9 for streets and towns. */
const CODE_LENGTH: Record<AreaLevel, number> = { city: 6, district: 6, street: 9 };

/**
 * One node of the area tree. Functional zones (高新区 …) have no statistical code of their own;
 * the preset gives them one that no real division uses.
 * @example { code: '370303001', nameZh: '车站街道', nameEn: 'Chezhan Subdistrict', level: 'street', kind: 'street', parentCode: '370303' }
 */
export const areaSchema = z
  .object({
    code: z.string().regex(/^\d+$/, 'must be digits only'),
    nameZh: text,
    nameEn: text,
    level: z.enum(AREA_LEVELS),
    kind: z.enum(AREA_KINDS),
    parentCode: z.string().regex(/^\d+$/, 'must be digits only').nullable(),
  })
  .superRefine((a, ctx) => {
    if (!KINDS_BY_LEVEL[a.level].includes(a.kind)) {
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: `kind "${a.kind}" does not fit level "${a.level}" (allowed: ${KINDS_BY_LEVEL[a.level].join(', ')})`,
      });
    }
    if (a.code.length !== CODE_LENGTH[a.level]) {
      ctx.addIssue({
        code: 'custom',
        path: ['code'],
        message: `a ${a.level} code has ${CODE_LENGTH[a.level]} digits, "${a.code}" has ${a.code.length}`,
      });
    }
  });
export type Area = z.infer<typeof areaSchema>;

// ---------------------------------------------------------------------------------------------
// Departments (departments.csv)

export const DEPARTMENT_CATEGORIES = ['regulator', 'service', 'judicial', 'other'] as const;
export type DepartmentCategory = (typeof DEPARTMENT_CATEGORIES)[number];

/**
 * What a department owes the credit office, so that an assessment can tell "nothing sent" from
 * "nothing to send": `double-publicity` (it decides licences or penalties, so it reports 双公示
 * every month, a zero report when it decided none), `base-list` (it implements measures of the
 * 失信惩戒措施基础清单 and reports on them).
 */
export const DEPARTMENT_DUTIES = ['double-publicity', 'base-list'] as const;
export type DepartmentDuty = (typeof DEPARTMENT_DUTIES)[number];

/**
 * A department (部门) of one area. `shortZh` is the name shown in rankings; `uscc` is its
 * 统一社会信用代码 (the check character is verified by the loader).
 * @example { id: 'zd-scjg', nameZh: '淄博市张店区市场监督管理局', shortZh: '市场监管局', areaCode: '370303', … }
 */
export const departmentSchema = z.object({
  id: slug,
  nameZh: text,
  nameEn: text,
  shortZh: text,
  areaCode: z.string().regex(/^\d{6}(\d{3})?$/, 'must be a 6- or 9-digit area code'),
  uscc: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'must be 18 characters of the USCC alphabet'),
  category: z.enum(DEPARTMENT_CATEGORIES),
  duties: z.array(z.enum(DEPARTMENT_DUTIES, { error: `each must be one of ${DEPARTMENT_DUTIES.join(', ')}, separated by ;` })).refine((d) => new Set(d).size === d.length, 'must not repeat a duty'),
});
export type Department = z.infer<typeof departmentSchema>;

// ---------------------------------------------------------------------------------------------
// Indicator catalog (indicators.json)

export const TARGET_UNITS = ['%', '条', '人次', '篇', '个', '天', '户', '家', '人'] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];

/** A dated value taken from the plan; `clause` says where, `quote` gives the plan's own words. */
export const planPointSchema = z.strictObject({
  date: isoDate,
  value: z.number().finite(),
  clause: text.optional(),
  quote: text.optional(),
});
export type PlanPoint = z.infer<typeof planPointSchema>;

export const GRAINS = ['week', 'month', 'quarter', 'year'] as const;
export type Grain = (typeof GRAINS)[number];
export const ENTITY_TYPES = ['city', 'district', 'street', 'department'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Subjects a coverage rate counts (USCC type prefixes; natural persons by hashed ID). */
export const COVERAGE_SUBJECTS = ['enterprise', 'non_enterprise', 'public_institution', 'social_organisation', 'person'] as const;

/**
 * How an indicator is computed: one of the measures metrics/measures.ts implements, with its
 * parameters. `not-collected` marks a plan indicator no source type feeds yet: it is listed,
 * with its target, and shows no value.
 */
export const measureSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('record-volume') }),
  z.strictObject({ kind: z.literal('coverage'), subjects: z.enum(COVERAGE_SUBJECTS) }),
  z.strictObject({ kind: z.literal('graded-coverage'), subjects: z.enum(['enterprise', 'non_enterprise']) }),
  z.strictObject({ kind: z.literal('base-list-implementation') }),
  z.strictObject({ kind: z.literal('credit-check-uses'), since: isoDate }),
  z.strictObject({ kind: z.literal('double-publicity'), aspect: z.enum(['on_time', 'complete', 'accurate', 'compliance']) }),
  z.strictObject({ kind: z.literal('registration-coverage') }),
  z.strictObject({ kind: z.literal('articles') }),
  z.strictObject({ kind: z.literal('pilot-villages') }),
  z.strictObject({ kind: z.literal('honesty-stars') }),
  z.strictObject({ kind: z.literal('task-on-time') }),
  z.strictObject({ kind: z.literal('handling-days'), caseKind: z.enum(['信用修复', '异议']) }),
  z.strictObject({ kind: z.literal('list-count'), listType: z.enum(['红名单', '黑名单', '重点关注名单']) }),
  z.strictObject({ kind: z.literal('merchant-share'), colours: z.array(z.enum(['红', '蓝', '黄', '黑'])).min(1) }),
  z.strictObject({ kind: z.literal('not-collected'), reason: text }),
]);
export type Measure = z.infer<typeof measureSchema>;

/**
 * One quantified indicator of the plans: identity, the clause it comes from, how it is computed,
 * where it applies, and its targets. Percentages are fractions (0.9 = 90%); counts are whole
 * numbers (4亿 = 400000000). `constantTarget` is a standing target the plan states without a
 * date (100% compliance, at least one article a week); milestones are dated ones. Targets apply
 * to `targetEntityTypes`, and only to `targetEntityIds` when the plan is one district's.
 */
export const indicatorSchema = z
  .strictObject({
    id: slug,
    /** First-level indicator (一级指标) or theme the indicator belongs to. */
    groupZh: text.optional(),
    groupEn: text.optional(),
    nameZh: text,
    nameEn: text,
    unit: z.enum(TARGET_UNITS),
    direction: z.enum(['up', 'down']),
    source: z.strictObject({ file: text, clause: text, quote: text.optional() }),
    measure: measureSchema,
    /** cumulative: as of period end; period: within the period. */
    accumulation: z.enum(['cumulative', 'period']),
    grains: z.array(z.enum(GRAINS)).min(1),
    entityTypes: z.array(z.enum(ENTITY_TYPES)).min(1),
    targetEntityTypes: z.array(z.enum(ENTITY_TYPES)),
    targetEntityIds: z.array(z.string().min(1)).optional(),
    baseline: planPointSchema.nullable(),
    milestones: z.array(planPointSchema),
    constantTarget: z.number().finite().optional(),
  })
  .superRefine((t, ctx) => {
    const points: { p: PlanPoint; path: (string | number)[] }[] = [
      ...(t.baseline ? [{ p: t.baseline, path: ['baseline'] }] : []),
      ...t.milestones.map((p, i) => ({ p, path: ['milestones', i] })),
    ];
    for (const { p, path } of points) {
      if (t.unit === '%' && (p.value < 0 || p.value > 1)) {
        ctx.addIssue({ code: 'custom', path: [...path, 'value'], message: `a percentage is a fraction 0..1 (90% = 0.9), got ${p.value}` });
      }
      if (t.unit !== '%' && t.unit !== '天' && (!Number.isInteger(p.value) || p.value < 0)) {
        ctx.addIssue({ code: 'custom', path: [...path, 'value'], message: `a count in ${t.unit} is a whole number ≥ 0, got ${p.value}` });
      }
    }
    if (t.unit === '%' && t.constantTarget !== undefined && (t.constantTarget < 0 || t.constantTarget > 1)) {
      ctx.addIssue({ code: 'custom', path: ['constantTarget'], message: `a percentage is a fraction 0..1, got ${t.constantTarget}` });
    }
    if (t.constantTarget !== undefined && t.milestones.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['constantTarget'], message: 'give either dated milestones or a standing constantTarget, not both' });
    }
    for (const e of t.targetEntityTypes) {
      if (!t.entityTypes.includes(e)) ctx.addIssue({ code: 'custom', path: ['targetEntityTypes'], message: `"${e}" is not among entityTypes` });
    }
    for (let i = 1; i < points.length; i++) {
      const prev = points[i - 1]!;
      const cur = points[i]!;
      if (cur.p.date <= prev.p.date) {
        ctx.addIssue({ code: 'custom', path: [...cur.path, 'date'], message: `dates must increase: ${cur.p.date} is not after ${prev.p.date}` });
      }
      const wrongWay = t.direction === 'up' ? cur.p.value < prev.p.value : cur.p.value > prev.p.value;
      if (wrongWay) {
        ctx.addIssue({
          code: 'custom',
          path: [...cur.path, 'value'],
          message: `direction is "${t.direction}" but ${cur.p.value} follows ${prev.p.value}`,
        });
      }
    }
  });
export type IndicatorSpec = z.infer<typeof indicatorSchema>;

// ---------------------------------------------------------------------------------------------
// The plan's tasks (tasks.csv)

/**
 * One sub-task (任务细化) of the plan's task list, with its responsible units: departments of the
 * preset (`departmentIds`), street offices and towns (`streets`: street codes, or a district's
 * code for all its streets and towns, as the plan's 各街道办事处 / 各镇办 says) and, as written in
 * the plan, all of them and units that are neither in `unitsZh`. The deadline (完成时限) is a month-day of each plan year (`12-31` for 12月底), a fixed
 * date, or null for continuing work (持续性). The task ledger (core.task_progress) reports
 * against these by task number, sub-task number and responsible unit.
 * @example { taskNo: '3', subtaskNo: '3.2', taskZh: '全面调动各单位加大信息归集力度', subtaskZh: '提供社会保险费缴纳信息', departmentIds: ['zd-rsj'], streets: [], unitsZh: '区人力资源社会保障局', deadline: '12-31' }
 */
export const planTaskSchema = z.strictObject({
  taskNo: z.string().regex(/^\d+$/, 'must be a task number like 3'),
  subtaskNo: z.string().regex(/^\d+\.\d+$/, 'must be a sub-task number like 3.1'),
  taskZh: text,
  subtaskZh: text,
  departmentIds: z.array(slug),
  streets: z.array(z.string().regex(/^\d{6}(\d{3})?$/, 'must be area codes (a district\'s 6 digits for all its streets, or a street\'s 9)')).default([]),
  unitsZh: text,
  deadline: z.union([z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/), isoDate],
    { error: 'must be a month-day like 12-31, a date like 2026-06-30, or empty for continuing work' }).nullable(),
}).refine((t) => t.subtaskNo.startsWith(`${t.taskNo}.`), { message: 'sub-task number must start with its task number', path: ['subtaskNo'] });
export type PlanTask = z.infer<typeof planTaskSchema>;

// ---------------------------------------------------------------------------------------------
// Assessment scoring (scoring.json)

/**
 * How one indicator scores in an assessment:
 * - proportional: weight × value ÷ target, capped at the weight (less-is-better: target ÷ value);
 * - pass-fail: the weight when the target is met, else 0;
 * - per-violation: the weight minus `points` per violation (the indicator's `violations` extra,
 *   e.g. late 双公示 records or overdue tasks), never more than `cap` deducted.
 *
 * `noData` says what a missing value means for a unit the rule applies to (a department applies a
 * 双公示 or base-list rule only when it has that duty): `skip` (the default) leaves the rule out
 * and scores the unit over the other rules; `zero` scores it 0 as 未报送, so that sending nothing
 * never scores better than sending late. A department's zero report (零报送) for the period
 * counts as full points on its 双公示 rules under `zero`. A rule on what was sent (completeness,
 * accuracy) keeps `skip`: with nothing sent there is nothing to judge.
 */
const ruleBase = { indicator: slug, weight: z.number().positive(), noData: z.enum(['skip', 'zero']).optional() };
export const scoringRuleSchema = z.discriminatedUnion('method', [
  z.strictObject({ ...ruleBase, method: z.literal('proportional') }),
  z.strictObject({ ...ruleBase, method: z.literal('pass-fail') }),
  z.strictObject({
    ...ruleBase, method: z.literal('per-violation'),
    violations: z.enum(['late', 'missing', 'overdue', 'notImplemented']), points: z.number().positive(), cap: z.number().positive(),
  }),
]);
export type ScoringRule = z.infer<typeof scoringRuleSchema>;

/**
 * One version of an assessment scheme: which entities it ranks, at which grain, from which period
 * on, who changed it and why (the audit trail), and its rules. A later version of the same scheme
 * applies from its own `effectiveFrom`; earlier periods keep the version in force then.
 */
export const scoringSchemeSchema = z.strictObject({
  id: slug,
  nameZh: text,
  nameEn: text,
  entityType: z.enum(ENTITY_TYPES),
  grain: z.enum(GRAINS),
  effectiveFrom: isoDate,
  changedBy: text,
  changedOn: isoDate,
  reason: text,
  rules: z.array(scoringRuleSchema).min(1),
});
export type ScoringScheme = z.infer<typeof scoringSchemeSchema>;

// ---------------------------------------------------------------------------------------------
// Settings (preset.json)

/**
 * The State Council's holiday notice for one year, entered by the office when the `chinese-days`
 * package does not know the year yet: 放假 days and 调休 make-up working days.
 */
export const calendarYearSchema = z
  .strictObject({
    holidays: z.array(isoDate),
    workdays: z.array(isoDate),
  })
  .superRefine((y, ctx) => {
    const holidays = new Set(y.holidays);
    y.workdays.forEach((d, i) => {
      if (holidays.has(d)) {
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} is listed both as a holiday and as a make-up workday` });
      }
      const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6) {
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${d} is a weekday; a make-up workday (调休) falls on a weekend` });
      }
    });
    for (const [key, list] of [['holidays', y.holidays], ['workdays', y.workdays]] as const) {
      list.forEach((d, i) => {
        if (list.indexOf(d) !== i) ctx.addIssue({ code: 'custom', path: [key, i], message: `${d} is listed twice` });
      });
    }
  });
export type CalendarYear = z.infer<typeof calendarYearSchema>;

export const calendarSchema = z
  .strictObject({
    years: z.record(z.string().regex(/^\d{4}$/, 'a year key is four digits'), calendarYearSchema),
  })
  .superRefine((c, ctx) => {
    for (const [year, y] of Object.entries(c.years)) {
      // A notice covers its own year, plus the end of December before it when 元旦 bridges the years.
      const fits = (d: string) => d.startsWith(`${year}-`) || d.startsWith(`${Number(year) - 1}-12-`);
      for (const key of ['holidays', 'workdays'] as const) {
        y[key].forEach((d, i) => {
          if (!fits(d)) ctx.addIssue({ code: 'custom', path: ['years', year, key, i], message: `${d} does not belong to the ${year} notice` });
        });
      }
    }
  });

const ratio = z.number().gt(0, 'must be above 0').lte(1, 'must be at most 1');

/** preset.json: identity of the preset, the plan it follows and the office's settings. */
export const presetManifestSchema = z.strictObject({
  id: slug,
  nameZh: text,
  nameEn: text,
  cityCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit division code'),
  plan: z.strictObject({ file: text, titleZh: text }),
  /** Ratio of value to trajectory target below which a unit is 滞后 (behind) / 严重滞后 (farBehind). */
  statusThresholds: z
    .strictObject({ behind: ratio, farBehind: ratio })
    .refine((t) => t.farBehind < t.behind, { message: 'farBehind must be below behind', path: ['farBehind'] }),
  calendar: calendarSchema,
  /**
   * The office's recurring reports (DESIGN §8): who issues them, the bulletin's 文号 prefix
   * (淄信用办 → 淄信用办〔2026〕11号), and when drafts are prepared — the weekly sheet on a
   * weekday at a time, the monthly bulletin on the Nth working day of the month (China time).
   */
  reports: z.strictObject({
    issuerZh: text,
    issuerEn: text,
    numberPrefixZh: text,
    schedule: z.strictObject({
      weekly: z.strictObject({ weekday: z.number().int().min(1).max(7), time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 08:00') }),
      bulletin: z.strictObject({ workingDay: z.number().int().min(1).max(10), time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 08:00') }),
    }),
  }).optional(),
  /**
   * Where a street's own reports go (DESIGN §2: a street reports its figures): by district code,
   * the department that receives them, its credit office; the city's code for every district not
   * listed. A street user's upload is filed under that department. Without it, streets report
   * through a department.
   */
  streetReportsTo: z.record(z.string().regex(/^\d{6}$/, 'must be a 6-digit division code'), slug).optional(),
});
export type PresetManifest = z.infer<typeof presetManifestSchema>;

/** A whole preset as loadPreset returns it. */
export const presetSchema = presetManifestSchema.extend({
  areas: z.array(areaSchema),
  departments: z.array(departmentSchema),
  indicators: z.array(indicatorSchema),
  scoring: z.array(scoringSchemeSchema),
  tasks: z.array(planTaskSchema),
});
export type Preset = z.infer<typeof presetSchema>;
