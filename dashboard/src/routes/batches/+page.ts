// Data page: the most recent load batches (GET /api/batches).
import { getBatches } from '$lib/api/client';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch }) => ({ batches: await getBatches(fetch, 50) });
