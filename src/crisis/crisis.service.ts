import type { Actor } from '../access/actor.ts';
import { appendAudit } from '../access/audit.ts';
import type { Db } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import {
  insertCrisisLineRow,
  insertCrisisLineVersion,
  lockCrisisLine,
  selectCrisisLines,
  selectCrisisLineVersions,
  updateCrisisLineRow,
  type CrisisLineRow,
} from './crisis.repository.ts';
import type { CrisisLine, CrisisLineInput, PublicCrisisLine } from './crisis.schemas.ts';

/** A row as the public sees it. Pure. */
export function rowToPublicLine(r: CrisisLineRow): PublicCrisisLine {
  return {
    key: r.key,
    name: { nb: r.name_nb, en: r.name_en },
    phone: { display: r.phone_display, tel: r.phone_tel },
    organization: r.organization,
    hours: { nb: r.hours_nb, en: r.hours_en },
    is24_7: r.is_24_7,
    audience: { nb: r.audience_nb, en: r.audience_en },
  };
}

/** A row as an editor sees it. Pure. */
export function rowToLine(r: CrisisLineRow): CrisisLine {
  return {
    ...rowToPublicLine(r),
    sortOrder: r.sort_order,
    active: r.active,
    sourceNote: r.source_note,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
  };
}

/** The editable content of a line, flat, field by field (what a version row records). Pure. */
function flatten(input: CrisisLineInput): Record<string, unknown> {
  return {
    name_nb: input.name.nb,
    name_en: input.name.en,
    phone_display: input.phone.display,
    phone_tel: input.phone.tel,
    organization: input.organization,
    hours_nb: input.hours.nb,
    hours_en: input.hours.en,
    is_24_7: input.is24_7,
    audience_nb: input.audience.nb,
    audience_en: input.audience.en,
    sort_order: input.sortOrder,
    active: input.active,
    source_note: input.sourceNote,
  };
}

function rowToInput(r: CrisisLineRow): CrisisLineInput {
  const line = rowToLine(r);
  return {
    name: line.name,
    phone: line.phone,
    organization: line.organization,
    hours: line.hours,
    is24_7: line.is24_7,
    audience: line.audience,
    sortOrder: line.sortOrder,
    active: line.active,
    sourceNote: line.sourceNote,
  };
}

/** The fields that differ between two versions of a line. Pure. */
export function diffCrisisLines(before: CrisisLineInput, after: CrisisLineInput): Record<string, { from: unknown; to: unknown }> {
  const a = flatten(before);
  const b = flatten(after);
  return Object.fromEntries(Object.keys(b).flatMap((k) => (a[k] === b[k] ? [] : [[k, { from: a[k], to: b[k] }]])));
}

/** The active lines in display order, for every public page. */
export async function listPublicCrisisLines(db: Db): Promise<PublicCrisisLine[]> {
  return (await selectCrisisLines(db, { activeOnly: true })).map(rowToPublicLine);
}

/** Every line, inactive ones too, for the editors' page. */
export async function listCrisisLines(db: Db): Promise<CrisisLine[]> {
  return (await selectCrisisLines(db, { activeOnly: false })).map(rowToLine);
}

/**
 * Changes a line: locks it, refuses when someone else saved since the editor's version (409),
 * writes the new version row and an audit row in the caller's transaction. A save that changes
 * nothing writes nothing and returns the line as it is.
 */
export async function updateCrisisLine(
  db: Db,
  options: {
    actor: Actor;
    key: string;
    version: number;
    input: CrisisLineInput;
    client: { ip: string | null; userAgent: string | null };
  },
): Promise<{ line: CrisisLine; changed: boolean }> {
  const before = await lockCrisisLine(db, options.key);
  if (!before) throw notFound('Crisis line');
  if (before.version !== options.version) {
    throw new AppError(
      'CONFLICT',
      `version: the crisis line was changed by someone else (now version ${before.version}); reload and try again`,
      [{ field: 'version', message: `is ${options.version}, but the line is at version ${before.version}` }],
    );
  }
  const changes = diffCrisisLines(rowToInput(before), options.input);
  if (Object.keys(changes).length === 0) return { line: rowToLine(before), changed: false };
  const version = before.version + 1;
  const after = await updateCrisisLineRow(db, options.key, {
    ...(flatten(options.input) as Omit<CrisisLineRow, 'key' | 'version' | 'updated_at' | 'updated_by'>),
    version,
    updated_at: new Date(),
    updated_by: options.actor.displayName,
  });
  await insertCrisisLineVersion(db, {
    line_key: options.key,
    version,
    action: 'update',
    changed_by: options.actor.displayName,
    changes: JSON.stringify(changes),
  });
  await appendAudit(db, {
    actor: options.actor,
    action: 'update_crisis_line',
    outcome: 'allowed',
    purpose: 'registration',
    resourceType: 'crisis_line',
    resourceId: options.key,
    personId: null,
    ip: options.client.ip,
    userAgent: options.client.userAgent,
    detail: { version, changes },
  });
  return { line: rowToLine(after), changed: true };
}

/** Adds a line under a new key (409 when the key is taken); version 1 records every field. */
export async function createCrisisLine(
  db: Db,
  options: { actor: Actor; key: string; input: CrisisLineInput; client: { ip: string | null; userAgent: string | null } },
): Promise<CrisisLine> {
  const fields = flatten(options.input) as Omit<CrisisLineRow, 'key' | 'version' | 'updated_at' | 'updated_by'>;
  const row = await insertCrisisLineRow(db, { key: options.key, ...fields, version: 1, updated_by: options.actor.displayName });
  if (!row) {
    throw new AppError('CONFLICT', `key: a crisis line with the key ${options.key} exists`, [{ field: 'key', message: 'is taken' }]);
  }
  const changes = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { from: null, to: v }]));
  await insertCrisisLineVersion(db, {
    line_key: options.key,
    version: 1,
    action: 'create',
    changed_by: options.actor.displayName,
    changes: JSON.stringify(changes),
  });
  await appendAudit(db, {
    actor: options.actor,
    action: 'create_crisis_line',
    outcome: 'allowed',
    purpose: 'registration',
    resourceType: 'crisis_line',
    resourceId: options.key,
    personId: null,
    ip: options.client.ip,
    userAgent: options.client.userAgent,
    detail: { version: 1, changes },
  });
  return rowToLine(row);
}

/** The versions of a line, newest first. */
export async function listCrisisLineHistory(db: Db, options: { key: string }) {
  const rows = await selectCrisisLineVersions(db, options.key);
  if (rows.length === 0) throw notFound('Crisis line');
  return rows.map((r) => ({
    version: r.version,
    action: r.action,
    changedBy: r.changed_by,
    changedAt: r.changed_at.toISOString(),
    changes: r.changes,
  }));
}
