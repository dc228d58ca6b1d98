/**
 * Who may call what. Every API route declares `config.access`: 'public', or the roles it
 * allows; requests are checked before the handler runs (api/auth/plugin.ts). Within a route,
 * department and street users are scoped to their own department or street by the helpers here:
 * the API enforces every check, never only the UI (DESIGN §2).
 */
import type { Role, User } from '../../warehouse/repositories/accounts.ts';
import type { BatchScope } from '../../warehouse/repositories/data-desk.ts';

export type Access = 'public' | readonly Role[];

/** The signed-in user a request acts for. */
export type Principal = Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'departmentId' | 'streetCode'>;

export const ALL_ROLES = ['leader', 'office', 'department', 'street'] as const satisfies readonly Role[];
/** Aggregates and rankings: every role. */
export const EVERYONE: Access = ALL_ROLES;
/** Records, data quality and administration. */
export const OFFICE: Access = ['office'];

export class UnauthorizedError extends Error {
  readonly statusCode = 401;
}

export class ForbiddenError extends Error {
  readonly statusCode = 403;
}

/** A department user may act for its own department only; office acts for any. */
export function requireOwnDepartment(p: Principal, departmentId: string): void {
  if (p.role === 'office') return;
  if (p.role === 'department' && p.departmentId === departmentId) return;
  throw new ForbiddenError(p.role === 'department'
    ? `a department user sees only its own department's records (${p.departmentId}), not "${departmentId}"`
    : `the ${p.role} role does not see department records`);
}

/**
 * Whose scorecard a user may open: leaders and the office any; a department user its own
 * department's; a street user its own street's.
 */
export function requireScorecardOf(p: Principal, entityType: string, entityId: string): void {
  if (p.role === 'office' || p.role === 'leader') return;
  if (p.role === 'department' && entityType === 'department' && entityId === p.departmentId) return;
  if (p.role === 'street' && entityType === 'street' && entityId === p.streetCode) return;
  const own = p.role === 'department' ? `department ${p.departmentId}` : `street ${p.streetCode}`;
  throw new ForbiddenError(`a ${p.role} user sees its own scorecard (${own}) and the rankings, not ${entityType} "${entityId}"`);
}

/**
 * Whose records behind a figure a user may list: the office any entity's; a department user its
 * own department's; a street user its own street's. Leaders read aggregates only.
 */
export function requireRecordsOf(p: Principal, entityType: string, entityId: string): void {
  if (p.role === 'office') return;
  if (p.role === 'department' && entityType === 'department' && entityId === p.departmentId) return;
  if (p.role === 'street' && entityType === 'street' && entityId === p.streetCode) return;
  if (p.role === 'leader') throw new ForbiddenError('the leader role sees figures and their breakdowns; the records behind them are for the office and the unit concerned');
  const own = p.role === 'department' ? `department ${p.departmentId}` : `street ${p.streetCode}`;
  throw new ForbiddenError(`a ${p.role} user sees only its own records (${own}), not those of ${entityType} "${entityId}"`);
}

/** Rankings: every role sees them, a street user those of streets. */
export function requireRankingOf(p: Principal, entityType: string): void {
  if (p.role === 'street' && entityType !== 'street') throw new ForbiddenError(`a street user sees the street rankings, not those of ${entityType}s`);
}

/** The department a department user's listings are limited to (null: every department). */
export const departmentScope = (p: Principal): string | null => (p.role === 'office' ? null : p.departmentId);

/** Whose batches a user lists: the office every batch, a department its own, a street those it sent. */
export const batchScope = (p: Principal): BatchScope =>
  (p.role === 'street' ? { streetCode: p.streetCode } : { departmentId: departmentScope(p) });

/** A batch a user may open: the office any; a department its own department's; a street one it sent. */
export function requireOwnBatch(p: Principal, batch: { id: number; departmentId: string; streetCode: string | null }): void {
  if (p.role === 'street') {
    if (batch.streetCode !== null && batch.streetCode === p.streetCode) return;
    throw new ForbiddenError(`a street user sees only the batches its street sent (${p.streetCode}), not batch ${batch.id}`);
  }
  requireOwnDepartment(p, batch.departmentId);
}

/**
 * Masked ID numbers (370303********1234) are for the office's eyes only (DESIGN §9): for anyone
 * else every masked value in a row of original values is replaced by a placeholder.
 */
export function redactMaskedIds<T extends { values: Record<string, string | null> }>(p: Principal, rows: T[]): T[] {
  if (p.role === 'office') return rows;
  return rows.map((r) => ({
    ...r,
    values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, v !== null && /\*{4,}/.test(v) ? MASK_HIDDEN : v])),
  }));
}

/** What a non-office user sees in place of a masked ID number. */
export const MASK_HIDDEN = '（证件号码仅信用办可见）';
