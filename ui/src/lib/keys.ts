// Keyboard handling the forms share.

/**
 * A form's keydown handler: Escape closes it (`close`), and goes no further, so the window's
 * own keys do not act on it too.
 */
export function escapeCloses(close: () => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };
}

/** The app's sections and their Alt keys (the top bar, Alt+<key>, and the key table). */
export const SECTIONS = [
  { id: 'dashboard', label: 'Dashboard', key: '1' },
  { id: 'cities', label: 'Cities', key: '2' },
  { id: 'follow-ups', label: 'Follow-ups', key: '3' },
  { id: 'settings', label: 'Settings', key: '4' },
  { id: 'exchange', label: 'Import & export', key: '5' },
  { id: 'petition', label: 'Petition', key: '6' },
  { id: 'team', label: 'Team', key: '7' },
] as const;

/** One key of the window: the keys pressed, where they act, what they do. */
export type KeyEntry = { keys: string; where: string; action: string };

/**
 * Every key the window answers, in one table: the `?` overlay lists it, and a test checks
 * that each key a component handles is in it.
 */
export const KEY_TABLE: KeyEntry[] = [
  ...SECTIONS.map((s) => ({ keys: `Alt+${s.key}`, where: 'Anywhere', action: `Open ${s.label}` })),
  { keys: 'N', where: 'Anywhere outside a form', action: 'Call next: the city to call now' },
  { keys: '?', where: 'Anywhere outside a form', action: 'Show this list of keys' },
  { keys: '/', where: 'Cities', action: 'Back to the filter' },
  { keys: '↓ ↑ Home End', where: 'Cities list', action: 'Move through the list' },
  { keys: 'Enter', where: 'Cities filter or list', action: 'Open the city' },
  { keys: 'L', where: 'A city’s page, Call next', action: 'Log a call or e-mail' },
  { keys: 'R', where: 'A city’s page', action: 'Record a response or a change of the tie' },
  { keys: '1–5', where: 'Call log', action: 'Pick the outcome' },
  { keys: 'Enter', where: 'Call log', action: 'Save the call' },
  { keys: 'Shift+Enter', where: 'Call log notes', action: 'Start a new line' },
  { keys: 'Esc', where: 'Any form, this list', action: 'Close it (what was typed is kept as a draft)' },
  { keys: 'S', where: 'Call next', action: 'Skip the city for today, with a reason' },
  { keys: 'N', where: 'Call next', action: 'The next city' },
  { keys: 'O', where: 'Call next', action: 'Open the city’s page' },
  { keys: 'Enter or Space', where: 'Map', action: 'Open the city' },
];
