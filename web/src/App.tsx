import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { Loading, NotFoundPage } from './components/common.tsx';
import { Layout } from './components/Layout.tsx';
import { LangProvider } from './lang.tsx';
import { DistrictMapPage } from './pages/DistrictMapPage.tsx';
import { GapMatrixPage } from './pages/GapMatrixPage.tsx';
import { PrintPage } from './pages/PrintPage.tsx';
import { SearchPage } from './pages/SearchPage.tsx';
import { ServicePage } from './pages/ServicePage.tsx';

// Staff pages live in their own chunk so the public catalog stays light.
const EditorApp = lazy(() => import('./editor/EditorApp.tsx'));

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
            <Route
              path="/redaktor/*"
              element={
                <Suspense fallback={<Loading />}>
                  <EditorApp />
                </Suspense>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Layout>
      </LangProvider>
    </BrowserRouter>
  );
}
