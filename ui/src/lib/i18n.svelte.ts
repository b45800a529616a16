// The window's languages (issue 11): English and Ukrainian. Every word the window shows is a
// key of the message catalogues `src/locales/en.json` and `src/locales/uk.json` (ICU message
// format, through `intl-messageformat`: plurals by CLDR rules with `Intl.PluralRules`, numbers
// through `Intl.NumberFormat`). The English catalogue is in the page's script (it is every
// key's fallback); the Ukrainian one is a chunk of its own (a local file, nothing from the
// network), loaded before the first paint when Ukrainian is shown and never otherwise, so an
// English window does not hold it (issue 13). The language follows the system (`navigator.languages`: `uk*` gives Ukrainian,
// anything else English) unless the volunteer chose one in Settings; the choice is a display
// preference of this machine, kept in the webview's storage like the theme (so it also holds
// on the screen shown when the store cannot be opened) and applied before the first paint.
// The call script is not translated: it stays in the language the campaign wrote it in.
import { IntlMessageFormat } from 'intl-messageformat';
import en from '../locales/en.json';

export type Locale = 'en' | 'uk';
export type LanguageChoice = 'system' | Locale;
export type MessageKey = keyof typeof en;
export type MessageValues = Record<string, string | number | Date>;

/** The catalogues loaded so far: English always, Ukrainian once shown. */
const catalogues: Partial<Record<Locale, Record<string, string>>> = { en };
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Record<string, string> }>> = {
  uk: () => import('../locales/uk.json'),
};
export const LANGUAGE_KEY = 'outreach.language';

/** The BCP 47 tag numbers and dates are formatted with ("8 Mar 2022", "18,900"; "8 бер. 2022 р.", "18 900"). */
export const FORMAT_TAG: Record<Locale, string> = { en: 'en-GB', uk: 'uk-UA' };

let current = $state<Locale>('en');
/** The language last asked for: shown once its catalogue is loaded. */
let requested: Locale = 'en';

/** Whether a language's catalogue is loaded (English always is). */
export function hasCatalogue(lang: Locale): boolean {
  return catalogues[lang] !== undefined;
}

const loading: Partial<Record<Locale, Promise<void>>> = {};

/** Loads a language's catalogue (once; a failed load is tried again on the next call). */
export function loadCatalogue(lang: Locale): Promise<void> {
  if (lang === 'en' || catalogues[lang]) return Promise.resolve();
  return (loading[lang] ??= loaders[lang]().then(
    (m) => {
      catalogues[lang] = m.default;
    },
    (e) => {
      delete loading[lang];
      throw e;
    },
  ));
}

/** The language a choice shows: the system's for `system`. */
export function languageOf(choice: LanguageChoice): Locale {
  return choice === 'system' ? systemLocale() : choice;
}

/** The language the window shows now (reactive: a view reading it redraws on a switch). */
export function locale(): Locale {
  return current;
}

/** The tag for `Intl` formatters in the language shown now. */
export function formatTag(): string {
  return FORMAT_TAG[current];
}

/** The language a system locale list gives: Ukrainian for `uk*`, English for anything else. */
export function systemLocale(languages: readonly string[] | undefined = systemLanguages()): Locale {
  const first = languages?.find((l) => !!l) ?? '';
  return first.toLowerCase().startsWith('uk') ? 'uk' : 'en';
}

function systemLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  if (navigator.languages?.length) return navigator.languages;
  return navigator.language ? [navigator.language] : [];
}

export function storedLanguage(): LanguageChoice {
  try {
    const v = localStorage.getItem(LANGUAGE_KEY);
    return v === 'en' || v === 'uk' ? v : 'system';
  } catch {
    return 'system';
  }
}

/**
 * Shows the window in the chosen language (and `<html lang>` with it): at once when its
 * catalogue is loaded (always before the first paint), else as soon as it is; and remembers
 * the choice. Returns the language chosen.
 */
export function applyLanguage(choice: LanguageChoice, remember = true): Locale {
  const lang = languageOf(choice);
  requested = lang;
  const show = () => {
    if (requested !== lang) return; // a later choice won
    current = lang;
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
  };
  if (hasCatalogue(lang)) show();
  else loadCatalogue(lang).then(show, () => {
    // The chunk could not be read (a broken build): the window stays in the language it shows.
  });
  if (remember) {
    try {
      if (choice === 'system') localStorage.removeItem(LANGUAGE_KEY);
      else localStorage.setItem(LANGUAGE_KEY, choice);
    } catch {
      // No storage: the choice holds until the window closes.
    }
  }
  return lang;
}

const compiled = new Map<string, IntlMessageFormat>();

/** A message of the catalogue in the language shown now, with its values filled in. */
export function t(key: MessageKey, values?: MessageValues): string {
  const lang = current;
  const id = `${lang}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    const text = catalogues[lang]?.[key] ?? en[key] ?? key;
    format = new IntlMessageFormat(text, FORMAT_TAG[lang], undefined, { ignoreTag: true });
    compiled.set(id, format);
  }
  return String(format.format(values));
}

/** A key built at run time (a vocabulary's value, an error's kind): the key itself when the catalogue lacks it. */
export function tKey(key: string, values?: MessageValues): string {
  return key in en ? t(key as MessageKey, values) : key;
}

/** A whole number in the language shown now: 18,900 / 18 900. */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(formatTag(), options).format(n);
}

/** The vocabularies the core defines (`vocab::Labels`), shown by their value's catalogue key. */
export type Vocabulary = 'relationship_status' | 'response' | 'outcome' | 'channel' | 'kind' | 'confidence';

/** A vocabulary value's label in the language shown now ("Active", "Чинне"): by the value, never by the core's English label. */
export function vocabLabel(vocab: Vocabulary, value: string): string {
  return tKey(`vocab.${vocab}.${value}`);
}

/** A vocabulary's labels in the language shown now, in the order the core sent them (`labels` from the boot data). */
export function vocabLabels(vocab: Vocabulary, order: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.keys(order).map((v) => [v, vocabLabel(vocab, v)]));
}
