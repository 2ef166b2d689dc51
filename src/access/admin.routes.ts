import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import {
  accessReportBodySchema,
  accessReportSchema,
  auditCsvSchema,
  auditQuerySchema,
  auditRowListSchema,
  auditVerificationSchema,
  createdUserSchema,
  createUserBodySchema,
  setupBodySchema,
  updateUserBodySchema,
  userIdentityBodySchema,
  userIdParamsSchema,
  userListSchema,
  userSummarySchema,
} from './access.schemas.ts';
import { createLocalUser } from './access.service.ts';
import { accessReport, auditToCsv, consumeSetupToken, listUsers, searchAudit, setUserIdentity, updateUser } from './admin.service.ts';
import { appendAudit, verifyAuditChain } from './audit.ts';
import { actorOf } from './auth.plugin.ts';
import type { PseudonymKeys } from './pseudonym.ts';

/** Administration: audit log view and export, chain verification, access reports, users, first setup. */
export const adminRoutes: FastifyPluginAsyncZod<{ db: Db; keys: PseudonymKeys; allowSyntheticIds: boolean }> = async (app, { db, keys, allowSyntheticIds }) => {
  const tags = ['admin'];

  app.get(
    '/api/admin/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags,
        summary: 'Audit log with filters; format=csv exports',
        querystring: auditQuerySchema,
        response: {
          200: {
            description: 'Audit rows, newest first',
            content: { 'application/json': { schema: auditRowListSchema }, 'text/csv': { schema: auditCsvSchema } },
          },
        },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const rows = await db.transaction().execute(async (trx) => {
        await appendAudit(trx, { actor: actorOf(request), action: format === 'csv' ? 'export_audit' : 'read_audit', outcome: 'allowed', purpose: 'audit', resourceType: 'audit_event', resourceId: null, personId: filter.personId ?? null, ip: request.ip, userAgent: request.headers['user-agent'] ?? null, detail: { filter } });
        return searchAudit(trx, filter);
      });
      if (format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="veiviser-audit.csv"').send(auditToCsv(rows));
      }
      return rows;
    },
  );

  app.get(
    '/api/admin/audit/verify',
    {
      config: { access: 'audit:read' },
      schema: { tags, summary: 'Recompute the audit hash chain', response: { 200: auditVerificationSchema } },
    },
    async () => verifyAuditChain(db),
  );

  app.post(
    '/api/admin/access-report',
    {
      config: { access: 'person:access_report' },
      schema: {
        tags,
        summary: '"Who has looked at my data" for one person (by national ID)',
        body: accessReportBodySchema,
        response: { 200: accessReportSchema },
      },
    },
    async (request) =>
      db.transaction().execute((trx) =>
        accessReport(trx, { actor: actorOf(request), keys, nationalId: request.body.nationalId, allowSynthetic: allowSyntheticIds, ip: request.ip, userAgent: request.headers['user-agent'] ?? null }),
      ),
  );

  app.get(
    '/api/admin/users',
    { config: { access: 'users:manage' }, schema: { tags, summary: 'User accounts', response: { 200: userListSchema } } },
    async () => listUsers(db),
  );

  app.post(
    '/api/admin/users',
    {
      config: { access: 'users:manage' },
      schema: { tags, summary: 'Create a local account', body: createUserBodySchema, response: { 201: createdUserSchema } },
    },
    async (request, reply) => {
      const b = request.body;
      const user = await db.transaction().execute(async (trx) => {
        const created = await createLocalUser(trx, { email: b.email, password: b.password, displayName: b.displayName, roles: b.roles, districts: b.districts, units: b.units });
        await appendAudit(trx, { actor: actorOf(request), action: 'create_user', outcome: 'allowed', purpose: 'authentication', resourceType: 'app_user', resourceId: created.id, personId: null, ip: request.ip, userAgent: request.headers['user-agent'] ?? null, detail: { roles: b.roles, districts: b.districts, units: b.units } });
        return created;
      });
      return reply.status(201).send(user);
    },
  );

  app.put(
    '/api/admin/users/:id',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: "Change a user's roles, scopes or disabled flag",
        params: userIdParamsSchema,
        body: updateUserBodySchema,
        response: { 200: userSummarySchema },
      },
    },
    async (request) => db.transaction().execute((trx) => updateUser(trx, { actor: actorOf(request), id: request.params.id, ...request.body })),
  );

  app.put(
    '/api/admin/users/:id/identity',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: 'Link the account to an OpenID Connect identity (issuer and subject, as the audit log shows a refused sign-in), or unlink it with null',
        params: userIdParamsSchema,
        body: userIdentityBodySchema,
        response: { 200: userSummarySchema },
      },
    },
    async (request) =>
      db.transaction().execute((trx) =>
        setUserIdentity(trx, { actor: actorOf(request), id: request.params.id, identity: request.body.identity, ip: request.ip, userAgent: request.headers['user-agent'] ?? null }),
      ),
  );

  app.post(
    '/api/setup',
    {
      config: { access: 'public', rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Create the first administrator with the one-time setup token',
        body: setupBodySchema,
        response: { 201: createdUserSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const user = await db.transaction().execute(async (trx) => {
        if (!(await consumeSetupToken(trx, b.token))) throw new AppError('FORBIDDEN', 'token: the setup link is invalid, used or expired');
        return createLocalUser(trx, { email: b.email, password: b.password, displayName: b.displayName, roles: ['administrator'] });
      });
      return reply.status(201).send(user);
    },
  );
};
