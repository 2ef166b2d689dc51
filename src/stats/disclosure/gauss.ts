/**
 * Secondary suppression by Gaussian elimination, after Statistics Norway's GaussSuppression
 * (SSBtools/GaussSuppression: "candidates who completely eliminate one or more primary suppressed
 * cells are omitted and made secondary suppressed").
 *
 * Formulated over what the public knows rather than over inner cells: a known linear function
 * of cells is a vector; every published relation (total − Σ parts) and every published cell e_c
 * is known. A protected functional f (a cell, or total − cell) is disclosed exactly when f lies in
 * the span of the known vectors. The span is kept in reduced row echelon form; each protected
 * functional is kept reduced against it. Candidates are offered in order (most wanted published
 * first); a candidate that would reduce some protected functional to zero is suppressed instead.
 * Working on known vectors instead of a dummy matrix of inner cells handles linked tables that
 * break the same total down in different ways, where no common set of inner cells is given.
 */

/** A sparse vector: column → coefficient, no zero entries. */
export type Sparse = Map<number, number>;

const EPS = 1e-9;

export type GaussResult = {
  /** Candidates that must not be published. */
  suppressed: number[];
  /** Protected functionals the relations alone already determine (structural; cannot be hidden). */
  determined: number[];
};

/** Runs the elimination; `known` are vectors public regardless of suppression (the relations). */
export function gaussSecondary(input: { known: Sparse[]; protect: Sparse[]; candidates: number[] }): GaussResult {
  const basis = new Map<number, Sparse>(); // pivot column → row, pivot coefficient 1
  const basisAt = new Map<number, Set<number>>(); // column → pivots whose row is non-zero there
  const residuals = input.protect.map((f) => new Map(f));
  const residualsAt = new Map<number, Set<number>>(); // column → residuals non-zero there
  const index = (at: Map<number, Set<number>>, col: number, id: number, present: boolean) => {
    let set = at.get(col);
    if (present) {
      if (!set) at.set(col, (set = new Set()));
      set.add(id);
    } else set?.delete(id);
  };
  residuals.forEach((f, i) => {
    for (const col of f.keys()) index(residualsAt, col, i, true);
  });

  /** v minus its components along the basis; with RREF one pass over v's pivot columns suffices. */
  const reduce = (v: Sparse): Sparse => {
    const out = new Map(v);
    for (const [col, coef] of v) {
      const row = basis.get(col);
      if (row) axpy(out, -coef, row);
    }
    return out;
  };

  /** target += a·row, keeping the column index of `at` (for entry `id`) current. */
  const update = (target: Sparse, a: number, row: Sparse, at: Map<number, Set<number>>, id: number) => {
    for (const [col, coef] of row) {
      const next = (target.get(col) ?? 0) + a * coef;
      if (Math.abs(next) < EPS) {
        target.delete(col);
        index(at, col, id, false);
      } else {
        if (!target.has(col)) index(at, col, id, true);
        target.set(col, next);
      }
    }
  };

  const pivotOf = (r: Sparse): number => {
    let best = -1;
    let bestAbs = 0;
    for (const [col, coef] of r) {
      const abs = Math.abs(coef);
      if (abs > bestAbs + EPS || (Math.abs(abs - bestAbs) <= EPS && col < best)) {
        best = col;
        bestAbs = abs;
      }
    }
    return best;
  };

  /** Whether adding r (reduced, pivot q) would make some residual vanish. */
  const wouldDisclose = (r: Sparse, q: number): boolean => {
    const rq = r.get(q)!;
    for (const id of residualsAt.get(q) ?? []) {
      const f = residuals[id]!;
      if (f.size !== r.size) continue;
      const ratio = f.get(q)! / rq;
      let proportional = true;
      for (const [col, coef] of r) {
        const fc = f.get(col);
        if (fc === undefined || Math.abs(fc - ratio * coef) > EPS * Math.max(1, Math.abs(fc))) {
          proportional = false;
          break;
        }
      }
      if (proportional) return true;
    }
    return false;
  };

  const add = (r: Sparse, q: number) => {
    const scale = 1 / r.get(q)!;
    for (const [col, coef] of r) r.set(col, coef * scale);
    r.set(q, 1);
    for (const p of [...(basisAt.get(q) ?? [])]) update(basis.get(p)!, -basis.get(p)!.get(q)!, r, basisAt, p);
    for (const id of [...(residualsAt.get(q) ?? [])]) update(residuals[id]!, -residuals[id]!.get(q)!, r, residualsAt, id);
    basis.set(q, r);
    for (const col of r.keys()) index(basisAt, col, q, true);
  };

  for (const v of input.known) {
    const r = reduce(v);
    if (r.size > 0) add(r, pivotOf(r));
  }
  // add() keeps the residuals reduced, so a residual that is empty now is fixed by the relations.
  const determined = residuals.flatMap((f, i) => (f.size === 0 ? [i] : []));

  const suppressed: number[] = [];
  for (const c of input.candidates) {
    const r = reduce(new Map([[c, 1]]));
    if (r.size === 0) continue; // already computable from what is published: publishing adds nothing
    const q = pivotOf(r);
    if (wouldDisclose(r, q)) suppressed.push(c);
    else add(r, q);
  }
  return { suppressed, determined };
}

function axpy(target: Sparse, a: number, row: Sparse) {
  for (const [col, coef] of row) {
    const next = (target.get(col) ?? 0) + a * coef;
    if (Math.abs(next) < EPS) target.delete(col);
    else target.set(col, next);
  }
}
