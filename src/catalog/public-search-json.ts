import type { z } from 'zod';
import { publicSearchResponseSchema, serviceSummarySchema } from './catalog-responses.schemas.ts';
import { openStatusSchema } from './catalog.schemas.ts';
import { SUMMARY_SOURCE } from './search.service.ts';

/**
 * The public search's answer as JSON, written without validating the whole answer on every
 * request: a card's fixed part (the service as the index holds it) is encoded through its schema
 * once per index copy of the service and kept as text; of what changes between answers, intake
 * status and why it matched are picked field by field and open status is encoded once per status
 * object; the answer's own fields are encoded through their schema. The result is what the
 * route's response schema would make of the answer (its keys in another order);
 * public-search-json.int.test.ts checks that on real searches.
 */
const dynamicKeys = { intakeStatus: true, intakeStatusAt: true, intakeStatusDerived: true, reasons: true } as const;
const fixedItemSchema = serviceSummarySchema.omit(dynamicKeys);
const headSchema = publicSearchResponseSchema.omit({ items: true });

type Answer = z.input<typeof publicSearchResponseSchema>;
type Item = Answer['items'][number] & { [SUMMARY_SOURCE]?: object };

/** A card's fixed part as a JSON object's text without its closing brace, per index copy of a service. */
const fixedParts = new WeakMap<object, string>();

function fixedPart(item: Item): string {
  const source = item[SUMMARY_SOURCE];
  let text = source && fixedParts.get(source);
  if (text === undefined) {
    text = JSON.stringify(fixedItemSchema.encode(item)).slice(0, -1);
    if (source) fixedParts.set(source, text);
  }
  return text;
}

/**
 * What changes between answers: intake status and reasons picked field by field (each of the
 * schema's, no other; a schema's encode of them on every answer would cost more than the rest of a
 * cached answer), open status as its schema writes it.
 */
function dynamicPart(item: Item): string {
  const changing = JSON.stringify({
    intakeStatus: item.intakeStatus,
    intakeStatusAt: item.intakeStatusAt,
    intakeStatusDerived: item.intakeStatusDerived,
    reasons: item.reasons.map(({ term, matched, via, inName }) => ({ term, matched, via, inName })),
  });
  return `${changing.slice(1, -1)},"openStatus":${openStatusJson(item.openStatus)}}`;
}

/** An open status through its schema, kept per status object: openStatusView hands out one per opening hours and minute. */
const openStatusTexts = new WeakMap<object, string>();
function openStatusJson(status: Item['openStatus']): string {
  let text = openStatusTexts.get(status);
  if (text === undefined) openStatusTexts.set(status, (text = JSON.stringify(openStatusSchema.encode(status))));
  return text;
}

export function publicSearchJson(answer: Answer): string {
  const items = answer.items.map((item: Item) => `${fixedPart(item)},${dynamicPart(item)}`);
  return `${JSON.stringify(headSchema.encode(answer)).slice(0, -1)},"items":[${items.join(',')}]}`;
}
