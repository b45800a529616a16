// The window's theme (issue 11): the system's (prefers-color-scheme, followed as it changes)
// unless the volunteer chose one in Settings. The choice is a display preference of this
// machine, kept in the webview's storage and applied before the first paint (data-theme on
// the root element, always `light` or `dark`); the colours themselves are the tokens of
// src/theme.css.

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_KEY = 'outreach.theme';

export function storedTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

// The system's preference (none where the page cannot ask), followed while the choice is 'system'.
let system: MediaQueryList | undefined;

function showSystemTheme() {
  document.documentElement.setAttribute('data-theme', system?.matches ? 'dark' : 'light');
}

/** Shows the window in the chosen theme, and remembers the choice. */
export function applyTheme(choice: ThemeChoice, remember = true) {
  system ??= typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;
  system?.removeEventListener('change', showSystemTheme);
  if (choice === 'system') {
    showSystemTheme();
    system?.addEventListener('change', showSystemTheme);
  } else document.documentElement.setAttribute('data-theme', choice);
  if (!remember) return;
  try {
    if (choice === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // No storage: the choice holds until the window closes.
  }
}

/** A colour token's value as [r, g, b] (0-255), from #rgb or #rrggbb. */
export function rgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2 contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = rgb(hex).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The tokens (`--name: value;`) of the CSS block that starts with `selector {`. */
export function tokensOf(css: string, selector: string): Record<string, string> {
  const at = css.indexOf(`${selector} {`);
  if (at < 0) return {};
  const body = css.slice(at + selector.length + 2, css.indexOf('}', at));
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/--([a-z0-9-]+):\s*([^;]+);/g)) out[m[1]] = m[2].trim();
  return out;
}
