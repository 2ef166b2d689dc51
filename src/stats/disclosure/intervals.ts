/**
 * The intruder's view of a release as a linear program, solved by HiGHS (WebAssembly): every
 * suppressed cell is a variable ≥ 0, every published relation an equality with the published
 * cells' values on the right-hand side. The interval of a suppressed value is [min, max] of its
 * linear function over that polytope: what someone holding every published number (and knowing
 * counts are not negative) can still not rule out. Upper bounds come from the totals through the
 * equalities. Only suppressed cells are columns: the solver's work grows with what is hidden.
 */
import highsModule, { type Highs, type Model, type ObjectiveSense } from 'highs';
import type { Relation } from './release.ts';

/** At run time the default import is the loader (highs.mjs); the types describe CommonJS under NodeNext. */
const loadHighs = highsModule as unknown as (typeof highsModule)['default'];

let solver: Promise<Highs> | undefined;

/** HiGHS, loaded once per process (loading compiles the WebAssembly). */
export const highsSolver = (): Promise<Highs> => (solver ??= loadHighs());

/** Rounds solver noise away so hand-checked intervals compare exactly. */
const tidy = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : x);

/** A feasible assignment of the suppressed cells (cells not listed keep their true value). */
export type Point = Map<number, number>;
export type Range = { min: number; max: number; points: Point[] };

/** The LP of one component given the set of suppressed cells (by global index). */
export class IntervalModel {
  /** None when nothing is suppressed: then every value is known. */
  private readonly model: Model | undefined;
  private readonly col = new Map<number, number>();
  private costed: number[] = [];

  constructor(
    private readonly highs: Highs,
    relations: Relation[],
    private readonly values: readonly number[],
    private readonly suppressed: ReadonlySet<number>,
    integer: boolean,
  ) {
    const variables = [...suppressed].sort((a, b) => a - b);
    if (variables.length === 0) return;
    this.model = highs.createModel({ format: 'lp', data: this.cplexLp(relations, variables, integer) });
    this.model.options.set({ output_flag: false });
    // The LP reader numbers columns by first appearance, so look each one up by name once.
    for (const cell of variables) this.col.set(cell, this.model.getColByName(`x${cell}`));
    // The LP format wants an objective; range() sets the real one.
    this.costed = [this.col.get(variables[0]!)!];
  }

  /** The model in CPLEX LP format: rows over the suppressed cells, published values moved right. */
  private cplexLp(relations: Relation[], variables: number[], integer: boolean): string {
    const rows: string[] = [];
    for (const r of relations) {
      const terms = [[r.total, 1], ...r.parts.map((p) => [p, -1] as const)] as const;
      const free = terms.filter(([cell]) => this.suppressed.has(cell));
      if (free.length === 0) continue;
      const rhs = -terms.filter(([cell]) => !this.suppressed.has(cell)).reduce((s, [cell, coef]) => s + coef * this.values[cell]!, 0);
      const lhs = free.map(([cell, coef], i) => `${coef < 0 ? '-' : i === 0 ? '' : '+'} x${cell}`).join(' ');
      rows.push(` r${rows.length}: ${lhs} = ${rhs}`);
    }
    const bounds = variables.map((cell) => ` x${cell} >= 0`);
    const generals = integer ? ['Generals', ` ${variables.map((c) => `x${c}`).join(' ')}`] : [];
    return ['Minimize', ` obj: x${variables[0]!}`, 'Subject To', ...rows, 'Bounds', ...bounds, ...generals, 'End'].join('\n');
  }

  /** [min, max] of Σ coef·cell over everything the release still allows, and the optimal points. */
  range(terms: Map<number, number>): Range {
    const model = this.model;
    for (const c of this.costed) model?.changeColCost(c, 0);
    this.costed = [];
    let constant = 0;
    for (const [cell, coef] of terms) {
      const c = this.col.get(cell);
      if (c === undefined) {
        constant += coef * this.values[cell]!;
        continue;
      }
      model!.changeColCost(c, coef);
      this.costed.push(c);
    }
    if (this.costed.length === 0) return { min: constant, max: constant, points: [] };
    const { minimize, maximize } = this.highs.constants.objectiveSense;
    const points: Point[] = [];
    const min = this.solve(model!, minimize, -Infinity, points);
    const max = this.solve(model!, maximize, Infinity, points);
    return { min: tidy(min + constant), max: tidy(max + constant), points };
  }

  private solve(model: Model, sense: ObjectiveSense, unbounded: number, points: Point[]): number {
    model.changeObjectiveSense(sense);
    model.run();
    const status = model.getModelStatus();
    const codes = this.highs.constants.modelStatus;
    if (status === codes.optimal) {
      const values = model.getSolution().colValue;
      points.push(new Map([...this.col].map(([cell, c]) => [cell, values[c]!])));
      return model.getObjectiveValue();
    }
    // The true values satisfy every constraint, so "unbounded or infeasible" means unbounded.
    if (status === codes.unbounded || status === codes.unboundedOrInfeasible) return unbounded;
    throw new Error(`HiGHS ended with model status ${status} on a feasible release`);
  }

  dispose() {
    this.model?.dispose();
  }
}
