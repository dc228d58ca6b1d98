/**
 * Accounts, sessions and the audit log: the warehouse side of authentication. Repository
 * functions taking the warehouse; hashing and HTTP live in api/auth.
 */
import type { Warehouse } from '../connection.ts';

export const ROLES = ['leader', 'office', 'department', 'street'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** The department a `department` user acts for. */
  departmentId: string | null;
  /** The street a `street` user acts for. */
  streetCode: string | null;
  disabled: boolean;
  createdAt: string;
  passwordChangedAt: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  departmentId?: string | null;
  streetCode?: string | null;
  passwordHash: string;
}

/** The columns of a User, of table alias `t` (e.g. 'u.'). */
const userColumns = (t = '') => `${t}id, ${t}username, ${t}display_name AS "displayName", ${t}role, ${t}department_id AS "departmentId",
  ${t}street_code AS "streetCode", ${t}disabled, strftime(${t}created_at, '%Y-%m-%dT%H:%M:%SZ') AS "createdAt",
  strftime(${t}password_changed_at, '%Y-%m-%dT%H:%M:%SZ') AS "passwordChangedAt"`;
const USER_COLUMNS = userColumns();

const NOW = `(now() AT TIME ZONE 'UTC')`;

export async function createUser(wh: Warehouse, u: NewUser): Promise<User> {
  const [row] = await wh.all<User>(
    `INSERT INTO meta.app_user (username, display_name, role, department_id, street_code, password_hash, created_at, password_changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, ${NOW}, ${NOW}) RETURNING ${USER_COLUMNS}`,
    [u.username, u.displayName, u.role, u.departmentId ?? null, u.streetCode ?? null, u.passwordHash]);
  return row!;
}

export async function listUsers(wh: Warehouse): Promise<User[]> {
  return wh.all<User>(`SELECT ${USER_COLUMNS} FROM meta.app_user ORDER BY id`);
}

export async function getUser(wh: Warehouse, id: number): Promise<User | null> {
  const [row] = await wh.all<User>(`SELECT ${USER_COLUMNS} FROM meta.app_user WHERE id = $1`, [id]);
  return row ?? null;
}

/** The user and its password hash, for a login. */
export async function findLogin(wh: Warehouse, username: string): Promise<(User & { passwordHash: string }) | null> {
  const [row] = await wh.all<User & { passwordHash: string }>(
    `SELECT ${USER_COLUMNS}, password_hash AS "passwordHash" FROM meta.app_user WHERE username = $1`, [username]);
  return row ?? null;
}

export async function passwordHashOf(wh: Warehouse, id: number): Promise<string | null> {
  const [row] = await wh.all<{ h: string }>('SELECT password_hash AS h FROM meta.app_user WHERE id = $1', [id]);
  return row?.h ?? null;
}

export async function setPassword(wh: Warehouse, id: number, passwordHash: string): Promise<void> {
  await wh.run(`UPDATE meta.app_user SET password_hash = $2, password_changed_at = ${NOW} WHERE id = $1`, [id, passwordHash]);
}

/** Changes what the office may change of a user: name, role and binding, disabled. */
export async function updateUser(wh: Warehouse, id: number, patch: { displayName: string; role: Role; departmentId: string | null; streetCode: string | null; disabled: boolean }): Promise<User | null> {
  const [row] = await wh.all<User>(
    `UPDATE meta.app_user SET display_name = $2, role = $3, department_id = $4, street_code = $5, disabled = $6 WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [id, patch.displayName, patch.role, patch.departmentId, patch.streetCode, patch.disabled]);
  return row ?? null;
}

export async function countUsers(wh: Warehouse): Promise<number> {
  const [row] = await wh.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM meta.app_user');
  return row!.n;
}

// ---------------------------------------------------------------------------------------------
// Sessions

export async function createSession(wh: Warehouse, tokenHash: string, userId: number, ttlSeconds: number): Promise<void> {
  await wh.run(`DELETE FROM meta.session WHERE expires_at < ${NOW}`);
  await wh.run(`INSERT INTO meta.session VALUES ($1, $2, ${NOW}, ${NOW} + to_seconds($3))`, [tokenHash, userId, ttlSeconds]);
}

/** The user of a live session (not expired, user not disabled). */
export async function sessionUser(wh: Warehouse, tokenHash: string): Promise<User | null> {
  const [row] = await wh.all<User>(
    `SELECT ${userColumns('u.')}
     FROM meta.session s JOIN meta.app_user u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > ${NOW} AND NOT u.disabled`, [tokenHash]);
  return row ?? null;
}

export async function deleteSession(wh: Warehouse, tokenHash: string): Promise<void> {
  await wh.run('DELETE FROM meta.session WHERE token_hash = $1', [tokenHash]);
}

/** Ends every session of a user but, optionally, one (after a password change or disabling). */
export async function deleteSessionsOf(wh: Warehouse, userId: number, except?: string): Promise<void> {
  await wh.run('DELETE FROM meta.session WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2', [userId, except ?? null]);
}

// ---------------------------------------------------------------------------------------------
// Audit log (append-only)

export interface AuditEntry {
  userId: number | null;
  username: string | null;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
}

export async function appendAudit(wh: Warehouse, e: AuditEntry): Promise<void> {
  await wh.run(`INSERT INTO meta.audit_log (logged_at, user_id, username, action, target, detail, ip) VALUES (${NOW}, $1, $2, $3, $4, $5::JSON, $6)`,
    [e.userId, e.username, e.action, e.target ?? null, e.detail ? JSON.stringify(e.detail) : null, e.ip ?? null]);
}

export interface AuditRow {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
}

export async function listAudit(wh: Warehouse, limit: number, action?: string): Promise<AuditRow[]> {
  return wh.all<AuditRow>(
    `SELECT id, strftime(logged_at, '%Y-%m-%dT%H:%M:%SZ') AS at, user_id AS "userId", username, action, target, detail::VARCHAR AS detail, ip
     FROM meta.audit_log WHERE $2::VARCHAR IS NULL OR action = $2 ORDER BY id DESC LIMIT $1`, [limit, action ?? null]);
}
