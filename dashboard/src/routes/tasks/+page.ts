// Task ledger (任务台账): each responsible unit's plan sub-tasks with their latest status
// (GET /api/tasks: a department's or street's own; the office and leaders every unit's, or one
// unit's). URL state: unit (department:<id> or street:<code>, the office's and leaders' filter), at.
import { getEntities, getTasks } from '$lib/api/client';
import { isIsoDate } from '$lib/time/period-nav';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, depends, url, parent }) => {
  depends('xinyong:tasks');
  const { user } = await parent();
  const at = url.searchParams.get('at');
  const [kind, id] = (url.searchParams.get('unit') ?? '').split(':');
  const mayChoose = user?.role === 'office' || user?.role === 'leader';
  const chosen = mayChoose && (kind === 'department' || kind === 'street') && id ? { [kind === 'department' ? 'departmentId' : 'streetCode']: id } : {};
  const day = isIsoDate(at) ? at : null;
  const [board, entities, all] = await Promise.all([
    getTasks(fetch, { at: day, ...chosen }),
    getEntities(fetch),
    // The units to choose from (those the plan gives sub-tasks): every unit's board.
    mayChoose && Object.keys(chosen).length > 0 ? getTasks(fetch, { at: day }) : null,
  ]);
  const units = mayChoose ? [...new Set((all ?? board).lines.filter((l) => l.departmentId || l.streetCode)
    .map((l) => (l.departmentId ? `department:${l.departmentId}` : `street:${l.streetCode}`)))] : [];
  return { board, entities, units, unit: board.unit ? `${board.unit.type}:${board.unit.id}` : '' };
};
