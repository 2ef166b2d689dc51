/**
 * The intruder's view of a release as a linear program, solved by HiGHS (WebAssembly): every cell
 * of a component is a variable ≥ 0, every published relation an equality, every published cell
 * fixed at its value. The interval of a suppressed value is [min, max] of its linear function
 * over that polytope: what someone holding all published numbers can still not rule out.
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

/** The LP of one component; cells are given by global index, columns are local. */
export class IntervalModel {
  private readonly model: Model;
  private readonly localIndex = new Map<number, number>();
  private readonly col = new Map<number, number>();
  private costed: number[] = [];

  constructor(
    private readonly highs: Highs,
    private readonly cells: number[],
    private readonly values: readonly number[],
    relations: Relation[],
    published: (cell: number) => boolean,
    integer: boolean,
  ) {
    cells.forEach((cell, i) => this.localIndex.set(cell, i));
    this.model = highs.createModel({ format: 'lp', data: this.cplexLp(relations, published, integer) });
    this.model.options.set({ output_flag: false });
    // The LP reader numbers columns by first appearance, so look each one up by name once.
    for (const cell of cells) this.col.set(cell, this.model.getColByName(`x${this.localIndex.get(cell)!}`));
    // The LP format wants an objective; range() sets the real one.
    this.costed = [this.col.get(cells[0]!)!];
  }

  /** The model in CPLEX LP format (what HiGHS reads; also handy to inspect a release by hand). */
  private cplexLp(relations: Relation[], published: (cell: number) => boolean, integer: boolean): string {
    const name = (cell: number) => `x${this.localIndex.get(cell)!}`;
    const rows = relations.map((r, i) => ` r${i}: ${name(r.total)} ${r.parts.map((p) => `- ${name(p)}`).join(' ')} = 0`);
    const bounds = this.cells.filter(published).map((cell) => ` ${name(cell)} = ${this.values[cell]!}`);
    const generals = integer ? ['Generals', ` ${this.cells.map(name).join(' ')}`] : [];
    return ['Minimize', ` obj: ${name(this.cells[0]!)}`, 'Subject To', ...rows, 'Bounds', ...bounds, ...generals, 'End'].join('\n');
  }

  /** Publishes (fixes) or suppresses (frees) a cell. */
  setPublished(cell: number, published: boolean) {
    const value = this.values[cell]!;
    this.model.changeColBounds(this.col.get(cell)!, published ? value : 0, published ? value : this.highs.infinity);
  }

  /** [min, max] of Σ coef·cell over everything the release still allows. */
  range(terms: Map<number, number>): { min: number; max: number } {
    for (const c of this.costed) this.model.changeColCost(c, 0);
    this.costed = [];
    for (const [cell, coef] of terms) {
      const c = this.col.get(cell)!;
      this.model.changeColCost(c, coef);
      this.costed.push(c);
    }
    const { minimize, maximize } = this.highs.constants.objectiveSense;
    return { min: tidy(this.solve(minimize, -Infinity)), max: tidy(this.solve(maximize, Infinity)) };
  }

  private solve(sense: ObjectiveSense, unbounded: number): number {
    this.model.changeObjectiveSense(sense);
    this.model.run();
    const status = this.model.getModelStatus();
    const codes = this.highs.constants.modelStatus;
    if (status === codes.optimal) return this.model.getObjectiveValue();
    // The true values satisfy every constraint, so "unbounded or infeasible" means unbounded.
    if (status === codes.unbounded || status === codes.unboundedOrInfeasible) return unbounded;
    throw new Error(`HiGHS ended with model status ${status} on a feasible release`);
  }

  dispose() {
    this.model.dispose();
  }
}
