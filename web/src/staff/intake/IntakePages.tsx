import { useLocation } from 'react-router-dom';
import './requests.css';
import { AreaPages } from '../AreaPages.tsx';
import type { StaffPage } from '../pages.ts';
import { AgreementFormPage } from './AgreementFormPage.tsx';
import { AgreementsPage } from './AgreementsPage.tsx';
import { CapacityPage } from './CapacityPage.tsx';
import { ImmediateDischargePage } from './ImmediateDischargePage.tsx';
import { QualityOfLifePage } from './QualityOfLifePage.tsx';
import { ResidentsPage } from './ResidentsPage.tsx';
import { StayRequestPage } from './StayRequestPage.tsx';
import { TaskPage } from './TaskPage.tsx';
import { TasksPage } from './TasksPage.tsx';

/** The unit a residents page is about (?enhet=…). */
function useUnitParam(): string | null {
  return new URLSearchParams(useLocation().search).get('enhet');
}

function Residents() {
  return <ResidentsPage key={useUnitParam() ?? ''} unitId={useUnitParam()} />;
}

function Discharge({ stayId }: { stayId: string }) {
  return <ImmediateDischargePage stayId={stayId} unitId={useUnitParam()} />;
}
import { DecisionPage } from './DecisionPage.tsx';
import { NoticesPage } from './NoticesPage.tsx';
import { RequestPage } from './RequestPage.tsx';
import { QueuePage, RequestsPage } from './RequestsPage.tsx';

/** The intake module's staff pages (one lazily loaded chunk). */
const PAGES: StaffPage[] = [
  { path: '/inntak', permission: 'intake:read_capacity', render: () => <CapacityPage /> },
  { path: '/inntak/beboere', permission: 'intake:discharge_immediately', render: () => <Residents /> },
  {
    path: '/inntak/beboere/:stayId/avslutt',
    permission: 'intake:discharge_immediately',
    render: (p) => <Discharge stayId={p.stayId ?? ''} />,
  },
  { path: '/inntak/oppgaver', permission: 'intake:replace', render: () => <TasksPage /> },
  { path: '/inntak/oppgaver/:id', permission: 'intake:replace', render: (p) => <TaskPage id={p.id ?? ''} /> },
  { path: '/inntak/brukerstyrt', permission: 'intake:user_controlled', render: () => <AgreementsPage /> },
  { path: '/inntak/brukerstyrt/ny', permission: 'intake:user_controlled', render: () => <AgreementFormPage /> },
  { path: '/inntak/brukerstyrt/:id/opphold', permission: 'intake:user_controlled', render: (p) => <StayRequestPage id={p.id ?? ''} /> },
  { path: '/inntak/foresporsler', permission: 'intake:read_requests', render: () => <RequestsPage /> },
  { path: '/inntak/foresporsler/ny', permission: 'intake:decide', render: () => <DecisionPage /> },
  { path: '/inntak/foresporsler/:id', permission: 'intake:read_requests', render: (p) => <RequestPage key={p.id} id={p.id ?? ''} /> },
  { path: '/inntak/venteliste', permission: 'intake:handle_requests', render: () => <QueuePage /> },
  { path: '/inntak/varsler', permission: 'intake:read_requests', render: () => <NoticesPage /> },
  { path: '/inntak/livskvalitet', permission: 'intake:read_quality_of_life', render: () => <QualityOfLifePage /> },
];

export default function IntakePages({ pathname }: { pathname: string }) {
  return <AreaPages pages={PAGES} pathname={pathname} noAccess={(s) => s.notIntakeStaff} />;
}
