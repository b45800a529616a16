import { describe, expect, it } from 'vitest';
import { spriteOf, stampMarks, type Pixels, type Sprite } from './mapMarks';
import type { PlacedCity } from './usMap';
import type { RelationshipStatus } from './bindings/RelationshipStatus';
import { cities } from '../test/fixtures';

const dot = (slug: string, status: RelationshipStatus, x: number, y: number): PlacedCity => ({ city: { ...cities[0], slug, relationship_status: status }, x, y });
const picture = (width: number, height: number): Pixels => ({ data: new Uint8ClampedArray(width * height * 4), width, height });
const pixel = (p: Pixels, x: number, y: number) => [...p.data.slice(4 * (y * p.width + x), 4 * (y * p.width + x) + 4)];

/** A 3×3 mark: a centre of `rgba`, and a ring of `ring` around it. */
function mark(rgba: number[], ring: number[] = [0, 0, 0, 0]): Sprite {
  const data = new Uint8ClampedArray(9 * 4);
  for (let i = 0; i < 9; i++) data.set(i === 4 ? rgba : ring, 4 * i);
  return spriteOf(data, 3);
}

describe('the marks of a campaign-sized map, painted as one picture (issue 13)', () => {
  it("keeps a mark's visible pixels around its centre, with their colour and opacity", () => {
    const s = mark([255, 0, 0, 255]);
    expect([...s.dx]).toEqual([0]);
    expect([...s.dy]).toEqual([0]);
    expect([s.r[0], s.g[0], s.b[0], s.a[0]]).toEqual([255, 0, 0, 1]);
    const ringed = mark([255, 0, 0, 255], [255, 255, 255, 255]);
    expect(ringed.a).toHaveLength(9);
    expect([...ringed.dx].slice(0, 3)).toEqual([-1, 0, 1]);
    expect([...ringed.dy].slice(0, 3)).toEqual([-1, -1, -1]);
  });

  it("puts each city's status mark at its point, the last on top, and counts them", () => {
    const sprites = new Map<RelationshipStatus, Sprite>([
      ['active', mark([200, 80, 0, 255], [255, 255, 255, 255])],
      ['severed', mark([0, 120, 90, 255], [255, 255, 255, 255])],
    ]);
    const p = picture(20, 10);
    // 2 px per map unit, the map's (0, 0) at pixel (3, 1): (2, 2) → (7, 5), (2.6, 2) → (8.2 → 8, 5).
    const n = stampMarks(p, [dot('a', 'active', 2, 2), dot('b', 'severed', 2.6, 2), dot('c', 'unknown', 5, 2)], sprites, { scale: 2, x: 3, y: 1 });
    expect(n).toBe(2);
    expect(pixel(p, 8, 5)).toEqual([0, 120, 90, 255]); // the severed mark's centre
    expect(pixel(p, 7, 5)).toEqual([255, 255, 255, 255]); // the active centre, under the severed mark's outline
    expect(pixel(p, 6, 5)).toEqual([255, 255, 255, 255]); // the active mark's own outline
    expect(pixel(p, 5, 5)).toEqual([0, 0, 0, 0]); // nothing drawn there
    expect(pixel(p, 13, 5)).toEqual([0, 0, 0, 0]); // the unknown city: no mark for its status
  });

  it('keeps a half-transparent edge its own colour over the empty canvas (not darkened), and blends it over a mark', () => {
    const edge = new Map<RelationshipStatus, Sprite>([['active', mark([0, 0, 255, 128])]]);
    const solid = new Map<RelationshipStatus, Sprite>([['active', mark([255, 0, 0, 255])]]);
    const p = picture(4, 4);
    stampMarks(p, [dot('a', 'active', 1, 1)], edge, { scale: 1, x: 0, y: 0 });
    expect(pixel(p, 1, 1)).toEqual([0, 0, 255, 128]);
    // Red under half-transparent blue: half of each.
    const sprites = new Map<RelationshipStatus, Sprite>([...solid, ['severed', edge.get('active')!]]);
    stampMarks(p, [dot('a', 'active', 1, 1), dot('b', 'severed', 1, 1)], sprites, { scale: 1, x: 0, y: 0 });
    const [r, g, b, a] = pixel(p, 1, 1);
    expect(a).toBe(255);
    expect(g).toBe(0);
    expect(Math.abs(r - 127)).toBeLessThanOrEqual(1);
    expect(Math.abs(b - 128)).toBeLessThanOrEqual(1);
  });

  it('cuts off what falls outside the picture, and clears what an earlier paint left', () => {
    const sprites = new Map<RelationshipStatus, Sprite>([['active', mark([9, 9, 9, 255], [9, 9, 9, 255])]]);
    const p = picture(3, 3);
    expect(stampMarks(p, [dot('a', 'active', 0, 0)], sprites, { scale: 1, x: 0, y: 0 })).toBe(1);
    expect(pixel(p, 0, 0)).toEqual([9, 9, 9, 255]);
    expect(pixel(p, 1, 1)).toEqual([9, 9, 9, 255]);
    expect(pixel(p, 2, 2)).toEqual([0, 0, 0, 0]);
    stampMarks(p, [dot('a', 'active', 2, 2)], sprites, { scale: 1, x: 0, y: 0 });
    expect(pixel(p, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(p, 2, 2)).toEqual([9, 9, 9, 255]);
  });
});
