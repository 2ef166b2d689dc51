import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { Loading, NotFoundPage } from './components/common.tsx';
import { Layout } from './components/Layout.tsx';
import { LangProvider } from './lang.tsx';
import { DistrictMapPage } from './pages/DistrictMapPage.tsx';
import { GapMatrixPage } from './pages/GapMatrixPage.tsx';
import { CrisisLinesPage } from './pages/CrisisLinesPage.tsx';
import { PrintPage } from './pages/PrintPage.tsx';
import { SearchPage } from './pages/SearchPage.tsx';
import { ServicePage } from './pages/ServicePage.tsx';

// Staff pages live in their own chunk so the public catalog stays light.
const StaffApp = lazy(() => import('./staff/StaffApp.tsx'));
// The statistics section draws charts with Observable Plot: its own chunk too.
const StatsApp = lazy(() => import('./stats/StatsApp.tsx'));
const STAFF_PATHS = [
  '/redaktor/*',
  '/admin/*',
  '/hjelpetelefoner/rediger',
  '/inntak/*',
  '/utskrivningsklare/*',
  '/oppsett',
  '/logg-inn',
  '/analyse/*',
];

export function App() {
  return (
    <BrowserRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <LangProvider>
        <Layout>
          <Routes>
            <Route path="/" element={<SearchPage />} />
            <Route path="/tjenester/:id" element={<ServicePage />} />
            <Route path="/bydeler" element={<DistrictMapPage />} />
            <Route path="/dekning" element={<GapMatrixPage />} />
            <Route path="/utskrift" element={<PrintPage />} />
            <Route path="/hjelpetelefoner" element={<CrisisLinesPage />} />
            <Route
              path="/statistikk/*"
              element={
                <Suspense fallback={<Loading />}>
                  <StatsApp />
                </Suspense>
              }
            />
            {STAFF_PATHS.map((path) => (
              <Route
                key={path}
                path={path}
                element={
                  <Suspense fallback={<Loading />}>
                    <StaffApp />
                  </Suspense>
                }
              />
            ))}
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Layout>
      </LangProvider>
    </BrowserRouter>
  );
}
