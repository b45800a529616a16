import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { fakeBackend } from '../test/backend';
import App from '../App.svelte';
import { cities, labels } from '../test/fixtures';
import type { Boot } from '../lib/bindings/Boot';
import { MAP_HEIGHT, MAP_INTERACTIVE_MAX, MAP_WIDTH } from '../lib/usMap';

const coords: Record<string, [number, number] | null> = {
  'anchorage-ak': [61.2181, -149.9003],
  'philadelphia-pa': [39.9526, -75.1652],
  'portland-me': [43.6591, -70.2568],
  'portland-or': [45.5152, -122.6784],
  'st-louis-mo': null,
  'tallahassee-fl': [30.4383, -84.2807],
};
const placed = cities.map((c) => ({ ...c, latitude: coords[c.slug]?.[0] ?? null, longitude: coords[c.slug]?.[1] ?? null }));
const boot: Boot = { status: 'ready', cities: placed, labels, data_dir: '/tmp/data' };

beforeEach(() => {
  window.requestAnimationFrame = (cb) => setTimeout(() => cb(0), 0) as unknown as number;
  fakeBackend(placed);
});
afterEach(() => clearMocks());

describe('the dashboard', () => {
  it('is what the app opens on, first among the sections, with the cities counted by tie status', () => {
    render(App, { boot });
    expect(screen.getByRole('heading', { level: 2, name: 'Dashboard' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Sections' });
    expect(within(nav).getAllByRole('button').map((b) => b.textContent)).toEqual(['Dashboard', 'Cities', 'Follow-ups', 'Settings', 'Import & export', 'Petition', 'Team']);
    expect(within(nav).getByRole('button', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
    const counts = screen.getByRole('list', { name: 'Cities by link status' });
    const items = within(counts).getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(items).toEqual(['2 Active', '1 Suspended', '1 Severed', '2 Unknown']);
  });

  it('draws each city with coordinates as a labelled button on the map, coloured by status', () => {
    render(App, { boot });
    const map = screen.getByRole('group', { name: /Map of the target cities/ });
    const dots = within(map).getAllByRole('button');
    expect(dots).toHaveLength(5);
    const portland = within(map).getByRole('button', { name: 'Portland, OR: Active sister-city link with Khabarovsk' });
    expect(portland).toHaveClass('dot-active');
    expect(within(map).getByRole('button', { name: /Tallahassee, FL: Severed/ })).toHaveClass('dot-severed');
    expect(map.querySelector('path.map-borders')?.getAttribute('d')?.length).toBeGreaterThan(1000);
  });

  it('lists the cities it cannot place below the map', async () => {
    render(App, { boot });
    const below = screen.getByRole('region', { name: 'Not on the map' });
    expect(within(below).getByRole('button', { name: 'St. Louis, MO' })).toBeInTheDocument();
    await userEvent.setup().click(within(below).getByRole('button', { name: 'St. Louis, MO' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'St. Louis, MO' })).toBeInTheDocument();
  });

  it('opens a city from the map with a click: the Cities section, with that city selected', async () => {
    const user = userEvent.setup();
    render(App, { boot });
    await user.click(screen.getByRole('button', { name: /Portland, OR: Active/ }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Portland, OR' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cities' })).toHaveAttribute('aria-current', 'page');
    const list = screen.getByRole('listbox', { name: 'Cities' });
    expect(within(list).getByRole('option', { selected: true })).toHaveAttribute('data-slug', 'portland-or');
    expect(list).toHaveAttribute('aria-activedescendant', 'city-portland-or');
  });

  it('opens a city from the map with the keyboard: Tab to it, Enter', async () => {
    const user = userEvent.setup();
    render(App, { boot });
    screen.getByRole('button', { name: /Tallahassee, FL/ }).focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { level: 2, name: 'Tallahassee, FL' })).toBeInTheDocument();
    // The keyboard lands in the list, so L logs a call straight away.
    expect(screen.getByRole('listbox', { name: 'Cities' })).toHaveFocus();
    await user.keyboard('l');
    expect(screen.getByRole('form', { name: /Log a call or e-mail to Tallahassee/ })).toBeInTheDocument();
  });

  it('paints thousands of cities on a canvas over the map, without a Tab stop for each (issue 13)', () => {
    // jsdom draws nothing: each status's mark is one opaque pixel, the map at 1 px per map
    // unit, and the picture put on the canvas is kept.
    let put: ImageData | null = null;
    const ctx = {
      translate() {},
      scale() {},
      fill() {},
      stroke() {},
      getImageData: (_x: number, _y: number, w: number, h: number) => {
        const data = new Uint8ClampedArray(w * h * 4);
        data.set([200, 80, 0, 255], 4 * Math.floor((w * h) / 2));
        return { data, width: w, height: h };
      },
      createImageData: (w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4), width: w, height: h }),
      putImageData: (p: ImageData) => (put = p),
    };
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
    vi.stubGlobal('Path2D', class {});
    Object.defineProperty(SVGSVGElement.prototype, 'getScreenCTM', { configurable: true, value: () => ({ a: 1, e: 0, f: 0 }) });
    vi.spyOn(SVGSVGElement.prototype, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: MAP_WIDTH, height: MAP_HEIGHT } as DOMRect);
    try {
      const count = MAP_INTERACTIVE_MAX + 1;
      const big = Array.from({ length: count }, (_, i) => ({ ...placed[i % 5], slug: `c-${i}`, city: `City ${i}`, latitude: 30 + (i % 17), longitude: -120 + (i % 41) }));
      fakeBackend(big);
      render(App, { boot: { ...boot, cities: big } });
      const map = screen.getByRole('img', { name: /Map of the target cities/ });
      expect(within(map).queryAllByRole('button')).toHaveLength(0);
      expect(map.querySelectorAll('path.mark')).toHaveLength(0);
      const canvas = map.parentElement!.querySelector('canvas.map-marks') as HTMLCanvasElement;
      expect(canvas.getAttribute('aria-hidden')).toBe('true');
      expect([canvas.width, canvas.height]).toEqual([MAP_WIDTH, MAP_HEIGHT]);
      // One mark for each city (their points are apart), in the status's colour.
      const picture = put as ImageData | null;
      expect(picture).not.toBeNull();
      let marks = 0;
      for (let o = 0; o < picture!.data.length; o += 4) if (picture!.data[o + 3]) marks += 1;
      expect(marks).toBe(count);
      expect(screen.getByText(/501 cities on the map: click near one to open it, or find it in the list/)).toBeInTheDocument();
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllGlobals();
      delete (SVGSVGElement.prototype as { getScreenCTM?: unknown }).getScreenCTM;
    }
  });

  it('sends a new volunteer to the city filter with one button', async () => {
    const user = userEvent.setup();
    render(App, { boot });
    await user.click(screen.getByRole('button', { name: /Find a city to call/ }));
    await vi.waitFor(() => expect(screen.getByLabelText('Filter cities')).toHaveFocus());
  });

  it('switches sections with Alt+1 and Alt+2', async () => {
    const user = userEvent.setup();
    render(App, { boot });
    await user.keyboard('{Alt>}2{/Alt}');
    expect(screen.getByRole('listbox', { name: 'Cities' })).toBeInTheDocument();
    await user.keyboard('{Alt>}1{/Alt}');
    expect(screen.getByRole('heading', { level: 2, name: 'Dashboard' })).toBeInTheDocument();
  });
});
