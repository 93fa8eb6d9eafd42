// Entry point of the Electron main process (built to out/main/index.js): gives the shell the domain, which runs on
// worker threads (out/main/domain-worker.js) with their own database connections.
import { join } from 'node:path';
import { startDomainHost } from '../core/host/domain-host';
import { startMainApp } from './main-app';

void startMainApp({
  rendererRoot: join(__dirname, '../renderer'),
  preloadPath: join(__dirname, '../preload/index.js'),
  openDomain: (dbPath, { nativeBinding, version }) => startDomainHost({ dbPath, nativeBinding, mode: 'desktop', version }),
});
