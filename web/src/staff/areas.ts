import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Me } from '../api.ts';
import type { StaffMessages } from './messages.ts';
import { may } from './pages.ts';

/**
 * A staff area: the staff pages of one server module (the catalog's editor, the access module's
 * administration), loaded as its own chunk the first time someone opens it. Adding a module's
 * staff pages means writing its pages file (default export: a component showing its StaffPage
 * list through AreaPages) and adding it here.
 */
export type StaffArea = {
  id: 'editor' | 'admin' | 'crisis' | 'intake' | 'stats' | 'discharge';
  basePath: string;
  /** Anyone holding one of these sees the area in the staff bar. */
  permissions: readonly string[];
  label: (s: StaffMessages) => string;
  Pages: LazyExoticComponent<ComponentType<{ pathname: string }>>;
};

export const STAFF_AREAS: readonly StaffArea[] = [
  {
    id: 'editor',
    basePath: '/redaktor',
    permissions: ['catalog:edit'],
    label: (s) => s.navEditor,
    Pages: lazy(() => import('./editor/EditorPages.tsx')),
  },
  {
    id: 'crisis',
    basePath: '/hjelpetelefoner/rediger',
    permissions: ['crisis:edit'],
    label: (s) => s.navCrisis,
    Pages: lazy(() => import('./crisis/CrisisPages.tsx')),
  },
  {
    id: 'intake',
    basePath: '/inntak',
    permissions: ['intake:read_capacity'],
    label: (s) => s.navIntake,
    Pages: lazy(() => import('./intake/IntakePages.tsx')),
  },
  {
    id: 'stats',
    basePath: '/analyse',
    permissions: ['stats:import'],
    label: (s) => s.navStats,
    Pages: lazy(() => import('./stats/StatsPages.tsx')),
  },
  {
    id: 'discharge',
    basePath: '/utskrivningsklare',
    permissions: ['discharge:read'],
    label: (s) => s.navDischarge,
    Pages: lazy(() => import('./discharge/DischargePages.tsx')),
  },
  {
    id: 'admin',
    basePath: '/admin',
    permissions: ['users:manage', 'audit:read', 'person:access_report', 'jobs:read'],
    label: (s) => s.navAdmin,
    Pages: lazy(() => import('./admin/AdminPages.tsx')),
  },
];

/** The areas the user may open, in the order shown. */
export const areasFor = (me: Me) => STAFF_AREAS.filter((area) => area.permissions.some((p) => may(me, p)));

/** The area a path belongs to, if any. */
export const areaOf = (pathname: string) => STAFF_AREAS.find((a) => pathname === a.basePath || pathname.startsWith(`${a.basePath}/`));
