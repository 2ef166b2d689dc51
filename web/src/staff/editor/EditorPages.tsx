import { AreaPages } from '../AreaPages.tsx';
import type { StaffPage } from '../pages.ts';
import { ContactWorklistPage } from './ContactWorklistPage.tsx';
import { EditorOverview } from './EditorOverview.tsx';
import { HistoryPage } from './HistoryPage.tsx';
import { ServiceCreatePage } from './ServiceCreatePage.tsx';
import { ServiceEditPage } from './ServiceEditPage.tsx';

/** The catalog editor's pages (one lazily loaded chunk). */
const PAGES: StaffPage[] = [
  { path: '/redaktor', permission: 'catalog:edit', render: () => <EditorOverview /> },
  { path: '/redaktor/ny', permission: 'catalog:edit', render: () => <ServiceCreatePage /> },
  { path: '/redaktor/mangler-kontakt', permission: 'catalog:edit', render: () => <ContactWorklistPage /> },
  { path: '/redaktor/tjenester/:id', permission: 'catalog:edit', render: (p) => <ServiceEditPage key={p.id} id={p.id ?? ''} /> },
  { path: '/redaktor/tjenester/:id/historikk', permission: 'catalog:edit', render: (p) => <HistoryPage id={p.id ?? ''} /> },
];

export default function EditorPages({ pathname }: { pathname: string }) {
  return <AreaPages pages={PAGES} pathname={pathname} noAccess={(s) => s.notEditor} />;
}
