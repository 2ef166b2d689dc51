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
      name: 'web-talks-to-the-api-only',
      comment: 'The web app never imports server code; it reaches the server over HTTP.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|test|bench|e2e)/' },
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
