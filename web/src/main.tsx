import '@oslokommune/punkt-css/dist/css/pkt.min.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { forgetLegacyStorage } from './crisis.ts';

forgetLegacyStorage();

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
