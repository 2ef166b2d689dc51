import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { accessReport } from './access-report.service.ts';
import {
  accessReportBodySchema,
  accessReportSchema,
  auditEventListSchema,
  auditQuerySchema,
  auditVerificationSchema,
  createdUserSchema,
  createUserBodySchema,
  setupBodySchema,
  updateUserBodySchema,
  userIdentityBodySchema,
  userListSchema,
  userParamsSchema,
  userSummarySchema,
} from './admin.schemas.ts';
import { auditToCsv, readAuditLog, verifyAuditLog } from './audit-log.service.ts';
import { flushPendingAudit } from './audit.ts';
import { actorOf, clientOf } from './auth.plugin.ts';
import { setUserIdentity } from './identities.service.ts';
import type { AuditKeys } from './keys.ts';
import type { PseudonymKeys } from './pseudonym.ts';
import { setUpFirstAdministrator } from './setup-tokens.service.ts';
import { forgetUserSessions } from './session-cache.ts';
import { createUser, listUsers, updateUser } from './users.service.ts';

/** Administration: audit log view and export, chain verification, access reports, users, first setup. */
export const adminRoutes: FastifyPluginAsyncZod<{
  db: Db;
  keys: PseudonymKeys;
  allowSyntheticIds: boolean;
  audit: { keys: AuditKeys; checkpointFile: string | null };
}> = async (app, { db, keys, allowSyntheticIds, audit }) => {
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
            description: 'The audit rows, newest first: JSON, or CSV (RFC 4180) with format=csv',
            content: { 'application/json': { schema: auditEventListSchema }, 'text/csv': { schema: z.string() } },
          },
        },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      // Rows still pending (recorded by a hot path, chained just after its commit) are chained first: the view is complete.
      await flushPendingAudit(db);
      const rows = await db
        .transaction()
        .execute((trx) => readAuditLog(trx, { actor: actorOf(request), client: clientOf(request), filter, exported: format === 'csv' }));
      if (format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="veiviser-audit.csv"')
          .send(auditToCsv(rows));
      }
      return rows;
    },
  );

  app.get(
    '/api/admin/audit/verify',
    {
      config: { access: 'audit:read' },
      schema: {
        tags,
        summary: 'Recompute the audit hash chain; check it against the checkpoints',
        response: { 200: auditVerificationSchema },
      },
    },
    async (request) => {
      await flushPendingAudit(db);
      return db.transaction().execute((trx) => verifyAuditLog(trx, { actor: actorOf(request), client: clientOf(request), audit }));
    },
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
    async (request) => {
      await flushPendingAudit(db);
      return db.transaction().execute((trx) =>
        accessReport(trx, {
          actor: actorOf(request),
          keys,
          nationalId: request.body.nationalId,
          allowSynthetic: allowSyntheticIds,
          ...clientOf(request),
        }),
      );
    },
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
      schema: {
        tags,
        summary: 'Create a local account',
        body: createUserBodySchema,
        response: { 201: createdUserSchema },
      },
    },
    async (request, reply) => {
      const user = await db
        .transaction()
        .execute((trx) => createUser(trx, { actor: actorOf(request), client: clientOf(request), ...request.body }));
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
        params: userParamsSchema,
        body: updateUserBodySchema,
        response: { 200: userSummarySchema },
      },
    },
    async (request) => {
      const user = await db
        .transaction()
        .execute((trx) => updateUser(trx, { actor: actorOf(request), id: request.params.id, ...request.body, ...clientOf(request) }));
      forgetUserSessions(db, request.params.id);
      return user;
    },
  );

  app.put(
    '/api/admin/users/:id/identity',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary:
          'Link the account to an OpenID Connect identity (issuer and subject, as the audit log shows a refused sign-in), or unlink ' +
          'it with null',
        params: userParamsSchema,
        body: userIdentityBodySchema,
        response: { 200: userSummarySchema },
      },
    },
    async (request) =>
      db
        .transaction()
        .execute((trx) =>
          setUserIdentity(trx, { actor: actorOf(request), id: request.params.id, identity: request.body.identity, ...clientOf(request) }),
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
      const user = await db.transaction().execute((trx) => setUpFirstAdministrator(trx, { ...request.body, client: clientOf(request) }));
      return reply.status(201).send(user);
    },
  );
};
