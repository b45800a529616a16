import type { CitySummary } from '../lib/bindings/CitySummary';
import type { CityDetail } from '../lib/bindings/CityDetail';
import type { Labels } from '../lib/bindings/Labels';

export const labels: Labels = {
  relationship_status: { active: 'Active', suspended: 'Suspended', severed: 'Severed', unknown: 'Unknown' },
  response: { none: 'No response', acknowledged: 'Acknowledged', considering: 'Considering', committed: 'Committed to act', declined: 'Declined' },
  outcome: { contact: 'Spoke with a person', voicemail: 'Left a voicemail', unavailable: 'No answer', wrong_number: 'Wrong number', callback_requested: 'Callback requested' },
  channel: { phone: 'Phone', email: 'E-mail' },
  kind: { city: 'City', county: 'County', city_county: 'City and county', state: 'State' },
  confidence: { high: 'High confidence', medium: 'Medium confidence', low: 'Low confidence: check before calling' },
  // As the core sends them (vocab.rs, RelationshipStatus::ORDER and CityResponse::ORDER).
  order: {
    relationship_status: ['active', 'unknown', 'suspended', 'severed'],
    response: ['none', 'acknowledged', 'considering', 'committed', 'declined'],
  },
};

function city(slug: string, name: string, state: string, sister: string, status: CitySummary['relationship_status']): CitySummary {
  return { slug, city: name, state, kind: 'city', sister_city: sister, relationship_status: status, response: 'none', last_call_at: null, latitude: 40, longitude: -100, next_follow_up: null };
}

export const cities: CitySummary[] = [
  city('anchorage-ak', 'Anchorage', 'AK', 'Magadan', 'suspended'),
  city('philadelphia-pa', 'Philadelphia', 'PA', 'Nizhny Novgorod', 'unknown'),
  city('portland-me', 'Portland', 'ME', 'Arkhangelsk', 'active'),
  city('portland-or', 'Portland', 'OR', 'Khabarovsk', 'active'),
  city('st-louis-mo', 'St. Louis', 'MO', 'Samara', 'unknown'),
  city('tallahassee-fl', 'Tallahassee', 'FL', 'Krasnodar', 'severed'),
];

export function detail(slug: string): CityDetail {
  const summary = cities.find((c) => c.slug === slug)!;
  return {
    ...summary,
    relationships: [
      {
        id: `rel-${slug}`,
        sister_city: summary.sister_city,
        sister_city_alt_names: [],
        sister_region: 'Some Oblast',
        established: '1991',
        notes: 'Notes from the research.',
        status: summary.relationship_status,
        history: [
          {
            id: `ev-${slug}`,
            status: summary.relationship_status,
            date: '2022-03-09',
            date_text: null,
            summary: 'The commission voted unanimously.',
            sources: ['https://www.wuwf.org/florida-news/2022-03-09/sister-city'],
            origin: 'seed',
            volunteer: null,
            recorded_at: '2026-11-27T00:00:00.000Z',
            corrected_by: null,
          },
        ],
      },
    ],
    contacts: [],
    calls: [],
    responses: [],
    follow_ups: [],
  };
}

/** `n` generated cities, sorted by name as list_cities returns them: "City 00001, TX" ... */
export function manyCities(n: number): CitySummary[] {
  const states = ['TX', 'CA', 'NY', 'OR', 'ME'];
  const statuses: CitySummary['relationship_status'][] = ['active', 'suspended', 'severed', 'unknown'];
  return Array.from({ length: n }, (_, i) => {
    const num = String(i + 1).padStart(5, '0');
    return {
      ...city(`city-${num}`, `City ${num}`, states[i % states.length], `Sister ${num}`, statuses[i % statuses.length]),
      last_call_at: i % 3 === 0 ? null : '2026-11-20T10:00:00.000Z',
    };
  });
}
