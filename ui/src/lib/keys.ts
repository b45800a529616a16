// Keyboard handling the forms share.
import { t, type MessageKey } from './i18n.svelte';

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
  { id: 'dashboard', key: '1' },
  { id: 'cities', key: '2' },
  { id: 'follow-ups', key: '3' },
  { id: 'settings', key: '4' },
  { id: 'exchange', key: '5' },
  { id: 'petition', key: '6' },
  { id: 'team', key: '7' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

/** A section's name in the language shown now ("Dashboard", "Огляд"). */
export function sectionLabel(id: SectionId): string {
  return t(`section.${id}`);
}

/**
 * One key of the window: the keys pressed, where they act, what they do (catalogue keys; the
 * `?` overlay words them in the language shown now). `keysWord` is a catalogue key for key
 * names that are words ("Enter or Space").
 */
export type KeyEntry = { keys: string; keysWord?: MessageKey; where: MessageKey; action: MessageKey; section?: SectionId };

/**
 * Every key the window answers, in one table: the `?` overlay lists it, and a test checks
 * that each key a component handles is in it.
 */
export const KEY_TABLE: KeyEntry[] = [
  ...SECTIONS.map((s): KeyEntry => ({ keys: `Alt+${s.key}`, where: 'keys.where.anywhere', action: 'keys.open', section: s.id })),
  { keys: 'N', where: 'keys.where.outsideForm', action: 'keys.action.callNext' },
  { keys: '?', where: 'keys.where.outsideForm', action: 'keys.action.showKeys' },
  { keys: '/', where: 'keys.where.cities', action: 'keys.action.backToFilter' },
  { keys: '↓ ↑ Home End', where: 'keys.where.citiesList', action: 'keys.action.moveList' },
  { keys: 'Enter', where: 'keys.where.citiesFilterOrList', action: 'keys.action.openCity' },
  { keys: 'L', where: 'keys.where.cityPageCallNext', action: 'keys.action.logCall' },
  { keys: 'R', where: 'keys.where.cityPage', action: 'keys.action.recordResponse' },
  { keys: '1–5', where: 'keys.where.callLog', action: 'keys.action.pickOutcome' },
  { keys: 'Enter', where: 'keys.where.callLog', action: 'keys.action.saveCall' },
  { keys: 'Shift+Enter', where: 'keys.where.callLogNotes', action: 'keys.action.newLine' },
  { keys: 'Esc', where: 'keys.where.anyForm', action: 'keys.action.close' },
  { keys: 'S', where: 'keys.where.callNext', action: 'keys.action.skip' },
  { keys: 'N', where: 'keys.where.callNext', action: 'keys.action.nextCity' },
  { keys: 'O', where: 'keys.where.callNext', action: 'keys.action.openPage' },
  { keys: 'Enter Space', keysWord: 'keys.name.enterOrSpace', where: 'keys.where.map', action: 'keys.action.openCity' },
];

/** A row of the key table in the language shown now. */
export function keyRow(k: KeyEntry): { keys: string; where: string; action: string } {
  return {
    keys: k.keysWord ? t(k.keysWord) : k.keys,
    where: t(k.where),
    action: k.section ? t(k.action, { section: sectionLabel(k.section) }) : t(k.action),
  };
}
