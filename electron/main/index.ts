// Entry point of the Electron main process (built to out/main/index.js): gives the shell the real store and domain.
import { join } from 'node:path';
import { createHandlers } from '../core/service';
import { openStore } from '../core/store';
import { startMainApp } from './main-app';

void startMainApp({
  rendererRoot: join(__dirname, '../renderer'),
  preloadPath: join(__dirname, '../preload/index.js'),
  openStore,
  createHandlers,
});
