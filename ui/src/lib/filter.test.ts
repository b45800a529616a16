import { describe, expect, it } from 'vitest';
import { filterCities, fold } from './filter';
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
