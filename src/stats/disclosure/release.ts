/**
 * The linear structure of a release: every distinct published cell (a key is the same cell in
 * every table that shows it), every published sum as a relation total − Σ parts = 0, and the
 * connected components of cells linked by relations (each component is protected on its own).
 */
import { AppError } from '../../platform/errors.ts';
import type { ProtectTable } from './types.ts';

export type Cell = { key: string; value: number; tables: number[]; isTotal: boolean; hidden: boolean };
export type Relation = { table: number; total: number; parts: number[] };
/** A linear function of cells an intruder must not pin down: a cell, or total − cell. */
export type Functional = {
  kind: 'cell' | 'complement';
  cell: number;
  total?: number;
  table: number;
  value: number;
  terms: Map<number, number>;
};
export type Release = {
  tables: ProtectTable[];
  cells: Cell[];
  index: Map<string, number>;
  relations: Relation[];
  /** Cell indices of each component, ascending. */
  components: number[][];
  componentOf: number[];
  /** Relation indices of each component. */
  componentRelations: number[][];
};

const invalid = (field: string, message: string) => new AppError('INVALID_INPUT', `${field}: ${message}`, [{ field, message }]);

/** Validates the tables and builds the release's cells, relations and components. */
export function buildRelease(tables: ProtectTable[]): Release {
  const cells: Cell[] = [];
  const index = new Map<string, number>();
  const tableIds = new Set<string>();
  tables.forEach((table, t) => {
    if (typeof table.id !== 'string' || table.id === '') throw invalid(`tables[${t}].id`, 'must be a non-empty string');
    if (tableIds.has(table.id)) throw invalid(`tables[${t}].id`, `table '${table.id}' appears twice in the release`);
    tableIds.add(table.id);
    const own = new Set<string>();
    table.cells.forEach((cell, c) => {
      const field = `tables[${t}].cells[${c}]`;
      if (typeof cell.key !== 'string' || cell.key === '') throw invalid(`${field}.key`, 'must be a non-empty string');
      if (own.has(cell.key)) throw invalid(`${field}.key`, `table '${table.id}' has cell '${cell.key}' twice`);
      own.add(cell.key);
      if (!Number.isInteger(cell.value) || cell.value < 0) {
        throw invalid(`${field}.value`, `table '${table.id}', cell '${cell.key}': a count must be a whole number ≥ 0, not ${cell.value}`);
      }
      const known = index.get(cell.key);
      if (known === undefined) {
        index.set(cell.key, cells.length);
        cells.push({ key: cell.key, value: cell.value, tables: [t], isTotal: false, hidden: cell.hidden === true });
      } else {
        const shared = cells[known]!;
        if (shared.value !== cell.value) {
          throw invalid(
            `${field}.value`,
            `table '${table.id}', cell '${cell.key}' is ${cell.value}, ` +
              `but table '${tables[shared.tables[0]!]!.id}' publishes the same cell as ${shared.value}`,
          );
        }
        if (shared.hidden !== (cell.hidden === true)) {
          throw invalid(`${field}.hidden`, `table '${table.id}', cell '${cell.key}' is hidden in one table but not in another`);
        }
        shared.tables.push(t);
      }
    });
  });

  const relations: Relation[] = [];
  const seen = new Set<string>();
  tables.forEach((table, t) => {
    const own = new Set(table.cells.map((c) => c.key));
    table.totals.forEach((sum, s) => {
      const field = `tables[${t}].totals[${s}]`;
      const name = `table '${table.id}', total '${sum.total}'`;
      if (!own.has(sum.total)) throw invalid(`${field}.total`, `${name} is not a cell of the table`);
      if (sum.parts.length === 0) throw invalid(`${field}.parts`, `${name} has no parts`);
      const parts = new Set<string>();
      for (const part of sum.parts) {
        if (!own.has(part)) throw invalid(`${field}.parts`, `${name}: part '${part}' is not a cell of the table`);
        if (part === sum.total) throw invalid(`${field}.parts`, `${name} lists itself as a part`);
        if (parts.has(part)) throw invalid(`${field}.parts`, `${name} lists part '${part}' twice`);
        parts.add(part);
      }
      const total = index.get(sum.total)!;
      const partIds = sum.parts.map((p) => index.get(p)!);
      const partSum = partIds.reduce((acc, p) => acc + cells[p]!.value, 0);
      if (partSum !== cells[total]!.value) {
        throw invalid(field, `${name} is ${cells[total]!.value}, but its parts sum to ${partSum}`);
      }
      cells[total]!.isTotal = true;
      const canonical = `${total}:${[...partIds].sort((a, b) => a - b).join(',')}`;
      if (seen.has(canonical)) return;
      seen.add(canonical);
      relations.push({ table: t, total, parts: partIds });
    });
  });

  const { components, componentOf, componentRelations } = connect(cells.length, relations);
  return { tables, cells, index, relations, components, componentOf, componentRelations };
}

/** Union-find over cells joined by relations. */
function connect(n: number, relations: Relation[]) {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (const r of relations) for (const p of r.parts) parent[find(p)] = find(r.total);
  const byRoot = new Map<number, number>();
  const components: number[][] = [];
  const componentOf = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const root = find(i);
    let c = byRoot.get(root);
    if (c === undefined) {
      c = components.length;
      byRoot.set(root, c);
      components.push([]);
    }
    components[c]!.push(i);
    componentOf[i] = c;
  }
  const componentRelations: number[][] = components.map(() => []);
  relations.forEach((r, i) => componentRelations[componentOf[r.total]!]!.push(i));
  return { components, componentOf, componentRelations };
}

/** The row of a relation: +1 for the total, −1 for each part. */
export function relationTerms(r: Relation): Map<number, number> {
  const terms = new Map<number, number>([[r.total, 1]]);
  for (const p of r.parts) terms.set(p, -1);
  return terms;
}

/** Whether a count is small enough to need protection. */
export const isSmall = (value: number, threshold: number, suppressZeros: boolean) => value <= threshold && (value > 0 || suppressZeros);

/**
 * The primary rule: every small cell, and every cell whose complement within a published total
 * (total − cell) is small, since subtracting would reveal the few persons outside the cell.
 * Small hidden cells are protected too, but are not suppressed (they are never published).
 * Returns the functionals to protect and the cells suppressed for them, with the rule that fired.
 */
export function primaryRule(
  release: Release,
  settings: { threshold: number; suppressZeros: boolean },
): { functionals: Functional[]; primary: Map<number, 'small-count' | 'complement'> } {
  const functionals: Functional[] = [];
  const primary = new Map<number, 'small-count' | 'complement'>();
  release.cells.forEach((cell, i) => {
    if (!isSmall(cell.value, settings.threshold, settings.suppressZeros)) return;
    if (!cell.hidden) primary.set(i, 'small-count');
    functionals.push({ kind: 'cell', cell: i, table: cell.tables[0]!, value: cell.value, terms: new Map([[i, 1]]) });
  });
  const complements = new Set<string>();
  for (const r of release.relations) {
    if (release.cells[r.total]!.hidden) continue; // the rule is about published totals
    const total = release.cells[r.total]!.value;
    for (const p of r.parts) {
      if (release.cells[p]!.hidden) continue;
      const complement = total - release.cells[p]!.value;
      if (!isSmall(complement, settings.threshold, settings.suppressZeros) || complements.has(`${r.total}:${p}`)) continue;
      complements.add(`${r.total}:${p}`);
      if (!primary.has(p)) {
        primary.set(p, 'complement');
        functionals.push({ kind: 'cell', cell: p, table: r.table, value: release.cells[p]!.value, terms: new Map([[p, 1]]) });
      }
      const terms = new Map([
        [r.total, 1],
        [p, -1],
      ]);
      functionals.push({ kind: 'complement', cell: p, total: r.total, table: r.table, value: complement, terms });
    }
  }
  return { functionals, primary };
}
