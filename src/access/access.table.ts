import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AppUserTable {
  id: string;
  kommune: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  roles: string[];
  districts: string[];
  units: string[];
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: Timestamp;
}

export interface AppSessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  user_agent: string | null;
  ip: string | null;
}

/** An OpenID Connect sign-in between the redirect to the provider and its callback. */
export interface OidcLoginTable {
  flow_hash: string;
  provider: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: Timestamp;
  expires_at: Date;
}

export interface PersonIdentityTable {
  person_id: string;
  national_id: string;
  id_type: 'fnr' | 'dnr' | 'synthetic';
  created_at: Timestamp;
}

export interface PersonTable {
  id: string;
  kommune: Generated<string>;
  pseudonym: string;
  given_name: string | null;
  family_name: string | null;
  birth_year: number | null;
  district: string | null;
  unit: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

/** An audit row committed with its access and not yet chained (see appendAuditPending in audit.ts). */
export interface AuditPendingTable {
  id: Generated<number>;
  occurred_at: Date;
  actor_id: string;
  actor_name: string;
  actor_roles: string[];
  actor_scope: ColumnType<Record<string, unknown>, string, string>;
  action: string;
  outcome: 'allowed' | 'denied' | 'failed';
  purpose: string;
  resource_type: string;
  resource_id: string | null;
  person_id: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: ColumnType<Record<string, unknown>, string, string>;
}

/** A chained audit row: a pending row's columns, linked to the one before it. */
export interface AuditEventTable extends AuditPendingTable {
  prev_hash: string;
  hash: string;
  /** How the row is linked to the previous one (see audit.ts). */
  chain: 'sha256' | 'hmac-sha256';
}

/** A signed summary of the audit chain's head (see audit-checkpoint.ts). */
export interface AuditCheckpointTable {
  id: Generated<number>;
  written_at: Date;
  row_count: number;
  legacy_row_count: number;
  last_id: number;
  last_hash: string;
  signature: string;
}

export interface PersonPseudonymisedView {
  pseudonym: string;
  district: string | null;
  unit: string | null;
  birth_year: number | null;
  created_at: Date;
}

export interface SetupTokenTable {
  token_hash: string;
  created_at: Timestamp;
  used_at: Date | null;
}

export interface AccessTables {
  app_user: AppUserTable;
  app_session: AppSessionTable;
  oidc_login: OidcLoginTable;
  person_identity: PersonIdentityTable;
  person: PersonTable;
  audit_event: AuditEventTable;
  audit_pending: AuditPendingTable;
  audit_checkpoint: AuditCheckpointTable;
  person_pseudonymised: PersonPseudonymisedView;
  setup_token: SetupTokenTable;
}

declare module '../platform/database.ts' {
  /** The access module's tables join the one Database type (declaration merging: no central list). */
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the module's tables into Database
  interface Database extends AccessTables {}
}
