// Data page: the most recent load batches (GET /api/batches; a department's own), source types
// named (GET /api/source-types), the departments to upload for (GET /api/entities), and the
// freshness of each department's sources (GET /api/data-desk/freshness).
import { getBatches, getEntities, getJson, getSourceTypes } from '$lib/api/client';
import type { Freshness } from '$lib/api/types';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, depends }) => {
  depends('xinyong:batches');
  const [batches, sourceTypes, entities, { freshness }] = await Promise.all([
    getBatches(fetch, 50), getSourceTypes(fetch), getEntities(fetch), getJson<{ freshness: Freshness[] }>(fetch, '/api/data-desk/freshness'),
  ]);
  return { batches, sourceTypes, departments: entities.departments, freshness };
};
