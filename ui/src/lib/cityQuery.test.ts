import { describe, expect, it } from 'vitest';
import { anyFacets, facetsActive, sortOptions, statesOf, toQuery } from './cityQuery';
import { cities } from '../test/fixtures';

describe('toQuery', () => {
  it('asks nothing of the core for every city by name (the list the window has)', () => {
    expect(toQuery(anyFacets, 'name')).toBeNull();
    expect(facetsActive(anyFacets)).toBe(false);
  });

  it('turns every chosen filter into the core query', () => {
    expect(toQuery({ status: 'active', response: 'declined', state: 'OR', lastCall: 'not_30_days', followUp: 'due' }, 'name')).toEqual({
      status: 'active',
      response: 'declined',
      state: 'OR',
      last_call: 'not_30_days',
      follow_up: 'due',
      sort: 'name',
      descending: false,
    });
  });

  it('maps each sort choice to one core sort and direction', () => {
    expect(toQuery(anyFacets, 'last_call_newest')).toMatchObject({ sort: 'last_call', descending: true, status: null, state: null });
    expect(toQuery(anyFacets, 'last_call_oldest')).toMatchObject({ sort: 'last_call', descending: false });
    expect(toQuery(anyFacets, 'response')).toMatchObject({ sort: 'response', descending: false });
    expect(new Set(sortOptions.map((o) => o.value)).size).toBe(sortOptions.length);
  });
});

describe('statesOf', () => {
  it('lists each state once, sorted', () => {
    expect(statesOf([...cities, ...cities])).toEqual(['AK', 'FL', 'ME', 'MO', 'OR', 'PA']);
  });
});
