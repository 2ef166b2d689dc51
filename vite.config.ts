import { cp, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { dirname, extname, join, normalize, relative, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = resolve(import.meta.dirname, 'web');
const outDir = resolve(import.meta.dirname, 'dist/web');
const punktAssets = resolve(import.meta.dirname, 'node_modules/@oslokommune/punkt-assets/dist');
const PUNKT_DIRS = ['icons', 'fonts', 'logos'] as const;

const MIME: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * Punkt from npm, never from its CDN: serves and copies punkt-assets' icons, fonts and logos
 * under /punkt/ (web/src/components/Icon.tsx draws icons from there), and points punkt-css's CDN
 * icon URLs and its font URLs at the punkt-assets files, which Vite then bundles as assets, so
 * the strict CSP (img/font/connect 'self') holds and nothing loads from outside.
 */
function punktFromNpm(): Plugin {
  return {
    name: 'veiviser:punkt-from-npm',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (!file.includes('@oslokommune/punkt-css') || !file.endsWith('.css')) return null;
      const assets = relative(dirname(file), punktAssets).split('\\').join('/');
      return code
        .replace(/https:\/\/punkt-cdn\.oslo\.kommune\.no\/[^/]+\/icons\//g, `${assets}/icons/`)
        .replace(/url\((["']?)\.\.\/fonts\//g, `url($1${assets}/fonts/`);
    },
    configureServer(server) {
      server.middlewares.use('/punkt', (req, res, next) => {
        const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/'));
        const file = join(punktAssets, path);
        if (!file.startsWith(punktAssets)) {
          next();
          return;
        }
        stat(file).then(
          (s) => {
            if (!s.isFile()) {
              next();
              return;
            }
            res.setHeader('content-type', MIME[extname(file)] ?? 'application/octet-stream');
            createReadStream(file).pipe(res);
          },
          () => next(),
        );
      });
    },
    async writeBundle() {
      for (const dir of PUNKT_DIRS) await cp(join(punktAssets, dir), join(outDir, 'punkt', dir), { recursive: true });
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), punktFromNpm()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:8080', '/hsds': 'http://localhost:8080', '/healthz': 'http://localhost:8080' },
  },
});
