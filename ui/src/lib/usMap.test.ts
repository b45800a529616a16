import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, OUTPUT } from '../../scripts/map-outlines.mjs';
import { MAP_HEIGHT, MAP_WIDTH, countByStatus, drawOrder, mapOutlines, markPath, nearestCity, placeCities } from './usMap';
import { labels } from '../test/fixtures';
import { cities } from '../test/fixtures';
import type { CitySummary } from './bindings/CitySummary';

const at = (slug: string, latitude: number | null, longitude: number | null): CitySummary => ({ ...cities[0], slug, latitude, longitude });

describe('the US map', () => {
  it('draws the land and the state borders from the bundled atlas', () => {
    const { land, borders } = mapOutlines();
    expect(land.startsWith('M')).toBe(true);
    expect(land.length).toBeGreaterThan(10_000);
    expect(borders.length).toBeGreaterThan(10_000);
  });

  it('ships the outlines a fresh projection of the atlas gives (the generated module is not stale)', () => {
    // The checked-in module, byte for byte what the build's generator writes now.
    expect(readFileSync(OUTPUT, 'utf8')).toBe(generate());
  });

  it('places a city on the projected outlines: Anchorage inside the Alaska inset, Key West at Florida\'s tip', () => {
    // The outlines and the points share one projection: a point lies within the bounds of
    // the land path's coordinates near it.
    const { land } = mapOutlines();
    const xy = [...land.matchAll(/(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const near = (x: number, y: number, r: number) => xy.some(([a, b]) => Math.hypot(a - x, b - y) < r);
    const { placed } = placeCities([at('anchorage-ak', 61.2181, -149.9003), at('key-west-fl', 24.5551, -81.78)]);
    for (const p of placed) expect(near(p.x, p.y, 6), `${p.city.slug} at ${p.x},${p.y}`).toBe(true);
  });

  it('places cities where they are: Portland, OR west of Portland, ME, Anchorage in the Alaska inset', () => {
    const { placed, unplaced } = placeCities([
      at('portland-or', 45.5152, -122.6784),
      at('portland-me', 43.6591, -70.2568),
      at('anchorage-ak', 61.2181, -149.9003),
      at('tallahassee-fl', 30.4383, -84.2807),
    ]);
    expect(unplaced).toEqual([]);
    const p = Object.fromEntries(placed.map((c) => [c.city.slug, c]));
    for (const c of placed) {
      expect(c.x).toBeGreaterThan(0);
      expect(c.x).toBeLessThan(MAP_WIDTH);
      expect(c.y).toBeGreaterThan(0);
      expect(c.y).toBeLessThan(MAP_HEIGHT);
    }
    expect(p['portland-or'].x).toBeLessThan(p['portland-me'].x);
    expect(p['tallahassee-fl'].y).toBeGreaterThan(p['portland-or'].y);
    // Alaska's inset sits in the lower left corner.
    expect(p['anchorage-ak'].x).toBeLessThan(MAP_WIDTH / 3);
    expect(p['anchorage-ak'].y).toBeGreaterThan(MAP_HEIGHT / 2);
  });

  it('leaves out cities without coordinates or outside the United States', () => {
    const { placed, unplaced } = placeCities([at('nowhere', null, null), at('moscow', 55.75, 37.62), at('boise-id', 43.615, -116.2)]);
    expect(placed.map((c) => c.city.slug)).toEqual(['boise-id']);
    expect(unplaced.map((c) => c.slug)).toEqual(['nowhere', 'moscow']);
  });
});

describe('countByStatus', () => {
  it('counts every status, zero for those no city has', () => {
    expect(countByStatus(cities)).toEqual({ active: 2, suspended: 1, severed: 1, unknown: 2 });
    expect(countByStatus([])).toEqual({ active: 0, suspended: 0, severed: 0, unknown: 0 });
  });
});

describe('the map\'s drawing order', () => {
  it('draws the ties that need the most work last, in the order the core gives', () => {
    const { placed } = placeCities(cities);
    const drawn = drawOrder(placed, labels.order.relationship_status).map((p) => p.city.relationship_status);
    expect(drawn).toEqual(['severed', 'suspended', 'unknown', 'unknown', 'active', 'active']);
    // Another order from the core is followed as given.
    const reversed = drawOrder(placed, ['severed', 'suspended', 'unknown', 'active']).map((p) => p.city.relationship_status);
    expect(reversed).toEqual(['active', 'active', 'unknown', 'unknown', 'suspended', 'severed']);
  });
});

describe('the mark of a city on the map', () => {
  it('has a shape of its own for each status, centred on the city', () => {
    const paths = (['active', 'suspended', 'severed', 'unknown'] as const).map((s) => markPath(s, 100, 50, 7));
    expect(new Set(paths).size).toBe(4);
    // The shapes differ in kind, not only in size: arcs, right angles, three and four corners.
    expect(paths[0]).toContain('a');
    expect(paths[1]).toMatch(/h.*v.*h/);
    expect(paths[2].match(/l/g)).toHaveLength(2);
    expect(paths[3].match(/l/g)).toHaveLength(3);
    for (const p of paths) {
      // Each starts at the city's point; the shape is drawn around it (its corners within r).
      expect(p.startsWith('M100,50m')).toBe(true);
      const corners = [...p.matchAll(/[mlhv](-?[\d.]+)(?:,(-?[\d.]+))?/g)].flatMap((m) => [m[1], m[2]]);
      for (const c of corners) if (c !== undefined) expect(Math.abs(Number(c))).toBeLessThanOrEqual(2 * 7 * 1.2);
    }
  });
});

describe('the map of a campaign with thousands of cities (issue 13)', () => {
  it('finds the city nearest to a click, and none when the click is away from every city', () => {
    const { placed } = placeCities([at('anchorage-ak', 61.2181, -149.9003), at('key-west-fl', 24.5551, -81.78)]);
    const keyWest = placed.find((p) => p.city.slug === 'key-west-fl')!;
    expect(nearestCity(placed, keyWest.x + 2, keyWest.y - 2, 6)?.city.slug).toBe('key-west-fl');
    expect(nearestCity(placed, keyWest.x + 20, keyWest.y, 6)).toBeNull();
  });
});
