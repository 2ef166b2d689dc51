import type { AccessTables } from '../access/access.table.ts';
import type { CatalogTables } from '../catalog/catalog.table.ts';
import type { JobTables } from './jobs/jobs.table.ts';

/** Every table Kysely knows, composed from each module's own table types. */
export interface Database extends CatalogTables, AccessTables, JobTables {}
