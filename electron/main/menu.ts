// The application menu: File (Quit), Edit, View (Reload; DevTools only in development), Help (About).
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function applicationMenuTemplate(isPackaged: boolean, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [{ role: 'reload' }];
  if (!isPackaged) view.push({ role: 'toggleDevTools' });
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { label: 'File', submenu: [{ role: 'quit' }] },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'help', submenu: [{ role: 'about' }] },
  ];
}

export function installApplicationMenu(isPackaged: boolean): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(isPackaged, process.platform)));
}
