// Assessment (考核): a scheme's scores and ranks for a period, by the version in force, with each
// rule's points; a deduction opens the records behind it (the office's, or a department's own):
// late and outstanding 双公示 records, rejected rows, overdue sub-tasks, base-list items. URL state: scheme, at, records=<entity>:<indicator>.
import { error, isHttpError } from '@sveltejs/kit';
import { getJson } from '$lib/api/client';
import { isIsoDate } from '$lib/time/period-nav';
import type { PageLoad } from './$types';

export interface AssessmentRule {
  indicator: string; method: string; weight: number; points: number | null; deducted: number | null; value: number | null; target: number | null; violations: number | null;
  /** scored | not-applicable | no-data (未报送) | zero-report (零报送) | withheld */
  status: string;
  /** Whether the records behind its points can be listed. */
  listed: boolean;
}
export interface AssessmentRow {
  entityId: string; nameZh: string; nameEn: string; rules: AssessmentRule[]; points: number; maxPoints: number; score: number | null;
  rank: number | null; tied: boolean; previousScore: number | null; previousRank: number | null; movement: number | null;
  /** Shown to a department: another unit's row, whose rule detail is withheld (score and rank only). */
  withheld?: boolean;
}
export interface Assessment {
  scheme: { id: string; nameZh: string; nameEn: string; entityType: string; grain: string };
  version: { effectiveFrom: string; changedBy: string; changedOn: string; reason: string };
  history: { effectiveFrom: string; changedBy: string; changedOn: string; reason: string }[];
  period: { start: string; end: string; label: string; labelEn: string };
  rows: AssessmentRow[];
}

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { user } = await parent();
  if (user?.role === 'street') error(403, { message: 'assessments rank departments and districts; a street user sees the street rankings' });
  const { schemes } = await getJson<{ schemes: { id: string; nameZh: string; nameEn: string; entityType: string }[] }>(fetch, '/api/assessments');
  const ids = [...new Set(schemes.map((s) => s.id))];
  const scheme = ids.includes(url.searchParams.get('scheme') ?? '') ? url.searchParams.get('scheme')! : ids[0]!;
  const at = url.searchParams.get('at');
  const q = new URLSearchParams({ scheme, ...(isIsoDate(at) ? { at } : {}) });
  const assessment = await getJson<Assessment>(fetch, `/api/assessment?${q}`);
  // The records behind one deduction, when asked for (?records=<entity>:<indicator>).
  const asked = url.searchParams.get('records');
  let records: { entityId: string; indicator: string; rows: Record<string, unknown>[]; refused: boolean } | null = null;
  if (asked) {
    const [entityId, indicator] = asked.split(':');
    const r = new URLSearchParams({ scheme, entityId: entityId ?? '', indicator: indicator ?? '', at: assessment.period.start });
    // Another department's records (a link passed on): the scores stay, the panel says why it is empty.
    const body = await getJson<{ records: Record<string, unknown>[] }>(fetch, `/api/assessment/records?${r}`).catch((e: unknown) => {
      if (isHttpError(e) && e.status === 403) return null;
      throw e;
    });
    records = { entityId: entityId!, indicator: indicator!, rows: body?.records ?? [], refused: body === null };
  }
  return { schemes: ids.map((id) => schemes.find((s) => s.id === id)!), schemeId: scheme, assessment, records };
};
