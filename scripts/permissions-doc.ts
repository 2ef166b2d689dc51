/**
 * Writes the composed permission table (every module's permissions) into docs/security.md,
 * between its <!-- permissions:start/end --> markers. `npm run docs:permissions`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { permissionMatrixMarkdown } from '../src/access/permissions.ts';
import { permissionTable } from '../src/modules.ts';

const path = new URL('../docs/security.md', import.meta.url);
const doc = readFileSync(path, 'utf8');
const block = /(<!-- permissions:start -->\n)[\s\S]*?(\n<!-- permissions:end -->)/;
if (!block.test(doc)) throw new Error('docs/security.md lacks the <!-- permissions:start/end --> markers');
writeFileSync(
  path,
  doc.replace(block, (_all, start: string, end: string) => `${start}${permissionMatrixMarkdown(permissionTable())}${end}`),
);
console.log('docs/security.md: permission table written');
