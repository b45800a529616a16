// The city list's filters and sort orders as the window offers them, turned into the core's
// `CityQuery`: the core filters and sorts (the same code as `outreach cities`), the window
// only shows the answer. Vocabulary orders come from the core too (`labels.order`).
import type { CityQuery } from './bindings/CityQuery';
import type { CityResponse } from './bindings/CityResponse';
import type { CitySort } from './bindings/CitySort';
import type { CitySummary } from './bindings/CitySummary';
import type { FollowUpFilter } from './bindings/FollowUpFilter';
import type { LastCallFilter } from './bindings/LastCallFilter';
import type { RelationshipStatus } from './bindings/RelationshipStatus';

export type CityFacets = {
  status: RelationshipStatus | 'any';
  response: CityResponse | 'any';
  /** A two-letter state code, or '' for every state. */
  state: string;
  lastCall: LastCallFilter | 'any';
  followUp: FollowUpFilter | 'any';
};

export const anyFacets: CityFacets = { status: 'any', response: 'any', state: '', lastCall: 'any', followUp: 'any' };

export const followUpOptions: { value: FollowUpFilter | 'any'; label: string }[] = [
  { value: 'any', label: 'Any' },
  { value: 'due', label: 'Due today or overdue' },
  { value: 'set', label: 'Has a follow-up' },
  { value: 'none', label: 'No follow-up' },
];

export const lastCallOptions: { value: LastCallFilter | 'any'; label: string }[] = [
  { value: 'any', label: 'Any time' },
  { value: 'never', label: 'Never called' },
  { value: 'last_7_days', label: 'Called in the last 7 days' },
  { value: 'not_7_days', label: 'Not called in 7 days' },
  { value: 'not_30_days', label: 'Not called in 30 days' },
];

/** The window's sort choices: each is one of the core's sorts, one way or the other. */
export type SortChoice = 'name' | 'state' | 'status' | 'response' | 'last_call_oldest' | 'last_call_newest' | 'follow_up';

export const sortOptions: { value: SortChoice; label: string; sort: CitySort; descending: boolean }[] = [
  { value: 'name', label: 'City name', sort: 'name', descending: false },
  { value: 'state', label: 'State', sort: 'state', descending: false },
  { value: 'status', label: 'Tie status (active first)', sort: 'status', descending: false },
  { value: 'response', label: 'Response (none first)', sort: 'response', descending: false },
  { value: 'last_call_oldest', label: 'Last call (longest ago first)', sort: 'last_call', descending: false },
  { value: 'last_call_newest', label: 'Last call (most recent first)', sort: 'last_call', descending: true },
  { value: 'follow_up', label: 'Follow-up date (soonest first)', sort: 'follow_up', descending: false },
];

export function facetsActive(f: CityFacets): boolean {
  return f.status !== 'any' || f.response !== 'any' || f.state !== '' || f.lastCall !== 'any' || f.followUp !== 'any';
}

/**
 * The core query for the chosen filters and sort, or null when the list is shown as it comes
 * (every city, by name: the list the window already has).
 */
export function toQuery(f: CityFacets, choice: SortChoice): CityQuery | null {
  if (!facetsActive(f) && choice === 'name') return null;
  const sort = sortOptions.find((o) => o.value === choice) ?? sortOptions[0];
  const any = <T,>(v: T | 'any'): T | null => (v === 'any' ? null : v);
  return {
    status: any(f.status),
    response: any(f.response),
    state: f.state || null,
    last_call: any(f.lastCall),
    follow_up: any(f.followUp),
    sort: sort.sort,
    descending: sort.descending,
  };
}

/** The states the list has cities in, sorted, for the state filter. */
export function statesOf(cities: CitySummary[]): string[] {
  return [...new Set(cities.map((c) => c.state))].sort();
}

/** The city list's filter, facets and order as last left (the app keeps one while it runs). */
export type ListView = { query: string; facets: CityFacets; sort: SortChoice };

export function newListView(): ListView {
  return { query: '', facets: { ...anyFacets }, sort: 'name' };
}
