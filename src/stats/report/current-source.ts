import type { Db } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import type { Protector } from '../protection.ts';
import { getIndicatorDataset, listImports } from '../stats.service.ts';
import type { ReportSource } from './report.service.ts';

/**
 * The report's source before releases exist: the current imports, protected as the public API
 * protects them, under the one release id `current`.
 */
export function currentDataSource(protector: Protector): ReportSource {
  return {
    async release(db: Db, id: string | null) {
      if (id !== null && id !== 'current') throw notFound(`Release ${id}`);
      const newest = (await listImports(db))
        .map((i) => i.importedAt)
        .sort()
        .at(-1);
      return { id: 'current', createdAt: newest ?? new Date(0).toISOString(), codeVersion: process.env.npm_package_version ?? 'dev' };
    },
    dataset: (db, _releaseId, indicatorId, lang) =>
      getIndicatorDataset(db, { id: indicatorId, filter: { periods: null, areas: null }, lang, protector }),
    uniquePersons: () => Promise.resolve(null),
  };
}
