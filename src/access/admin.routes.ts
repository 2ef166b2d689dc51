import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db.ts';
import { DISTRICT_SLUGS } from '../platform/districts.ts';
import { isoDateOrDateTime, issuerUrl, plainInt, safeString, safeText } from '../platform/input.ts';
import { accessReport } from './access-report.service.ts';
import { auditToCsv, readAuditLog, verifyAuditLog } from './audit-log.service.ts';
import { actorOf, clientOf } from './auth.plugin.ts';
import { setUserIdentity } from './identities.service.ts';
import type { AuditKeys } from './keys.ts';
import { ROLES } from './permissions.ts';
import type { PseudonymKeys } from './pseudonym.ts';
import { setUpFirstAdministrator } from './setup-tokens.service.ts';
import { createUser, listUsers, updateUser } from './users.service.ts';

const password = safeString(200).min(12, 'must be at least 12 characters');

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
        querystring: z.strictObject({
          from: isoDateOrDateTime().optional(),
          to: isoDateOrDateTime().optional(),
          actorId: safeText(100).optional(),
          personId: z.uuid().optional(),
          action: safeText(100).optional(),
          outcome: z.enum(['allowed', 'denied', 'failed']).optional(),
          limit: plainInt(1, 10000).default(500),
          format: z.enum(['json', 'csv']).default('json'),
        }),
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
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
    { config: { access: 'audit:read' }, schema: { tags, summary: 'Recompute the audit hash chain; check it against the checkpoints' } },
    async (request) =>
      db.transaction().execute((trx) => verifyAuditLog(trx, { actor: actorOf(request), client: clientOf(request), audit })),
  );

  app.post(
    '/api/admin/access-report',
    {
      config: { access: 'person:access_report' },
      schema: {
        tags,
        summary: '"Who has looked at my data" for one person (by national ID)',
        body: z.strictObject({
          nationalId: z
            .string()
            .trim()
            .regex(/^\d{11}$/, 'must be 11 digits'),
        }),
      },
    },
    async (request) =>
      db.transaction().execute((trx) =>
        accessReport(trx, {
          actor: actorOf(request),
          keys,
          nationalId: request.body.nationalId,
          allowSynthetic: allowSyntheticIds,
          ...clientOf(request),
        }),
      ),
  );

  app.get('/api/admin/users', { config: { access: 'users:manage' }, schema: { tags, summary: 'User accounts' } }, async () =>
    listUsers(db),
  );

  const userBody = z.strictObject({
    roles: z.array(z.enum(ROLES)).max(ROLES.length),
    districts: z.array(z.enum(DISTRICT_SLUGS)).max(15).default([]),
    units: z.array(safeText(100).min(1)).max(50).default([]),
  });

  app.post(
    '/api/admin/users',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: 'Create a local account',
        body: userBody.extend({ email: z.email().max(200), displayName: safeText(200).min(1), password }),
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
        params: z.object({ id: z.uuid() }),
        body: userBody.extend({ disabled: z.boolean() }),
      },
    },
    async (request) =>
      db
        .transaction()
        .execute((trx) => updateUser(trx, { actor: actorOf(request), id: request.params.id, ...request.body, ...clientOf(request) })),
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
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({
          identity: z.strictObject({ issuer: issuerUrl(), subject: safeText(255).min(1) }).nullable(),
        }),
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
        body: z.strictObject({ token: safeString(100).min(10), email: z.email().max(200), displayName: safeText(200).min(1), password }),
      },
    },
    async (request, reply) => {
      const user = await db.transaction().execute((trx) => setUpFirstAdministrator(trx, { ...request.body, client: clientOf(request) }));
      return reply.status(201).send(user);
    },
  );
};
