// Data of a scorecard page: one entity's scorecard for the chosen period and the rankings that
// break it down for the chosen indicator. The overview is the scorecard of the user's own entity
// (the city for leaders and the office); /scorecard/<type>/<id> is any entity the role may open.
// URL state: period=week|month|quarter|year, at=YYYY-MM-DD, rank=<indicator>.
import { error, isHttpError } from '@sveltejs/kit';
import { getIndicators, getRanking, getScorecard } from '$lib/api/client';
import type { EntityType, IndicatorDefinition, Meta, PeriodType, Ranking, SessionUser } from '$lib/api/types';
import { cityEntityId } from '$lib/scorecards/city-entity';
import { isIsoDate, parsePeriodType } from '$lib/time/period-nav';

/** Scorecards open on the monthly view (月通报), the cadence leaders read. */
const DEFAULT_PERIOD: PeriodType = 'month';

export type RankKind = 'district' | 'street' | 'department';
export type RankingResult = { ranking: Ranking | null; error: string | null };

async function settle(promise: Promise<Ranking>): Promise<RankingResult> {
  try {
    return { ranking: await promise, error: null };
  } catch (e) {
    if (isHttpError(e)) return { ranking: null, error: e.body.message };
    throw e;
  }
}

/** The entity a user's overview shows: its own department or street, else the city. */
export function ownEntity(user: SessionUser | null, meta: Meta): { type: EntityType; id: string | null } {
  if (user?.role === 'department') return { type: 'department', id: user.departmentId };
  if (user?.role === 'street') return { type: 'street', id: user.streetCode };
  return { type: 'city', id: cityEntityId(meta, []) };
}

/**
 * The breakdown under an entity's scorecard: a city by districts (and departments), a district by
 * its streets (and departments), a street or department among its peers. A street user sees street
 * rankings only (DESIGN §2).
 */
function breakdownKinds(type: EntityType, user: SessionUser | null): RankKind[] {
  if (user?.role === 'street') return ['street'];
  if (type === 'city') return ['district', 'department'];
  if (type === 'district') return ['street', 'department'];
  return [type as RankKind];
}

export async function loadScorecardPage(
  event: { fetch: typeof fetch; url: URL; parent: () => Promise<{ meta: Meta | null; metaError: { status: number; message: string } | null; user: SessionUser | null }> },
  entity: { type: EntityType; id: string | null } | null,
) {
  const { fetch, url } = event;
  const periodType = parsePeriodType(url.searchParams.get('period'), DEFAULT_PERIOD);
  const atParam = url.searchParams.get('at');
  const at = isIsoDate(atParam) ? atParam : null;

  const [{ meta, metaError, user }, indicators] = await Promise.all([event.parent(), getIndicators(fetch)]);
  if (!meta) error(metaError?.status ?? 503, { message: metaError?.message ?? 'API /api/meta unavailable' });
  const target = entity ?? ownEntity(user, meta);

  const usable: IndicatorDefinition[] = indicators.filter((i) => i.grains.includes(periodType));
  const rankParam = url.searchParams.get('rank');
  const rankIndicator = usable.find((i) => i.id === rankParam) ?? usable.find((i) => i.entityTypes.includes(target.type)) ?? usable[0] ?? null;

  const kinds = breakdownKinds(target.type, user);
  const [scorecard, ...rankings] = await Promise.all([
    getScorecard(fetch, { entityType: target.type, entityId: target.id, period: periodType, at }),
    ...kinds.map((kind) =>
      rankIndicator && rankIndicator.entityTypes.includes(kind)
        ? settle(getRanking(fetch, { indicator: rankIndicator.id, entityType: kind, period: periodType, at }))
        : Promise.resolve<RankingResult>({ ranking: null, error: null })),
  ]);
  // A district's streets are those whose code starts with the district's.
  const breakdown = kinds.map((kind, i) => {
    const r = rankings[i]!;
    if (kind === 'street' && target.type === 'district' && r.ranking) {
      return { kind, result: { ...r, ranking: { ...r.ranking, rows: r.ranking.rows.filter((row) => row.entityId.startsWith(target.id ?? '')) } } };
    }
    return { kind, result: r };
  });

  return { periodType, at, indicators: usable, rankIndicatorId: rankIndicator?.id ?? null, scorecard, breakdown, user };
}

/** Whether a user may open the scorecard of an entity (the API enforces the same rule). */
export function mayOpen(user: SessionUser | null, type: EntityType, id: string): boolean {
  if (!user) return false;
  if (user.role === 'leader' || user.role === 'office') return true;
  return (user.role === 'department' && type === 'department' && id === user.departmentId)
    || (user.role === 'street' && type === 'street' && id === user.streetCode);
}

/** Whether a user may list the records behind an entity's figures: the office any; a department or street its own. */
export function mayListRecords(user: SessionUser | null, type: EntityType, id: string): boolean {
  return user?.role === 'office' || (user !== null && user.role !== 'leader' && mayOpen(user, type, id));
}
