// Types of scripts/map-outlines.mjs for the test that regenerates the outlines.
export const OUTPUT: string;
export const MAP_WIDTH: number;
export const MAP_HEIGHT: number;
export const SCALE: number;
export function generate(): string;
