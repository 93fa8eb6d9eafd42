// Theme picker in the header: follow the system, or force light or dark (remembered on this machine).
import { themeSettings, useTheme, type ThemeSetting } from '../lib/theme';
import './ThemeSelect.css';

const labels: Record<ThemeSetting, string> = { system: 'System theme', light: 'Light', dark: 'Dark' };

export function ThemeSelect() {
  const [setting, setSetting] = useTheme();
  return (
    <label className="theme-select">
      <span className="visually-hidden">Theme</span>
      <select value={setting} onChange={(e) => setSetting(e.target.value as ThemeSetting)} data-testid="theme-select">
        {themeSettings.map((s) => (
          <option key={s} value={s}>
            {labels[s]}
          </option>
        ))}
      </select>
    </label>
  );
}
