import type { ReactNode } from 'react';
import type { Me } from '../api.ts';

/** One page of a staff area: its full path, the permission it needs, and what it shows. */
export type StaffPage = { path: string; permission: string; render: (params: Record<string, string>) => ReactNode };

/** True when the signed-in user holds the permission (as /api/auth/me says; no role names here). */
export const may = (me: Me, permission: string) => me.permissions.includes(permission);
