// Users (office): every account with its role and binding, and the preset's departments and
// streets to bind new ones to. The API refuses everyone else as well.
import { error } from '@sveltejs/kit';
import { getEntities, getJson } from '$lib/api/client';
import type { UserRow } from '$lib/api/types';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent, depends }) => {
  depends('xinyong:users');
  const { user } = await parent();
  if (user?.role !== 'office') error(403, { message: 'user administration is for the credit office' });
  const [{ users }, entities] = await Promise.all([getJson<{ users: UserRow[] }>(fetch, '/api/users'), getEntities(fetch)]);
  return { users, entities };
};
