import { describe, expect, it } from 'vitest';
import { actionsFrom, FINAL_STATUSES, nextStatus, REQUEST_ACTIONS, REQUEST_STATUSES, waitingOrder } from './request-status.ts';

describe('the request state machine', () => {
  it('walks the happy path sent → received → offered → accepted → admitted', () => {
    expect(nextStatus('sent', 'receive')).toEqual({ ok: true, to: 'received' });
    expect(nextStatus('received', 'offer')).toEqual({ ok: true, to: 'offered' });
    expect(nextStatus('offered', 'accept')).toEqual({ ok: true, to: 'accepted' });
    expect(nextStatus('accepted', 'admit')).toEqual({ ok: true, to: 'admitted' });
  });

  it('puts an offer that ends without admission back to received', () => {
    for (const from of ['offered', 'accepted'] as const) {
      expect(nextStatus(from, 'offer_ended')).toEqual({ ok: true, to: 'received' });
      expect(nextStatus(from, 'decline')).toEqual({ ok: true, to: 'received' });
    }
  });

  it('refuses to skip a step and says from which status the action is possible', () => {
    expect(nextStatus('sent', 'offer')).toEqual({ ok: false, reason: 'cannot offer a request that is sent (only one that is received)' });
    expect(nextStatus('offered', 'admit').ok).toBe(false);
    expect(nextStatus('received', 'accept').ok).toBe(false);
  });

  it('lets nothing out of admitted, rejected or withdrawn', () => {
    for (const status of FINAL_STATUSES) {
      expect(actionsFrom(status)).toEqual([]);
      for (const action of REQUEST_ACTIONS) expect(nextStatus(status, action).ok).toBe(false);
    }
  });

  it('can reject or withdraw every open request', () => {
    for (const status of REQUEST_STATUSES.filter((s) => !FINAL_STATUSES.includes(s))) {
      expect(actionsFrom(status)).toEqual(expect.arrayContaining(['reject', 'withdraw']));
    }
  });

  it('orders the waiting list by urgency, then by how long the request has waited', () => {
    const list = [
      { id: 'a', urgency: 'normal' as const, sentAt: '2026-01-01T10:00:00Z' },
      { id: 'b', urgency: 'acute' as const, sentAt: '2026-01-03T10:00:00Z' },
      { id: 'c', urgency: 'high' as const, sentAt: '2026-01-02T10:00:00Z' },
      { id: 'd', urgency: 'acute' as const, sentAt: '2026-01-02T10:00:00Z' },
    ];
    expect(list.sort(waitingOrder).map((r) => r.id)).toEqual(['d', 'b', 'c', 'a']);
  });
});
