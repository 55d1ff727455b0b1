import { icon } from './icons.js';

/**
 * The theme toggle: system (the default), light, dark, round again. The choice is kept in this
 * browser; public/theme.js applies it before the first paint.
 */
const KEY = 'comput3-demo.theme';
const ORDER = ['system', 'light', 'dark'] as const;
type Theme = (typeof ORDER)[number];
const ICON = { system: 'system', light: 'sun', dark: 'moon' } as const;

const toggle = document.getElementById('theme-toggle') as HTMLButtonElement;
const root = document.documentElement;

function apply(theme: Theme): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  toggle.replaceChildren(icon(ICON[theme]));
  toggle.setAttribute('aria-label', `Theme: ${theme}. Change it`);
  toggle.title = `Theme: ${theme}`;
}

let theme: Theme = (root.dataset.theme as Theme | undefined) ?? 'system';
apply(theme);
toggle.addEventListener('click', () => {
  theme = ORDER[(ORDER.indexOf(theme) + 1) % ORDER.length]!;
  apply(theme);
  try {
    if (theme === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, theme);
  } catch {
    // Storage blocked: the choice lasts for this visit.
  }
});
