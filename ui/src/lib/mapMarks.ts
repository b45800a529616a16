// The marks of a campaign-sized map (above MAP_INTERACTIVE_MAX cities), painted on a canvas
// laid over the map's SVG. As SVG paths (one per status, 20,000 marks), WebKit stroked and
// painted every mark on the window's first frame, about 200 ms of its start on a 20,000-city
// store (issue 13); stamping a canvas or a bitmap 20,000 times costs WebKitGTK nearly as much
// (70–150 ms for the stamps alone). Here each status's mark is drawn once on a small canvas
// (its shape, fill and outline, as `markPath` draws it) and its pixels are blended into one
// picture in a typed array, put on the canvas in one call. Later marks cover earlier ones with
// their own outline, so neighbours stay apart.
import type { RelationshipStatus } from './bindings/RelationshipStatus';
import { markPath, type PlacedCity } from './usMap';

/** The mark's size in map units and its outline's width, as the seed-sized map's marks. */
export const MARK_R = 3;
const OUTLINE = 0.5;

/** A status's mark as pixels around its centre: offsets, colour premultiplied by alpha, alpha (0–1). */
export interface Sprite {
  dx: Int16Array;
  dy: Int16Array;
  r: Float32Array;
  g: Float32Array;
  b: Float32Array;
  a: Float32Array;
}

/** Where map units land on the canvas: pixels per unit, and the pixel of the map's (0, 0). */
export interface Placement {
  scale: number;
  x: number;
  y: number;
}

/** A picture's pixels, as in `ImageData`: RGBA rows, `width` × `height`. */
export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** The visible pixels of a square RGBA picture (`ImageData`, not premultiplied) `size` px across, centred. */
export function spriteOf(data: Uint8ClampedArray, size: number): Sprite {
  const seen: number[] = [];
  for (let i = 0; i < size * size; i++) if (data[4 * i + 3] > 0) seen.push(i);
  const half = Math.floor(size / 2);
  const sprite: Sprite = { dx: new Int16Array(seen.length), dy: new Int16Array(seen.length), r: new Float32Array(seen.length), g: new Float32Array(seen.length), b: new Float32Array(seen.length), a: new Float32Array(seen.length) };
  seen.forEach((i, k) => {
    const a = data[4 * i + 3] / 255;
    sprite.dx[k] = (i % size) - half;
    sprite.dy[k] = Math.floor(i / size) - half;
    sprite.r[k] = data[4 * i] * a;
    sprite.g[k] = data[4 * i + 1] * a;
    sprite.b[k] = data[4 * i + 2] * a;
    sprite.a[k] = a;
  });
  return sprite;
}

/**
 * Blends each city's mark into `into` (cleared first) at its point, in the order given (the
 * last on top: `drawOrder`'s order), and returns how many were stamped. A mark lands on whole
 * pixels, at most half a pixel from its point; what falls outside the picture is cut off.
 */
export function stampMarks(into: Pixels, dots: PlacedCity[], sprites: Map<RelationshipStatus, Sprite>, at: Placement): number {
  const { data, width, height } = into;
  // Blended premultiplied (plain "over") in place, then turned back into ImageData's straight
  // alpha where a pixel is part covered (an opaque pixel is the same either way).
  data.fill(0);
  let stamped = 0;
  for (const p of dots) {
    const s = sprites.get(p.city.relationship_status);
    if (!s) continue;
    stamped += 1;
    const cx = Math.round(at.x + p.x * at.scale);
    const cy = Math.round(at.y + p.y * at.scale);
    for (let k = 0; k < s.a.length; k++) {
      const x = cx + s.dx[k];
      const y = cy + s.dy[k];
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      const o = 4 * (y * width + x);
      const keep = 1 - s.a[k];
      data[o] = s.r[k] + data[o] * keep;
      data[o + 1] = s.g[k] + data[o + 1] * keep;
      data[o + 2] = s.b[k] + data[o + 2] * keep;
      data[o + 3] = 255 * s.a[k] + data[o + 3] * keep;
    }
  }
  for (let o = 3; o < data.length; o += 4) {
    const a = data[o];
    if (a === 0 || a === 255) continue;
    const k = 255 / a;
    data[o - 3] *= k;
    data[o - 2] *= k;
    data[o - 1] *= k;
  }
  return stamped;
}

/** A status's mark at `scale` px per map unit, in the theme's colours (`--map-<status>`, `--map-stroke`). */
export function markSprite(status: RelationshipStatus, scale: number, colours: { fill: string; stroke: string }): Sprite | null {
  // The widest shape (the diamond) reaches 1.2 r from its centre, its outline half a width more.
  const size = 2 * Math.ceil((1.2 * MARK_R + OUTLINE) * scale + 1) + 1;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) return null;
  g.translate(size / 2, size / 2);
  g.scale(scale, scale);
  const path = new Path2D(markPath(status, 0, 0, MARK_R));
  g.fillStyle = colours.fill;
  g.fill(path);
  g.strokeStyle = colours.stroke;
  g.lineWidth = OUTLINE;
  g.stroke(path);
  return spriteOf(g.getImageData(0, 0, size, size).data, size);
}

/**
 * Svelte action on the canvas: sizes it over `map` (the SVG it sits on, in the same positioned
 * box), and paints `dots` there; again when the map is resized, the theme changes or the dots
 * change. The canvas takes no clicks: the SVG under it answers them.
 */
export function mapMarks(canvas: HTMLCanvasElement, params: { map: SVGSVGElement; dots: PlacedCity[]; statuses: RelationshipStatus[] }) {
  let { map, dots, statuses } = params;
  /** The map's size on screen, in device pixels: what a paint was made for. */
  const sizeOf = (box: DOMRect) => `${box.width}x${box.height}@${window.devicePixelRatio || 1}`;
  let painted = '';
  const paint = () => {
    const m = map.getScreenCTM();
    const ctx = canvas.getContext('2d');
    if (!m || !ctx) return;
    const box = map.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    painted = sizeOf(box);
    const style = getComputedStyle(map);
    const stroke = style.getPropertyValue('--map-stroke').trim();
    const scale = m.a * ratio;
    const sprites = new Map<RelationshipStatus, Sprite>();
    for (const s of statuses) {
      const sprite = markSprite(s, scale, { fill: style.getPropertyValue(`--map-${s}`).trim(), stroke });
      if (sprite) sprites.set(s, sprite);
    }
    // Over the map: the canvas is placed in the box both sit in (the map's positioned figure).
    const frame = (canvas.offsetParent ?? canvas.parentElement) as HTMLElement | null;
    const origin = frame?.getBoundingClientRect() ?? { left: 0, top: 0 };
    Object.assign(canvas.style, {
      left: `${box.left - origin.left - (frame?.clientLeft ?? 0)}px`,
      top: `${box.top - origin.top - (frame?.clientTop ?? 0)}px`,
      width: `${box.width}px`,
      height: `${box.height}px`,
    });
    canvas.width = Math.max(1, Math.round(box.width * ratio));
    canvas.height = Math.max(1, Math.round(box.height * ratio));
    const picture = ctx.createImageData(canvas.width, canvas.height);
    stampMarks(picture, dots, sprites, { scale, x: (m.e - box.left) * ratio, y: (m.f - box.top) * ratio });
    ctx.putImageData(picture, 0, 0);
  };
  paint();
  // Painted again only when the map's size changed (the observer also reports it once at first).
  const resized =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(() => {
          if (sizeOf(map.getBoundingClientRect()) !== painted) paint();
        });
  resized?.observe(map);
  const themed = new MutationObserver(paint);
  themed.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return {
    update(next: typeof params) {
      ({ map, dots, statuses } = next);
      paint();
    },
    destroy() {
      resized?.disconnect();
      themed.disconnect();
    },
  };
}
