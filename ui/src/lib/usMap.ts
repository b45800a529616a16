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
  // One pass into a bucket per status (a sort comparing ranks took 60 ms for 20,000 cities);
  // each bucket keeps the list's order, as the stable sort did. A status the order does not
  // name comes last.
  const buckets = new Map<RelationshipStatus, PlacedCity[]>(order.map((s) => [s, []]));
  const unranked: PlacedCity[] = [];
  for (const p of placed) (buckets.get(p.city.relationship_status) ?? unranked).push(p);
  return [...buckets.values()].reverse().flat().concat(unranked);
}

/**
 * The mark of a city on the map: a shape per status of its tie, so the map does not rely on
 * colour alone (issue 11): active a circle, suspended a square, severed a triangle, unknown a
 * diamond. An SVG path centred on (x, y), about 2r across.
 */
export function markPath(status: RelationshipStatus, x: number, y: number, r: number): string {
  return `M${round2(x)},${round2(y)}${markShape(status, r)}`;
}

const round2 = (n: number) => Number(n.toFixed(2));

/** The shape of a status's mark as path commands relative to its centre, about 2r across. */
function markShape(status: RelationshipStatus, r: number): string {
  const f = round2;
  switch (status) {
    case 'suspended': {
      const s = r * 0.9;
      return `m${f(-s)},${f(-s)}h${f(2 * s)}v${f(2 * s)}h${f(-2 * s)}z`;
    }
    case 'severed': {
      const h = r * 1.15;
      return `m0,${f(-h)}l${f(h)},${f(1.8 * h)}l${f(-2 * h)},0z`;
    }
    case 'unknown': {
      const d = r * 1.2;
      return `m0,${f(-d)}l${f(d)},${f(d)}l${f(-d)},${f(d)}l${f(-d)},${f(-d)}z`;
    }
    default:
      return `m${f(-r)},0a${f(r)},${f(r)} 0 1 0 ${f(2 * r)},0a${f(r)},${f(r)} 0 1 0 ${f(-2 * r)},0z`;
  }
}

/**
 * Above this many placed cities the map paints its marks as one picture instead of a focusable mark
 * per city (issue 13): 20,000 marks, each a button with its own name, cost seconds of the
 * window's first paint and hundreds of MB, and 20,000 Tab stops help nobody; the city list is
 * the way to a city by keyboard then, and the marks are painted on a canvas (mapMarks.ts). A
 * campaign of the seed's size keeps a button per city.
 */
export const MAP_INTERACTIVE_MAX = 500;

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
