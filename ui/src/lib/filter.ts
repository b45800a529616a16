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

// Folded words per city, computed once per city object: typing in the filter re-tests every
// city on each keystroke, and folding 20,000 names each time would cost more than the test.
const wordCache = new WeakMap<CitySummary, string[]>();

/** The words a city can be found by: US city, state, Russian sister city. */
function words(c: CitySummary): string[] {
  let w = wordCache.get(c);
  if (!w) {
    w = fold(`${c.city} ${c.state} ${c.sister_city}`).split(' ');
    wordCache.set(c, w);
  }
  return w;
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
