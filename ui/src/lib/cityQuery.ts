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
import type { MessageKey } from './i18n.svelte';

export type CityFacets = {
  status: RelationshipStatus | 'any';
  response: CityResponse | 'any';
  /** A two-letter state code, or '' for every state. */
  state: string;
  lastCall: LastCallFilter | 'any';
  followUp: FollowUpFilter | 'any';
};

export const anyFacets: CityFacets = { status: 'any', response: 'any', state: '', lastCall: 'any', followUp: 'any' };

// Labels are catalogue keys; the list words them in the language shown now.
export const followUpOptions: { value: FollowUpFilter | 'any'; label: MessageKey }[] = [
  { value: 'any', label: 'facet.followUp.any' },
  { value: 'due', label: 'facet.followUp.due' },
  { value: 'set', label: 'facet.followUp.set' },
  { value: 'none', label: 'facet.followUp.none' },
];

export const lastCallOptions: { value: LastCallFilter | 'any'; label: MessageKey }[] = [
  { value: 'any', label: 'facet.lastCall.any' },
  { value: 'never', label: 'facet.lastCall.never' },
  { value: 'last_7_days', label: 'facet.lastCall.last_7_days' },
  { value: 'not_7_days', label: 'facet.lastCall.not_7_days' },
  { value: 'not_30_days', label: 'facet.lastCall.not_30_days' },
];

/** The window's sort choices: each is one of the core's sorts, one way or the other. */
export type SortChoice = 'name' | 'state' | 'status' | 'response' | 'last_call_oldest' | 'last_call_newest' | 'follow_up';

export const sortOptions: { value: SortChoice; label: MessageKey; sort: CitySort; descending: boolean }[] = [
  { value: 'name', label: 'sort.name', sort: 'name', descending: false },
  { value: 'state', label: 'sort.state', sort: 'state', descending: false },
  { value: 'status', label: 'sort.status', sort: 'status', descending: false },
  { value: 'response', label: 'sort.response', sort: 'response', descending: false },
  { value: 'last_call_oldest', label: 'sort.last_call_oldest', sort: 'last_call', descending: false },
  { value: 'last_call_newest', label: 'sort.last_call_newest', sort: 'last_call', descending: true },
  { value: 'follow_up', label: 'sort.follow_up', sort: 'follow_up', descending: false },
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
