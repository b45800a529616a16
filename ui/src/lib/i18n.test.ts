import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import en from '../locales/en.json';
import uk from '../locales/uk.json';
import { applyLanguage, formatNumber, locale, storedLanguage, systemLocale, t, LANGUAGE_KEY } from './i18n.svelte';
import { formatPartialDate, formatWhen } from './format';
import { resolveDate, resolvedNote } from './dates';

afterEach(() => applyLanguage('system'));

/** The arguments a message takes, with their kinds ("count:plural", "city:argument"), sorted. */
function argumentsOf(message: string): string[] {
  const out = new Set<string>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.argument) out.add(`${el.value}:argument`);
      else if (el.type === TYPE.number) out.add(`${el.value}:number`);
      else if (el.type === TYPE.date || el.type === TYPE.time) out.add(`${el.value}:date`);
      else if (el.type === TYPE.plural) {
        out.add(`${el.value}:plural`);
        for (const o of Object.values(el.options)) walk(o.value);
      } else if (el.type === TYPE.select) {
        out.add(`${el.value}:select`);
        for (const o of Object.values(el.options)) walk(o.value);
      }
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return [...out].sort();
}

/** The plural categories each plural argument of a message covers. */
function pluralForms(message: string): string[][] {
  const out: string[][] = [];
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.plural) {
        out.push(Object.keys(el.options).sort());
        for (const o of Object.values(el.options)) walk(o.value);
      } else if (el.type === TYPE.select) for (const o of Object.values(el.options)) walk(o.value);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return out;
}

describe('the catalogues', () => {
  it('have the same keys in English and Ukrainian', () => {
    expect(Object.keys(uk).sort()).toEqual(Object.keys(en).sort());
  });

  it('give each message the same arguments in both languages, and every message parses', () => {
    const differ: string[] = [];
    for (const [key, text] of Object.entries(en)) {
      const ukText = (uk as Record<string, string>)[key];
      if (JSON.stringify(argumentsOf(text)) !== JSON.stringify(argumentsOf(ukText))) differ.push(key);
    }
    expect(differ).toEqual([]);
  });

  it('give every Ukrainian plural its one, few, many and other forms', () => {
    const short: string[] = [];
    for (const [key, text] of Object.entries(uk)) {
      for (const forms of pluralForms(text)) if (!['few', 'many', 'one', 'other'].every((f) => forms.includes(f))) short.push(key);
    }
    expect(short).toEqual([]);
  });

  it('leave no Ukrainian message in English', () => {
    // Words that are the same in both (names, formats) are fine; a whole English sentence is not.
    const english = Object.entries(uk).filter(([, text]) => /\b(the|and|of|to|is|with|your)\b/i.test(text.replace(/'\{[^}]*\}'/g, '').replace(/«[^»]*»/g, '').replace(/\{\w+\}/g, '')));
    expect(english.map(([k]) => k)).toEqual([]);
  });
});

describe('the words a volunteer reads', () => {
  // Issue 11: one volunteer-facing term for the sister-city relationship ("sister-city link";
  // Ukrainian "побратимство"), "exchange file" for what volunteers pass to each other, and no
  // programmer's words ("JSON pointer", "Provider", "Column mapping", "API token").
  const jargon = /\btie\b|\bties\b|\bbundles?\b|JSON pointer|\bprovider\b|column mapping|API token|API-токен|JSON-покажчик|відповідність стовпців/i;
  const withoutArguments = (text: string) => text.replace(/\{\w+,/g, '{');

  it('hold no jargon, in English or in Ukrainian', () => {
    const found = [...Object.entries(en).map(([k, v]) => ['en', k, v]), ...Object.entries(uk).map(([k, v]) => ['uk', k, v])]
      .filter(([, , v]) => jargon.test(withoutArguments(v)))
      .map(([lang, k]) => `${lang} ${k}`);
    expect(found).toEqual([]);
  });

  it('name the relationship one way: a sister-city link', () => {
    for (const key of ['cityList.status', 'response.newStatus', 'dashboard.byStatus', 'settings.script.active', 'queue.why.never_called'] as const) {
      expect(en[key]).toMatch(/\blink\b/i);
      expect(uk[key]).toMatch(/побратимств/i);
    }
  });
});

describe('Ukrainian plurals', () => {
  it('follow the CLDR rules for 1, 2, 5, 11, 21, 22 and 25', () => {
    applyLanguage('uk', false);
    const calls = (n: number) => {
      const text = t('exchange.bundleSaved', { file: 'f', places: '', calls: n, responses: 0, statuses: 0, contacts: 0, followUps: 0, since: '' });
      return /: ([^,]+),/.exec(text)![1];
    };
    expect([1, 2, 5, 11, 21, 22, 25].map(calls)).toEqual(['1 дзвінок', '2 дзвінки', '5 дзвінків', '11 дзвінків', '21 дзвінок', '22 дзвінки', '25 дзвінків']);
    const cities = (n: number) => t('cityList.count', { count: n });
    expect([1, 2, 5, 11, 21, 22, 25].map(cities)).toEqual(['1 місто', '2 міста', '5 міст', '11 міст', '21 місто', '22 міста', '25 міст']);
    expect([1, 3, 5, 21].map((n) => t('format.daysAgo', { count: n }))).toEqual(['1 день тому', '3 дні тому', '5 днів тому', '21 день тому']);
    expect(t('signatures.synced', { count: 18900 })).toMatch(/^Синхронізовано: 18\s900 підписів\.$/);
  });

  it('and English says one and other', () => {
    applyLanguage('en', false);
    expect([1, 2, 21].map((n) => t('cityList.count', { count: n }))).toEqual(['1 city', '2 cities', '21 cities']);
  });
});

describe('the language', () => {
  it('follows the system: uk* is Ukrainian, anything else English', () => {
    expect(systemLocale(['uk-UA', 'en-US'])).toBe('uk');
    expect(systemLocale(['uk'])).toBe('uk');
    expect(systemLocale(['en-US', 'uk-UA'])).toBe('en');
    expect(systemLocale(['ru-RU'])).toBe('en');
    expect(systemLocale([])).toBe('en');
  });

  it('is applied at once, sets <html lang>, and is remembered until System is chosen again', () => {
    applyLanguage('uk');
    expect(locale()).toBe('uk');
    expect(document.documentElement.lang).toBe('uk');
    expect(localStorage.getItem(LANGUAGE_KEY)).toBe('uk');
    expect(storedLanguage()).toBe('uk');
    expect(t('section.settings')).toBe('Налаштування');
    applyLanguage('system');
    expect(localStorage.getItem(LANGUAGE_KEY)).toBeNull();
    expect(storedLanguage()).toBe('system');
    // The test environment's language is English.
    expect(locale()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('formats numbers and dates in the language shown', () => {
    applyLanguage('uk', false);
    expect(formatNumber(18900)).toMatch(/^18\s900$/);
    expect(formatPartialDate('2022-03-08')).toMatch(/^8 бер\. 2022/);
    expect(formatWhen('2026-11-20T09:00:00.000Z', new Date('2026-11-27T12:00:00Z'))).toBe('7 днів тому');
    expect(formatWhen(null)).toBe('Ніколи');
    applyLanguage('en', false);
    expect(formatNumber(18900)).toBe('18,900');
    expect(formatPartialDate('2022-03-08')).toBe('8 Mar 2022');
  });

  it('reads date words in Ukrainian too, and shows the resolved date in the language shown', () => {
    const now = new Date(2026, 11, 2, 10, 0); // Wednesday
    expect(resolveDate('сьогодні', now)).toBe('2026-12-02');
    expect(resolveDate('завтра', now)).toBe('2026-12-03');
    expect(resolveDate('+3д', now)).toBe('2026-12-05');
    expect(resolveDate('+2т', now)).toBe('2026-12-16');
    expect(resolveDate('наст. вт', now)).toBe('2026-12-08');
    expect(resolveDate('п’ятниця', now)).toBe('2026-12-04');
    // The apostrophe as the window itself writes it (and Ukrainian layouts type it): U+02BC.
    expect(resolveDate('пʼятниця', now)).toBe('2026-12-04');
    expect(resolveDate("п'ят", now)).toBe('2026-12-04');
    applyLanguage('uk', false);
    expect(resolvedNote('next tue', now)).toBe('вівторок, 2026-12-08');
    // A Friday's name has that apostrophe: what is shown reads back as the same date.
    const shown = resolvedNote('завтра', new Date(2026, 11, 3, 10, 0))!;
    expect(shown).toBe('пʼятниця, 2026-12-04');
    expect(resolveDate(shown.split(',')[0], new Date(2026, 11, 3, 10, 0))).toBe('2026-12-04');
  });
});

describe('the Ukrainian catalogue', () => {
  it('is not loaded for an English window, and is loaded when Ukrainian is chosen, then shown', async () => {
    // A fresh copy of the module, as the page starts: only English is there.
    vi.resetModules();
    const fresh = await import('./i18n.svelte');
    expect(fresh.hasCatalogue('en')).toBe(true);
    expect(fresh.hasCatalogue('uk')).toBe(false);
    fresh.applyLanguage('en', false);
    expect(fresh.hasCatalogue('uk')).toBe(false);
    expect(fresh.t('section.settings')).toBe('Settings');
    // Chosen: the window shows Ukrainian as soon as its catalogue is loaded.
    fresh.applyLanguage('uk', false);
    await vi.waitFor(() => expect(fresh.locale()).toBe('uk'));
    expect(fresh.hasCatalogue('uk')).toBe(true);
    expect(fresh.t('section.settings')).toBe('Налаштування');
    expect(document.documentElement.lang).toBe('uk');
    fresh.applyLanguage('en', false);
  });

  it('is not shown when English was chosen again before it finished loading', async () => {
    vi.resetModules();
    const fresh = await import('./i18n.svelte');
    fresh.applyLanguage('uk', false);
    fresh.applyLanguage('en', false);
    await fresh.loadCatalogue('uk');
    await new Promise((r) => setTimeout(r, 0));
    expect(fresh.locale()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
