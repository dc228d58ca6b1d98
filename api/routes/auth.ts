/**
 * Sign-in, sign-out, the current session, password change; the office's user administration and
 * audit log. Every change here is written to the audit log.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Warehouse } from '../../warehouse/connection.ts';
import type { Preset } from '../../warehouse/preset/preset-schema.ts';
import {
  appendAudit, createSession, deleteSession, deleteSessionsOf, findLogin, getUser, listAudit, listUsers,
  passwordHashOf, setPassword, updateUser, type Role,
} from '../../warehouse/repositories/accounts.ts';
import { addUser, bindingFields, bindingProblem, displayNameSchema, newUserSchema, UserInputError } from '../auth/users.ts';
import { ALL_ROLES, ForbiddenError, OFFICE, type Principal } from '../auth/access.ts';
import { dummyHash, hashPassword, passwordSchema, verifyPassword } from '../auth/passwords.ts';
import { forgetSessions, SESSION_COOKIE, SESSION_TTL_SECONDS, tokenHash } from '../auth/plugin.ts';
import { NotFoundError } from '../../metrics/queries.ts';

/** Sign-in attempts per address and username before a pause. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 5;

export function registerAuthRoutes(fastify: FastifyInstance, wh: Warehouse, preset: Preset, secureCookies: boolean): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const who = (req: FastifyRequest) => ({ userId: req.principal?.id ?? null, username: req.principal?.username ?? null, ip: req.ip });

  function checkBinding(b: { role: Role; departmentId: string | null; streetCode: string | null }): void {
    const problem = bindingProblem(preset, b);
    if (problem) throw new UserInputError(problem);
  }

  const sessionBody = (p: Principal, reply: FastifyReply, hash: string) => ({
    user: p,
    csrfToken: reply.generateCsrf({ userInfo: hash }),
    scope: {
      department: p.departmentId ? preset.departments.find((d) => d.id === p.departmentId) ?? null : null,
      street: p.streetCode ? preset.areas.find((a) => a.code === p.streetCode) ?? null : null,
    },
  });

  app.post('/api/auth/login', {
    config: {
      access: 'public',
      rateLimit: {
        max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: '1 minute', hook: 'preHandler',
        keyGenerator: (req: FastifyRequest) => `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
        errorResponseBuilder: (_req: FastifyRequest, ctx: { after: string }) => ({
          statusCode: 429, error: 'too_many_requests', message: `too many sign-in attempts; try again in ${ctx.after}`,
        }),
      },
    },
    schema: { summary: 'Sign in: sets the session cookie; returns the user and a CSRF token', body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) }) },
  }, async (req, reply) => {
    const { username: name, password } = req.body;
    const found = await findLogin(wh, name);
    const ok = await verifyPassword(found?.passwordHash ?? await dummyHash(), password);
    if (!found || !ok || found.disabled) {
      await appendAudit(wh, { userId: found?.id ?? null, username: name, action: 'login-failed', detail: { reason: !found || !ok ? 'wrong username or password' : 'disabled' }, ip: req.ip });
      const disabled = found?.disabled === true && ok;
      return reply.status(401).send({ error: disabled ? 'account_disabled' : 'unauthorized', message: disabled ? 'this account is disabled; ask the credit office' : 'wrong username or password' });
    }
    const token = randomBytes(32).toString('base64url');
    const hash = tokenHash(token);
    await createSession(wh, hash, found.id, SESSION_TTL_SECONDS);
    await appendAudit(wh, { userId: found.id, username: found.username, action: 'login', ip: req.ip });
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookies, maxAge: SESSION_TTL_SECONDS });
    const p: Principal = { id: found.id, username: found.username, displayName: found.displayName, role: found.role, departmentId: found.departmentId, streetCode: found.streetCode };
    return sessionBody(p, reply, hash);
  });

  app.get('/api/auth/session', {
    config: { access: 'public' },
    schema: { summary: 'The signed-in user and a CSRF token for state changes; user null without a session' },
  }, async (req, reply) => (req.principal ? sessionBody(req.principal, reply, req.sessionTokenHash!) : { user: null, csrfToken: null, scope: null }));

  app.post('/api/auth/logout', { config: { access: ALL_ROLES }, schema: { summary: 'Sign out: ends the session' } }, async (req, reply) => {
    await deleteSession(wh, req.sessionTokenHash!);
    forgetSessions();
    await appendAudit(wh, { ...who(req), action: 'logout' });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.post('/api/auth/password', {
    config: { access: ALL_ROLES },
    schema: { summary: 'Change one\'s own password; other sessions of the user end', body: z.object({ current: z.string().min(1).max(128), next: passwordSchema }) },
  }, async (req) => {
    const p = req.principal!;
    if (!(await verifyPassword((await passwordHashOf(wh, p.id)) ?? '', req.body.current))) {
      throw new UserInputError('the current password is wrong');
    }
    await setPassword(wh, p.id, await hashPassword(req.body.next));
    await deleteSessionsOf(wh, p.id, req.sessionTokenHash!);
    forgetSessions();
    await appendAudit(wh, { ...who(req), action: 'password-change', target: `user:${p.id}` });
    return { ok: true };
  });

  // -------------------------------------------------------------------------------------------
  // The office's administration of users, and the audit log

  app.get('/api/users', { config: { access: OFFICE }, schema: { summary: 'Every user with role and binding (no password hashes)' } },
    async () => ({ users: await listUsers(wh) }));

  app.post('/api/users', {
    config: { access: OFFICE },
    schema: { summary: 'Create a user', body: newUserSchema },
  }, async (req, reply) => reply.status(201).send({ user: await addUser(wh, preset, req.body, who(req)) }));

  const idParams = z.object({ id: z.coerce.number().int().min(1) });

  app.put('/api/users/:id', {
    config: { access: OFFICE },
    schema: { summary: 'Change a user\'s name, role and binding, or disable it (its sessions end)', params: idParams, body: z.object({ displayName: displayNameSchema, ...bindingFields, disabled: z.boolean() }) },
  }, async (req) => {
    const before = await getUser(wh, req.params.id);
    if (!before) throw new NotFoundError(`unknown user ${req.params.id}`);
    checkBinding(req.body);
    if (before.id === req.principal!.id && (req.body.disabled || req.body.role !== 'office')) {
      throw new ForbiddenError('the office cannot disable or demote its own account; another office user must');
    }
    const after = (await updateUser(wh, before.id, req.body))!;
    if (after.disabled || after.role !== before.role || after.departmentId !== before.departmentId || after.streetCode !== before.streetCode) await deleteSessionsOf(wh, after.id);
    forgetSessions();
    await appendAudit(wh, { ...who(req), action: 'user-update', target: `user:${after.id}`, detail: { before, after } });
    return { user: after };
  });

  app.post('/api/users/:id/password', {
    config: { access: OFFICE },
    schema: { summary: 'Set a user\'s password (e.g. a forgotten one); its sessions end', params: idParams, body: z.object({ password: passwordSchema }) },
  }, async (req) => {
    const user = await getUser(wh, req.params.id);
    if (!user) throw new NotFoundError(`unknown user ${req.params.id}`);
    await setPassword(wh, user.id, await hashPassword(req.body.password));
    await deleteSessionsOf(wh, user.id);
    forgetSessions();
    await appendAudit(wh, { ...who(req), action: 'password-reset', target: `user:${user.id}` });
    return { ok: true };
  });

  app.get('/api/audit', {
    config: { access: OFFICE },
    schema: { summary: 'The audit log, newest first', querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), action: z.string().min(1).max(32).optional() }) },
  }, async (req) => ({ entries: (await listAudit(wh, req.query.limit, req.query.action)).map((e) => ({ ...e, detail: e.detail ? JSON.parse(e.detail) : null })) }));
}
