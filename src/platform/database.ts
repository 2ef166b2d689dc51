/**
 * Every table Kysely knows. Empty here: each module's `*.table.ts` adds its own tables by
 * declaration merging (`declare module '../platform/database.ts' { interface Database extends
 * XTables {} }`), so adding a module touches no central list of tables.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface Database {}
