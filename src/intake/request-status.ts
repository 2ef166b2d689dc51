/*
 * A request's life, as a pure state machine: sent → received → offered → accepted → admitted, or
 * rejected / withdrawn with a reason; an offer that ends without admission (declined, its hold
 * released or expired) puts the request back to received, on the waiting list again.
 */

import { REQUEST_ACTIONS, type RequestAction, type RequestStatus } from './vocabulary.ts';

export { REQUEST_ACTIONS, REQUEST_STATUSES, type RequestAction, type RequestStatus } from './vocabulary.ts';

const TRANSITIONS: Record<RequestAction, { from: readonly RequestStatus[]; to: RequestStatus }> = {
  receive: { from: ['sent'], to: 'received' },
  offer: { from: ['received'], to: 'offered' },
  accept: { from: ['offered'], to: 'accepted' },
  decline: { from: ['offered', 'accepted'], to: 'received' },
  offer_ended: { from: ['offered', 'accepted'], to: 'received' },
  admit: { from: ['accepted'], to: 'admitted' },
  reject: { from: ['sent', 'received', 'offered', 'accepted'], to: 'rejected' },
  withdraw: { from: ['sent', 'received', 'offered', 'accepted'], to: 'withdrawn' },
};

/** Actions whose history row must say why (the district and common intake both read it). */
export const ACTIONS_NEEDING_A_REASON: readonly RequestAction[] = ['decline', 'reject', 'withdraw'];

/** No action leads out of these (an immediate discharge puts an admitted request back to received: transitions.service.ts). */
export const FINAL_STATUSES: readonly RequestStatus[] = ['admitted', 'rejected', 'withdrawn'];

/** Requests on the waiting list: sent or received, with no offer. */
export const WAITING_STATUSES: readonly RequestStatus[] = ['sent', 'received'];

/** Statuses in which the request holds a place (its offer's hold). */
export const HOLDING_STATUSES: readonly RequestStatus[] = ['offered', 'accepted'];

export type Transition = { ok: true; to: RequestStatus } | { ok: false; reason: string };

/** Where an action takes a request in a status, or why it cannot. */
export function nextStatus(from: RequestStatus, action: RequestAction): Transition {
  const rule = TRANSITIONS[action];
  if (rule.from.includes(from)) return { ok: true, to: rule.to };
  const allowed = rule.from.join(' or ');
  return { ok: false, reason: `cannot ${action.replace('_', ' ')} a request that is ${from} (only one that is ${allowed})` };
}

/** The actions possible from a status (what the staff pages offer). */
export function actionsFrom(status: RequestStatus): RequestAction[] {
  return REQUEST_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status));
}

/** The waiting list's first key: acute before high before normal. */
export const URGENCY_RANK = { acute: 0, high: 1, normal: 2 } as const;

/** Waiting-list order: urgency, then longest waiting (earliest sent), then id (a stable order). */
export function waitingOrder(
  a: { urgency: keyof typeof URGENCY_RANK; sentAt: string; id: string },
  b: { urgency: keyof typeof URGENCY_RANK; sentAt: string; id: string },
): number {
  return URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] || Date.parse(a.sentAt) - Date.parse(b.sentAt) || (a.id < b.id ? -1 : 1);
}
