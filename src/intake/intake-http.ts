import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { chainPendingAuditSoon } from '../access/audit.ts';
import { actorOf } from '../access/auth.plugin.ts';
import type { Db } from '../platform/db.ts';
import { runIdempotent, type Answer } from './idempotency.service.ts';
import type { IntakeContext } from './intake.service.ts';

/** The intake routes' shared HTTP glue: who acts, and a POST run once per Idempotency-Key. */

export const contextOf = (request: FastifyRequest): IntakeContext => ({
  actor: actorOf(request),
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
});

export const IDEMPOTENCY_NOTE =
  ' Send an `Idempotency-Key` header to make a retry safe: the same key answers the same again; ' +
  'the same key with another request is 422.';

/**
 * A POST's use-case in one transaction, once per Idempotency-Key (per route and actor). The audit
 * rows it recorded pending (appendAuditPending) are committed with it; their chaining follows a
 * moment after the commit (chainPendingAuditSoon, shared by the writes of that moment), without the
 * answer waiting for it (a wait there is latency every client pays).
 * Readers of the audit log (search, verify, access report) chain what is pending first; a failed
 * chaining does not undo the committed write, and the app's timer chains the rows a moment later.
 */
export async function once<T extends Record<string, unknown>>(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  run: (trx: Db, ctx: IntakeContext) => Promise<Answer<T>>,
) {
  const ctx = contextOf(request);
  const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
  const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
  const answer = await db
    .transaction()
    .execute((trx) =>
      runIdempotent(trx, { key, route, actorId: ctx.actor.userId, request: { params: request.params, body: request.body } }, () =>
        run(trx, ctx),
      ),
    );
  void chainPendingAuditSoon(db).catch((error: unknown) => request.log.error({ err: error }, 'chaining pending audit rows failed'));
  if (answer.replayed) void reply.header('idempotent-replayed', 'true');
  return reply.status(answer.status).send(answer.body);
}

/** The query of an event stream: the id of the last event seen, to catch up from. */
export const streamQuery = z.strictObject({
  lastEventId: z
    .string()
    .regex(/^\d{1,15}$/, 'must be an event id (digits)')
    .optional(),
});
