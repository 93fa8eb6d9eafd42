// Entry point of the renderer: loads the bundled Inter font and the global stylesheets (base, then the shared
// layout, forms, alerts, tables and panes; each page and component imports its own), then mounts the app shell.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource/inter/400.css';
import '@fontsource/inter/500.css';
import '@fontsource/inter/600.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/forms.css';
import './styles/alerts.css';
import './styles/tables.css';
import './styles/panes.css';
import './styles/overlay.css';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
