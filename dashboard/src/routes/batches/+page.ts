// Data page: the most recent load batches (GET /api/batches; a department's own), source types
// named (GET /api/source-types), and the departments to upload for (GET /api/entities).
import { getBatches, getEntities, getSourceTypes } from '$lib/api/client';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, depends }) => {
  depends('xinyong:batches');
  const [batches, sourceTypes, entities] = await Promise.all([getBatches(fetch, 50), getSourceTypes(fetch), getEntities(fetch)]);
  return { batches, sourceTypes, departments: entities.departments };
};
