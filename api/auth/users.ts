/**
 * Creating users, shared by the office's API, the CLI (the first office user) and the demo:
 * the same validation, binding check against the preset, hashing and audit entry everywhere.
 */
import { z } from 'zod';
import type { Warehouse } from '../../warehouse/connection.ts';
import type { Preset } from '../../warehouse/preset/preset-schema.ts';
import { appendAudit, createUser, findLogin, ROLES, type Role, type User } from '../../warehouse/repositories/accounts.ts';
import { hashPassword, passwordSchema } from './passwords.ts';

export const usernameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/, 'username: 3–32 letters, digits, dot, underscore or hyphen');
export const displayNameSchema = z.string().trim().min(1).max(64);
export const bindingFields = {
  role: z.enum(ROLES),
  departmentId: z.string().min(1).max(64).nullable().default(null),
  streetCode: z.string().min(1).max(32).nullable().default(null),
};
export const newUserSchema = z.object({ username: usernameSchema, displayName: displayNameSchema, ...bindingFields, password: passwordSchema });
export type NewUserInput = z.input<typeof newUserSchema>;

/** A request the caller got wrong (400), or a username already taken (409). */
export class UserInputError extends Error {
  constructor(message: string, readonly statusCode: 400 | 409 = 400) {
    super(message);
  }
}

/** Why a role's binding is wrong for the preset, or null: a department or street of the preset, and only what the role needs. */
export function bindingProblem(preset: Preset, b: { role: Role; departmentId: string | null; streetCode: string | null }): string | null {
  if (b.role === 'department' && !preset.departments.some((d) => d.id === b.departmentId)) {
    return `a department user needs the departmentId of a department of the preset; "${b.departmentId}" is not one`;
  }
  if (b.role === 'street' && !preset.areas.some((a) => a.level === 'street' && a.code === b.streetCode)) {
    return `a street user needs the streetCode of a street of the preset; "${b.streetCode}" is not one`;
  }
  if (b.role !== 'department' && b.departmentId !== null) return 'only a department user has a departmentId';
  if (b.role !== 'street' && b.streetCode !== null) return 'only a street user has a streetCode';
  return null;
}

/**
 * Validates, hashes and creates a user, and audits who did it.
 * @throws UserInputError with the reason
 */
export async function addUser(wh: Warehouse, preset: Preset, input: NewUserInput, actor: { userId: number | null; username: string | null; ip?: string | null }): Promise<User> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw new UserInputError(parsed.error.issues.map((i) => `${i.path.join('.') || 'user'}: ${i.message}`).join('; '));
  const u = parsed.data;
  const problem = bindingProblem(preset, u);
  if (problem) throw new UserInputError(problem);
  if (await findLogin(wh, u.username)) throw new UserInputError(`username "${u.username}" is taken`, 409);
  const user = await createUser(wh, { ...u, passwordHash: await hashPassword(u.password) });
  await appendAudit(wh, { ...actor, action: 'user-create', target: `user:${user.id}`, detail: { username: user.username, role: user.role, departmentId: user.departmentId, streetCode: user.streetCode } });
  return user;
}

/** The demo's password for its one user per role (listed in the README). */
export const DEMO_PASSWORD = 'xinyong-demo-2026';

/**
 * One demo user per role, if absent: office, leader, a department (the market regulator of the
 * plan's district when there is one) and a street (the district's first).
 * @returns the users created
 */
export async function ensureDemoUsers(wh: Warehouse, preset: Preset): Promise<User[]> {
  // The district with most departments (the plan's own district, as the demo's story has it).
  const counts = new Map<string, number>();
  for (const d of preset.departments) counts.set(d.areaCode.slice(0, 6), (counts.get(d.areaCode.slice(0, 6)) ?? 0) + 1);
  const home = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const inHome = preset.departments.filter((d) => d.areaCode.startsWith(home));
  const department = inHome.find((d) => /市场监督管理/.test(d.nameZh)) ?? inHome[0]!;
  const street = preset.areas.find((a) => a.level === 'street' && a.parentCode === home) ?? preset.areas.find((a) => a.level === 'street')!;
  const wanted: NewUserInput[] = [
    { username: 'office', displayName: '信用办（演示）', role: 'office', password: DEMO_PASSWORD },
    { username: 'leader', displayName: '领导（演示）', role: 'leader', password: DEMO_PASSWORD },
    { username: 'department', displayName: `${department.nameZh}（演示）`, role: 'department', departmentId: department.id, password: DEMO_PASSWORD },
    { username: 'street', displayName: `${street.nameZh}（演示）`, role: 'street', streetCode: street.code, password: DEMO_PASSWORD },
  ];
  const created: User[] = [];
  for (const w of wanted) {
    if (await findLogin(wh, w.username)) continue;
    created.push(await addUser(wh, preset, w, { userId: null, username: 'demo' }));
  }
  return created;
}
