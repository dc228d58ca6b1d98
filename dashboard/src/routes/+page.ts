// Overview data: the scorecard for the chosen period — the city's for leaders and the office, a
// department's or street's own for its users — and the rankings for the chosen indicator (district
// and department; a street user's, the streets'). URL state: period, at=YYYY-MM-DD, rank=<indicator>.
import { error, isHttpError } from '@sveltejs/kit';
import { getIndicators, getRanking, getScorecard } from '$lib/api/client';
import type { IndicatorDefinition, PeriodType, Ranking } from '$lib/api/types';
import { cityEntityId } from '$lib/scorecards/city-entity';
import { isIsoDate, parsePeriodType } from '$lib/time/period-nav';
import type { PageLoad } from './$types';

/** The overview opens on the monthly view (月通报), the cadence leaders read. */
const DEFAULT_PERIOD: PeriodType = 'month';

type RankingResult = { ranking: Ranking | null; error: string | null };

async function settle(promise: Promise<Ranking>): Promise<RankingResult> {
  try {
    return { ranking: await promise, error: null };
  } catch (e) {
    if (isHttpError(e)) return { ranking: null, error: e.body.message };
    throw e;
  }
}

function rankable(indicators: IndicatorDefinition[], type: 'district' | 'street' | 'department'): boolean {
  return indicators.length === 0 || indicators.some((i) => i.entityTypes.includes(type));
}

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const periodType = parsePeriodType(url.searchParams.get('period'), DEFAULT_PERIOD);
  const atParam = url.searchParams.get('at');
  const at = isIsoDate(atParam) ? atParam : null;

  const [{ meta, metaError, user }, indicators] = await Promise.all([parent(), getIndicators(fetch)]);
  if (!meta) error(metaError?.status ?? 503, { message: metaError?.message ?? 'API /api/meta unavailable' });

  const usable = indicators.filter((i) => i.grains.includes(periodType));
  const rankParam = url.searchParams.get('rank');
  const rankIndicator = usable.find((i) => i.id === rankParam) ?? usable[0] ?? null;

  const ranking = (entityType: 'district' | 'street' | 'department'): Promise<RankingResult> =>
    rankIndicator && rankIndicator.entityTypes.includes(entityType)
      ? settle(getRanking(fetch, { indicator: rankIndicator.id, entityType, period: periodType, at }))
      : Promise.resolve({ ranking: null, error: null });

  const areaKind = user?.role === 'street' ? 'street' : 'district';
  const noRanking: Promise<RankingResult> = Promise.resolve({ ranking: null, error: null });
  const [districts, departments] = await Promise.all([ranking(areaKind), user?.role === 'street' ? noRanking : ranking('department')]);
  const own = user?.role === 'department' ? { entityType: 'department' as const, entityId: user.departmentId }
    : user?.role === 'street' ? { entityType: 'street' as const, entityId: user.streetCode }
    : { entityType: 'city' as const, entityId: cityEntityId(meta, districts.ranking?.rows ?? []) };
  const scorecard = await getScorecard(fetch, { ...own, period: periodType, at });

  return {
    periodType,
    at,
    indicators: usable,
    rankIndicatorId: rankIndicator?.id ?? null,
    scorecard,
    areaKind,
    districts,
    departments,
    showDepartments: user?.role !== 'street' && rankable(usable, 'department'),
  };
};
