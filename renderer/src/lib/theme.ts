// Light/dark theme: follows the system (prefers-color-scheme) unless the user picks one; the choice persists in localStorage.
import { useEffect, useState } from 'react';

export type ThemeSetting = 'system' | 'light' | 'dark';
export const themeSettings: readonly ThemeSetting[] = ['system', 'light', 'dark'];
const KEY = 'rung.theme';

function readSetting(): ThemeSetting {
  try {
    const stored = window.localStorage.getItem(KEY);
    return themeSettings.includes(stored as ThemeSetting) ? (stored as ThemeSetting) : 'system';
  } catch {
    return 'system';
  }
}

/** Applies the setting to <html data-theme>; the stylesheet maps it to `color-scheme`, colours use light-dark(). */
function apply(setting: ThemeSetting): void {
  if (setting === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = setting;
}

// Apply before the first render so a stored choice does not flash the other theme.
apply(readSetting());

export function useTheme(): [ThemeSetting, (setting: ThemeSetting) => void] {
  const [setting, setSetting] = useState<ThemeSetting>(readSetting);
  useEffect(() => {
    apply(setting);
    try {
      if (setting === 'system') window.localStorage.removeItem(KEY);
      else window.localStorage.setItem(KEY, setting);
    } catch {
      // Storage may be disabled; the choice then lasts for this page only.
    }
  }, [setting]);
  return [setting, setSetting];
}
