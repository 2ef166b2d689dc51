/** One published table: its cells and the sums among them that the table shows. */
export type ProtectTable = {
  id: string;
  /**
   * `hidden`: an inner count the release does not publish but that the published sums are made
   * of (persons in exactly LAR and VEL, …). It is never in the ledger; the audit treats it as
   * unknown, and a small one must not become computable either.
   */
  cells: { key: string; value: number; hidden?: boolean }[];
  totals: { total: string; parts: string[] }[];
};

/**
 * Why a cell is suppressed. `rule` says which rule fired: a small count, a small complement
 * (total − cell), Gaussian elimination (the cell would make a protected value computable), or the
 * LP interval (the protected value's interval was narrower than the protection width).
 */
export type LedgerEntry = {
  table: string;
  key: string;
  reason: 'primary' | 'secondary';
  rule?: 'small-count' | 'complement' | 'linear' | 'interval';
};

/** The settings a ledger was made with; the audit uses them unless told otherwise. */
export type LedgerSettings = { threshold: number; protectionWidth: number; suppressZeros: boolean };

/** Every suppression of one release, shared by all its tables, charts, maps and exports. */
export type Ledger = { entries: LedgerEntry[]; settings?: LedgerSettings };

export type ProtectOptions = {
  /** Counts 1..threshold are suppressed (DOMAIN.md: 4 or fewer). */
  threshold?: number;
  /** The smallest interval width a protected value may have (default: the threshold). */
  protectionWidth?: number;
  /** Suppress true zeros too (default false: a zero discloses no person). */
  suppressZeros?: boolean;
};

export type AuditOptions = ProtectOptions & {
  /** Solve the intervals over whole numbers (a MIP) instead of the LP relaxation. */
  integer?: boolean;
};

/**
 * The interval an intruder can derive for one suppressed value. `kind` is `cell` for a suppressed
 * cell and `complement` for total − cell (then `total` names the total and `value` is the
 * complement). `required` is the width the value must have: the protection width for protected
 * values, 0 for secondary cells (they are hidden to protect others, not for their own sake).
 * An unbounded maximum is `Infinity`.
 */
export type AuditInterval = {
  table: string;
  key: string;
  kind: 'cell' | 'complement';
  total?: string;
  reason: 'primary' | 'secondary';
  value: number;
  min: number;
  max: number;
  width: number;
  required: number;
  /** The published sums alone fix this value, whatever is suppressed (then `required` is 0). */
  structural?: true;
  ok: boolean;
};

export type AuditReport = { ok: boolean; intervals: AuditInterval[]; problems: string[] };
