// The city list's filters (relationship status, response, state, last call) and sort orders.
// Pure functions over CitySummary so the list component stays a view.
import type { CityResponse } from './bindings/CityResponse';
import type { CitySummary } from './bindings/CitySummary';
import type { RelationshipStatus } from './bindings/RelationshipStatus';

export type LastCallFilter = 'any' | 'never' | 'last_7_days' | 'not_7_days' | 'not_30_days';
export type FollowUpFilter = 'any' | 'due' | 'set' | 'none';

export type CityFacets = {
  status: RelationshipStatus | 'any';
  response: CityResponse | 'any';
  /** A two-letter state code, or '' for every state. */
  state: string;
  lastCall: LastCallFilter;
  followUp: FollowUpFilter;
};

export const anyFacets: CityFacets = { status: 'any', response: 'any', state: '', lastCall: 'any', followUp: 'any' };

export const followUpOptions: { value: FollowUpFilter; label: string }[] = [
  { value: 'any', label: 'Any' },
  { value: 'due', label: 'Due today or overdue' },
  { value: 'set', label: 'Has a follow-up' },
  { value: 'none', label: 'No follow-up' },
];

export const lastCallOptions: { value: LastCallFilter; label: string }[] = [
  { value: 'any', label: 'Any time' },
  { value: 'never', label: 'Never called' },
  { value: 'last_7_days', label: 'Called in the last 7 days' },
  { value: 'not_7_days', label: 'Not called in 7 days' },
  { value: 'not_30_days', label: 'Not called in 30 days' },
];

export type CitySort = 'name' | 'state' | 'status' | 'response' | 'last_call_oldest' | 'last_call_newest' | 'follow_up';

export const sortOptions: { value: CitySort; label: string }[] = [
  { value: 'name', label: 'City name' },
  { value: 'state', label: 'State' },
  { value: 'status', label: 'Tie status (active first)' },
  { value: 'response', label: 'Response (none first)' },
  { value: 'last_call_oldest', label: 'Last call (longest ago first)' },
  { value: 'last_call_newest', label: 'Last call (most recent first)' },
  { value: 'follow_up', label: 'Follow-up date (soonest first)' },
];

/** Ties that need the most work first. */
const statusRank: Record<RelationshipStatus, number> = { active: 0, unknown: 1, suspended: 2, severed: 3 };
/** Cities that have not answered first, then in the order a response progresses. */
const responseRank: Record<CityResponse, number> = { none: 0, declined: 1, acknowledged: 2, considering: 3, committed: 4 };

const DAY = 86_400_000;

function calledWithin(c: CitySummary, days: number, now: number): boolean {
  if (!c.last_call_at) return false;
  const t = Date.parse(c.last_call_at);
  return !Number.isNaN(t) && now - t < days * DAY;
}

export function facetsActive(f: CityFacets): boolean {
  return f.status !== 'any' || f.response !== 'any' || f.state !== '' || f.lastCall !== 'any' || f.followUp !== 'any';
}

/** The cities that pass every chosen filter, in their given order. */
export function applyFacets(cities: CitySummary[], f: CityFacets, now: Date = new Date()): CitySummary[] {
  if (!facetsActive(f)) return cities;
  const t = now.getTime();
  const today = localDate(now);
  return cities.filter((c) => {
    if (f.status !== 'any' && c.relationship_status !== f.status) return false;
    if (f.followUp === 'due' && !(c.next_follow_up !== null && c.next_follow_up <= today)) return false;
    if (f.followUp === 'set' && c.next_follow_up === null) return false;
    if (f.followUp === 'none' && c.next_follow_up !== null) return false;
    if (f.response !== 'any' && c.response !== f.response) return false;
    if (f.state && c.state !== f.state) return false;
    switch (f.lastCall) {
      case 'never':
        return c.last_call_at === null;
      case 'last_7_days':
        return calledWithin(c, 7, t);
      case 'not_7_days':
        return !calledWithin(c, 7, t);
      case 'not_30_days':
        return !calledWithin(c, 30, t);
      default:
        return true;
    }
  });
}

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function nameOrder(a: CitySummary, b: CitySummary): number {
  return byName.compare(a.city, b.city) || a.state.localeCompare(b.state);
}

/** A sorted copy; ties keep the name order. Never-called cities count as called longest ago. */
export function sortCities(cities: CitySummary[], sort: CitySort): CitySummary[] {
  const out = cities.slice();
  switch (sort) {
    case 'name':
      return out.sort(nameOrder);
    case 'state':
      return out.sort((a, b) => a.state.localeCompare(b.state) || nameOrder(a, b));
    case 'status':
      return out.sort((a, b) => statusRank[a.relationship_status] - statusRank[b.relationship_status] || nameOrder(a, b));
    case 'response':
      return out.sort((a, b) => responseRank[a.response] - responseRank[b.response] || nameOrder(a, b));
    case 'last_call_oldest':
      // RFC 3339 UTC timestamps sort as text; null (never) first.
      return out.sort((a, b) => cmpNullFirst(a.last_call_at, b.last_call_at) || nameOrder(a, b));
    case 'last_call_newest':
      return out.sort((a, b) => cmpNullFirst(b.last_call_at, a.last_call_at) || nameOrder(a, b));
    case 'follow_up':
      // YYYY-MM-DD sorts as text; cities with no follow-up last.
      return out.sort((a, b) => cmpNullLast(a.next_follow_up, b.next_follow_up) || nameOrder(a, b));
  }
}

function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function cmpNullLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function cmpNullFirst(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** The states the list has cities in, sorted, for the state filter. */
export function statesOf(cities: CitySummary[]): string[] {
  return [...new Set(cities.map((c) => c.state))].sort();
}
