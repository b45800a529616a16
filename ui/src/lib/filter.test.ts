import { describe, expect, it } from 'vitest';
import { filterCities, fold, narrowingFilter } from './filter';
import { cities } from '../test/fixtures';

const slugs = (q: string) => filterCities(cities, q).map((c) => c.slug);

describe('filterCities', () => {
  it('keeps every city, in order, for an empty or blank query', () => {
    expect(slugs('')).toEqual(cities.map((c) => c.slug));
    expect(slugs('   ')).toEqual(cities.map((c) => c.slug));
  });

  it('matches the US city, its state and the Russian sister city', () => {
    expect(slugs('portland')).toEqual(['portland-me', 'portland-or']);
    expect(slugs('portland or')).toEqual(['portland-or']);
    expect(slugs('khabarovsk')).toEqual(['portland-or']);
    expect(slugs('FL')).toEqual(['tallahassee-fl']);
  });

  it('ignores case, accents and punctuation', () => {
    expect(slugs('st louis')).toEqual(['st-louis-mo']);
    expect(slugs('NIŽNY')).toEqual([]);
    expect(slugs('nizhny')).toEqual(['philadelphia-pa']);
    expect(fold('Bloomington–Normal')).toBe('bloomington normal');
  });

  it('matches words from their start, so a state code does not match inside a name', () => {
    expect(slugs('port')).toEqual(['portland-me', 'portland-or']);
    expect(slugs('land')).toEqual([]);
    expect(slugs('me')).toEqual(['portland-me']);
  });

  it('finds nothing for a word no city has', () => {
    expect(slugs('atlantis')).toEqual([]);
  });
});

describe('narrowingFilter', () => {
  it('gives the same answers as filterCities as the volunteer types, deletes and retypes', () => {
    const filter = narrowingFilter();
    for (const q of ['p', 'po', 'portland', 'portland o', 'portland or', 'portland o', 'portland', 'port me', 'st', 'st l', '', 'kha']) {
      expect(filter(cities, q).map((c) => c.slug), q).toEqual(slugs(q));
    }
  });

  it('starts again from the whole list when the list changes', () => {
    const filter = narrowingFilter();
    expect(filter(cities.slice(0, 2), 'portland')).toEqual([]);
    expect(filter(cities, 'portland or').map((c) => c.slug)).toEqual(['portland-or']);
  });
});
