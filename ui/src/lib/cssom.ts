// Svelte actions that size elements through the CSSOM (element.style), which the strict CSP
// allows, unlike `style=` attributes, which it blocks.

/** Pads an element above and below, in pixels: the room a windowed list leaves for unrendered rows. */
export function padBlock(node: HTMLElement, pad: [number, number]) {
  const apply = ([top, bottom]: [number, number]) => {
    node.style.paddingTop = `${top}px`;
    node.style.paddingBottom = `${bottom}px`;
  };
  apply(pad);
  return { update: apply };
}
