// The scorecard of any entity the user's role may open (drill-down from rankings and breakdowns).
import { error } from '@sveltejs/kit';
import type { EntityType } from '$lib/api/types';
import { loadScorecardPage } from '$lib/scorecards/load-scorecard-page';
import type { PageLoad } from './$types';

const TYPES: EntityType[] = ['city', 'district', 'street', 'department'];

export const load: PageLoad = (event) => {
  const type = event.params.entityType as EntityType;
  if (!TYPES.includes(type)) error(404, { message: `no such kind of entity: ${event.params.entityType}` });
  return loadScorecardPage(event, { type, id: event.params.entityId });
};
