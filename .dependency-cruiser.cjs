/** Module boundaries, checked in `npm test`: no cycles; dependencies point inwards (DESIGN.md). */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'migrations-are-frozen',
      comment: 'A migration never imports application code, so it means the same thing forever.',
      severity: 'error',
      from: { path: '/migrations/' },
      to: { path: '^src/', pathNot: '/migrations/' },
    },
    {
      name: 'web-imports-contracts-only',
      comment: 'The web reaches the server over HTTP; of src/ it may import only the zod contracts (*.schemas.ts), as types.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|test|bench|e2e)/', pathNot: '^src/.+\\.schemas\\.ts$' },
    },
    {
      name: 'web-imports-contract-types-only',
      comment: 'Only `import type` from a contract: types are erased from the bundle, so no server code (nor zod) reaches the browser.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'contracts-are-pure',
      comment:
        'A contract imports zod, other contracts and a few pure vocabulary files, nothing else: what the web type-checks against ' +
        'stays small and free of I/O.',
      severity: 'error',
      from: { path: '\\.schemas\\.ts$' },
      to: {
        path: '^src/',
        pathNot: [
          '\\.schemas\\.ts$',
          '^src/platform/(input|districts)\\.ts$',
          '^src/access/vocabulary\\.ts$',
          '^src/catalog/(vocabulary|opening-hours)\\.ts$',
          '^src/intake/vocabulary\\.ts$',
          '^src/intake/transitions-vocabulary\\.ts$',
        ],
      },
    },
    {
      name: 'product-code-has-no-test-code',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(test|bench|e2e)/' },
    },
    {
      name: 'routes-are-the-edge',
      comment: 'Services and repositories never import routes.',
      severity: 'error',
      from: { path: '^src/', pathNot: '(\\.routes|\\.module|\\.test|app|modules)\\.ts$' },
      to: { path: '\\.routes\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|data|node_modules)/' },
  },
};
