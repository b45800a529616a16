// The dashboard's map: US state outlines from us-atlas drawn with d3-geo's Albers USA
// projection (Alaska and Hawaii as insets), and the target cities placed on it. The outlines
// are the same on every start, so they are projected at build time (scripts/map-outlines.mjs
// writes usMapOutlines.ts); at run time only the cities' points are projected, with the same
// projection.
import { geoAlbersUsa, type GeoProjection } from 'd3-geo';
import { BORDERS, LAND, MAP_HEIGHT, MAP_SCALE, MAP_WIDTH } from './usMapOutlines';
import type { CitySummary } from './bindings/CitySummary';
import type { RelationshipStatus } from './bindings/RelationshipStatus';

/** The map's coordinate space (the SVG viewBox), as us-atlas's own Albers files use. */
export { MAP_HEIGHT, MAP_WIDTH };

const projection: GeoProjection = geoAlbersUsa().scale(MAP_SCALE).translate([MAP_WIDTH / 2, MAP_HEIGHT / 2]);

/** SVG path data for the land and the borders between states (projected at build time). */
export function mapOutlines(): { land: string; borders: string } {
  return { land: LAND, borders: BORDERS };
}

export type PlacedCity = { city: CitySummary; x: number; y: number };

/**
 * Each city with its point on the map, and the cities that have no point: no coordinates, or
 * coordinates outside the projection's area (which covers the 50 states).
 */
export function placeCities(cities: CitySummary[]): { placed: PlacedCity[]; unplaced: CitySummary[] } {
  const placed: PlacedCity[] = [];
  const unplaced: CitySummary[] = [];
  for (const city of cities) {
    const p = city.latitude !== null && city.longitude !== null ? projection([city.longitude, city.latitude]) : null;
    if (p) placed.push({ city, x: Math.round(p[0] * 10) / 10, y: Math.round(p[1] * 10) / 10 });
    else unplaced.push(city);
  }
  return { placed, unplaced };
}

/** How many cities have each relationship status (every status present, zero when none). */
export function countByStatus(cities: CitySummary[]): Record<RelationshipStatus, number> {
  const out: Record<RelationshipStatus, number> = { active: 0, suspended: 0, severed: 0, unknown: 0 };
  for (const c of cities) out[c.relationship_status] += 1;
  return out;
}

/**
 * The placed cities in drawing order: `order` is the statuses' order from the core (the ties
 * that need the most work first), and those are drawn last, on top of their neighbours.
 */
export function drawOrder(placed: PlacedCity[], order: RelationshipStatus[]): PlacedCity[] {
  const rank = (p: PlacedCity) => order.indexOf(p.city.relationship_status);
  return placed.slice().sort((a, b) => rank(b) - rank(a));
}

/**
 * The mark of a city on the map: a shape per status of its tie, so the map does not rely on
 * colour alone (issue 11): active a circle, suspended a square, severed a triangle, unknown a
 * diamond. An SVG path centred on (x, y), about 2r across.
 */
export function markPath(status: RelationshipStatus, x: number, y: number, r: number): string {
  const f = (n: number) => Number(n.toFixed(2));
  switch (status) {
    case 'suspended': {
      const s = r * 0.9;
      return `M${f(x - s)},${f(y - s)}H${f(x + s)}V${f(y + s)}H${f(x - s)}Z`;
    }
    case 'severed': {
      const h = r * 1.15;
      return `M${f(x)},${f(y - h)}L${f(x + h)},${f(y + h * 0.8)}L${f(x - h)},${f(y + h * 0.8)}Z`;
    }
    case 'unknown': {
      const d = r * 1.2;
      return `M${f(x)},${f(y - d)}L${f(x + d)},${f(y)}L${f(x)},${f(y + d)}L${f(x - d)},${f(y)}Z`;
    }
    default:
      return `M${f(x - r)},${f(y)}A${f(r)},${f(r)} 0 1 0 ${f(x + r)},${f(y)}A${f(r)},${f(r)} 0 1 0 ${f(x - r)},${f(y)}Z`;
  }
}

/**
 * Above this many placed cities the map draws one path per status instead of a focusable mark
 * per city (issue 13): 20,000 marks, each a button with its own name, cost seconds of the
 * window's first paint and hundreds of MB, and 20,000 Tab stops help nobody; the city list is
 * the way to a city by keyboard then. A campaign of the seed's size keeps a button per city.
 */
export const MAP_INTERACTIVE_MAX = 500;

/** The marks of many cities as one path per status, in drawing order (see `drawOrder`). */
export function markLayers(dots: PlacedCity[], r: number): { status: RelationshipStatus; d: string }[] {
  // A Map keeps its keys in the order first set: the statuses in drawing order.
  const layers = new Map<RelationshipStatus, string[]>();
  for (const p of dots) {
    const s = p.city.relationship_status;
    let d = layers.get(s);
    if (!d) layers.set(s, (d = []));
    d.push(markPath(s, p.x, p.y, r));
  }
  return [...layers].map(([status, d]) => ({ status, d: d.join('') }));
}

/** The placed city nearest to (x, y) in map units, if one is within `within` units. */
export function nearestCity(dots: PlacedCity[], x: number, y: number, within: number): PlacedCity | null {
  let best: PlacedCity | null = null;
  let bestD = within * within;
  for (const p of dots) {
    const d = (p.x - x) ** 2 + (p.y - y) ** 2;
    if (d <= bestD) {
      best = p;
      bestD = d;
    }
  }
  return best;
}
