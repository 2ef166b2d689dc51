import type { AccessTables } from '../access/access.table.ts';
import type { CatalogTables } from '../catalog/catalog.table.ts';
import type { EventTables } from './events/events.table.ts';

/** Every table Kysely knows, composed from each module's own table types. */
export interface Database extends CatalogTables, AccessTables, EventTables {}
