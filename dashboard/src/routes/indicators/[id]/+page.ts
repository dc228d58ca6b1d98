// Indicator detail: one indicator for one entity (default: the user's own) — its series against
// the trajectory, milestones, the period compared with the previous one, the same period a year
// earlier and the target, its breakdown by area and department, and — where the role may — the
// records behind the figure (late or missing 双公示 reports, overdue sub-tasks).
// URL state: entityType, entityId, period, at.
import { error, isHttpError } from '@sveltejs/kit';
import { apiUrl, getEntities, getIndicators, getJson, getRanking, getScorecard } from '$lib/api/client';
import type { EntityType, Ranking, RecordLists } from '$lib/api/types';
import { mayListRecords, ownEntity } from '$lib/scorecards/load-scorecard-page';
import { isIsoDate, parsePeriodType } from '$lib/time/period-nav';
import type { PageLoad } from './$types';

const TYPES: EntityType[] = ['city', 'district', 'street', 'department'];

/** A year before a date (29 Feb → 28 Feb). */
function yearBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${y - 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export const load: PageLoad = async ({ fetch, url, params, parent }) => {
  const { meta, metaError, user } = await parent();
  if (!meta) error(metaError?.status ?? 503, { message: metaError?.message ?? 'API /api/meta unavailable' });
  const indicators = await getIndicators(fetch);
  const indicator = indicators.find((i) => i.id === params.id);
  if (!indicator) error(404, { message: `no indicator "${params.id}"` });

  const own = ownEntity(user, meta);
  const typeParam = url.searchParams.get('entityType') as EntityType | null;
  const entity = typeParam && TYPES.includes(typeParam) ? { type: typeParam, id: url.searchParams.get('entityId') } : own;
  const periodType = parsePeriodType(url.searchParams.get('period'), indicator.grains.includes('month') ? 'month' : indicator.grains[0]!);
  const atParam = url.searchParams.get('at');
  const at = isIsoDate(atParam) ? atParam : null;

  const scorecard = await getScorecard(fetch, { entityType: entity.type, entityId: entity.id, period: periodType, at, series: 36 });
  const card = scorecard.indicators.find((i) => i.id === indicator.id);
  if (!card) error(404, { message: `"${indicator.id}" is not computed for ${entity.type} by ${periodType}` });

  const lastYearAt = yearBefore(scorecard.period.start);
  const lastYear = await getScorecard(fetch, { entityType: entity.type, entityId: entity.id, period: periodType, at: lastYearAt, series: 1 })
    .then((s) => s.indicators.find((i) => i.id === indicator.id) ?? null)
    .catch((e) => (isHttpError(e) && e.status === 404 ? null : Promise.reject(e)));

  // Breakdown by the kinds below the entity (a street user sees streets only).
  const kinds = (user?.role === 'street' ? ['street'] : entity.type === 'city' ? ['district', 'department'] : entity.type === 'district' ? ['street', 'department'] : [entity.type])
    .filter((k) => indicator.entityTypes.includes(k as EntityType)) as ('district' | 'street' | 'department')[];
  const breakdown = await Promise.all(kinds.map(async (kind) => {
    try {
      const r: Ranking = await getRanking(fetch, { indicator: indicator.id, entityType: kind, period: periodType, at: scorecard.period.start });
      const rows = kind === 'street' && entity.type === 'district' ? r.rows.filter((row) => row.entityId.startsWith(entity.id ?? '')) : r.rows;
      return { kind, ranking: { ...r, rows }, error: null };
    } catch (e) {
      if (isHttpError(e)) return { kind, ranking: null, error: e.body.message };
      throw e;
    }
  }));

  const records = indicator.recordKinds.length > 0 && mayListRecords(user, scorecard.entity.type, scorecard.entity.id)
    ? await Promise.all([
      getJson<RecordLists>(fetch, apiUrl('records', { indicator: indicator.id, entityType: scorecard.entity.type, entityId: scorecard.entity.id, period: periodType, at: scorecard.period.start })),
      getEntities(fetch),
    ]).then(([lists, entities]) => ({ lists: lists.lists, departments: entities.departments }))
    : null;

  return { indicator, entity: scorecard.entity, period: scorecard.period, periodType, card, lastYear, lastYearAt, breakdown, records };
};
