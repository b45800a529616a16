import { describe, expect, it } from 'vitest';
import { anyFacets, applyFacets, sortCities, statesOf } from './cityQuery';
import { cities } from '../test/fixtures';
import type { CitySummary } from './bindings/CitySummary';

const now = new Date('2026-11-27T12:00:00Z');
// A called sample: Portland OR 2 days ago, Anchorage 20 days ago, St. Louis 60 days ago.
const called: CitySummary[] = cities.map((c) => ({
  ...c,
  last_call_at:
    c.slug === 'portland-or' ? '2026-11-25T10:00:00.000Z' : c.slug === 'anchorage-ak' ? '2026-11-07T10:00:00.000Z' : c.slug === 'st-louis-mo' ? '2026-09-28T10:00:00.000Z' : null,
  response: c.slug === 'portland-me' ? 'considering' : c.slug === 'tallahassee-fl' ? 'committed' : 'none',
  next_follow_up: c.slug === 'anchorage-ak' ? '2026-11-27' : c.slug === 'st-louis-mo' ? '2026-11-20' : c.slug === 'portland-me' ? '2026-12-05' : null,
}));
const slugs = (list: CitySummary[]) => list.map((c) => c.slug);

describe('applyFacets', () => {
  it('keeps the list as it is with no filter chosen', () => {
    expect(applyFacets(called, anyFacets, now)).toBe(called);
  });

  it('filters by relationship status, response and state', () => {
    expect(slugs(applyFacets(called, { ...anyFacets, status: 'active' }, now))).toEqual(['portland-me', 'portland-or']);
    expect(slugs(applyFacets(called, { ...anyFacets, response: 'committed' }, now))).toEqual(['tallahassee-fl']);
    expect(slugs(applyFacets(called, { ...anyFacets, state: 'OR' }, now))).toEqual(['portland-or']);
  });

  it('filters by when the city was last called', () => {
    expect(slugs(applyFacets(called, { ...anyFacets, lastCall: 'never' }, now))).toEqual(['philadelphia-pa', 'portland-me', 'tallahassee-fl']);
    expect(slugs(applyFacets(called, { ...anyFacets, lastCall: 'last_7_days' }, now))).toEqual(['portland-or']);
    expect(slugs(applyFacets(called, { ...anyFacets, lastCall: 'not_7_days' }, now))).toEqual(['anchorage-ak', 'philadelphia-pa', 'portland-me', 'st-louis-mo', 'tallahassee-fl']);
    expect(slugs(applyFacets(called, { ...anyFacets, lastCall: 'not_30_days' }, now))).toEqual(['philadelphia-pa', 'portland-me', 'st-louis-mo', 'tallahassee-fl']);
  });

  it('combines filters: every one must match', () => {
    expect(slugs(applyFacets(called, { ...anyFacets, status: 'active', lastCall: 'never' }, now))).toEqual(['portland-me']);
    expect(applyFacets(called, { ...anyFacets, status: 'severed', state: 'OR' }, now)).toEqual([]);
  });
});

describe('the follow-up filter and sort', () => {
  it('filters by follow-ups due (today or overdue), set, or none', () => {
    expect(slugs(applyFacets(called, { ...anyFacets, followUp: 'due' }, now))).toEqual(['anchorage-ak', 'st-louis-mo']);
    expect(slugs(applyFacets(called, { ...anyFacets, followUp: 'set' }, now))).toEqual(['anchorage-ak', 'portland-me', 'st-louis-mo']);
    expect(slugs(applyFacets(called, { ...anyFacets, followUp: 'none' }, now))).toEqual(['philadelphia-pa', 'portland-or', 'tallahassee-fl']);
  });

  it('sorts by follow-up date, soonest first, cities without one last', () => {
    expect(slugs(sortCities(called, 'follow_up'))).toEqual(['st-louis-mo', 'anchorage-ak', 'portland-me', 'philadelphia-pa', 'portland-or', 'tallahassee-fl']);
  });
});

describe('sortCities', () => {
  it('sorts by name then state, ignoring case', () => {
    const shuffled = [called[3], called[0], called[5], called[2]];
    expect(slugs(sortCities(shuffled, 'name'))).toEqual(['anchorage-ak', 'portland-me', 'portland-or', 'tallahassee-fl']);
  });

  it('sorts by state', () => {
    expect(slugs(sortCities(called, 'state'))).toEqual(['anchorage-ak', 'tallahassee-fl', 'portland-me', 'st-louis-mo', 'portland-or', 'philadelphia-pa']);
  });

  it('puts the ties that need work first when sorting by status', () => {
    expect(sortCities(called, 'status').map((c) => c.relationship_status)).toEqual(['active', 'active', 'unknown', 'unknown', 'suspended', 'severed']);
  });

  it('puts cities with no response first when sorting by response', () => {
    expect(sortCities(called, 'response').map((c) => c.response)).toEqual(['none', 'none', 'none', 'none', 'considering', 'committed']);
  });

  it('sorts by last call both ways, never-called counting as longest ago', () => {
    expect(slugs(sortCities(called, 'last_call_oldest'))).toEqual(['philadelphia-pa', 'portland-me', 'tallahassee-fl', 'st-louis-mo', 'anchorage-ak', 'portland-or']);
    expect(slugs(sortCities(called, 'last_call_newest')).slice(0, 3)).toEqual(['portland-or', 'anchorage-ak', 'st-louis-mo']);
  });

  it('does not reorder the list it was given', () => {
    const before = slugs(called);
    sortCities(called, 'status');
    expect(slugs(called)).toEqual(before);
  });
});

describe('statesOf', () => {
  it('lists each state once, sorted', () => {
    expect(statesOf(called)).toEqual(['AK', 'FL', 'ME', 'MO', 'OR', 'PA']);
  });
});
