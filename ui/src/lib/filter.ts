import type { CitySummary } from './bindings/CitySummary';

/** Lower case, accents and punctuation folded: "Nizhny Novgorod" matches "nizhny", "St. Louis" matches "st louis". */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The words a city can be found by: US city, state, Russian sister city. */
function words(c: CitySummary): string[] {
  return fold(`${c.city} ${c.state} ${c.sister_city}`).split(' ');
}

/**
 * The cities in which every word of the query starts a word of the city's name, state or
 * sister city ("portland or" finds Portland, OR but not Portland, ME), in their original
 * order. An empty query keeps them all.
 */
export function filterCities(cities: CitySummary[], query: string): CitySummary[] {
  const wanted = fold(query).split(' ').filter(Boolean);
  if (wanted.length === 0) return cities;
  return cities.filter((c) => {
    const have = words(c);
    return wanted.every((w) => have.some((h) => h.startsWith(w)));
  });
}
