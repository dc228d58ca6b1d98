// Data page: the most recent load batches (GET /api/batches), source types named (GET /api/source-types).
import { getBatches, getSourceTypes } from '$lib/api/client';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch }) => {
  const [batches, sourceTypes] = await Promise.all([getBatches(fetch, 50), getSourceTypes(fetch)]);
  return { batches, sourceTypes };
};
