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

// Each city's folded words as one string with a space before each word, computed once per city
// object: typing in the filter re-tests every city on each keystroke, and folding 20,000 names
// each time would cost more than the test. " portland or khabarovsk" has a word starting with
// "kha" exactly when it contains " kha".
const hayCache = new WeakMap<CitySummary, string>();

function haystack(c: CitySummary): string {
  let h = hayCache.get(c);
  if (h === undefined) {
    h = ` ${fold(`${c.city} ${c.state} ${c.sister_city}`)}`;
    hayCache.set(c, h);
  }
  return h;
}

function queryWords(query: string): string[] {
  return fold(query).split(' ').filter(Boolean);
}

/**
 * The cities in which every word of the query starts a word of the city's name, state or
 * sister city ("portland or" finds Portland, OR but not Portland, ME), in their original
 * order. An empty query keeps them all.
 */
export function filterCities(cities: CitySummary[], query: string): CitySummary[] {
  return matching(cities, queryWords(query));
}

function matching(cities: CitySummary[], wanted: string[]): CitySummary[] {
  if (wanted.length === 0) return cities;
  const needles = wanted.map((w) => ` ${w}`);
  return cities.filter((c) => {
    const h = haystack(c);
    for (const n of needles) if (!h.includes(n)) return false;
    return true;
  });
}

/**
 * A filter that remembers its last answer: when the volunteer types on (each word of the new
 * query extends the same word of the last one), only the last matches are searched again.
 */
export function narrowingFilter(): (cities: CitySummary[], query: string) => CitySummary[] {
  let lastCities: CitySummary[] | null = null;
  let lastWords: string[] = [];
  let lastResult: CitySummary[] = [];
  return (cities, query) => {
    const words = queryWords(query);
    const refines =
      cities === lastCities && words.length >= lastWords.length && lastWords.every((w, i) => words[i].startsWith(w));
    const result = matching(refines ? lastResult : cities, words);
    lastCities = cities;
    lastWords = words;
    lastResult = result;
    return result;
  };
}
