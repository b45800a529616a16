// A line of text that is shown whole or not at all (issue 11: the top bar's tagline was cut to
// "End U…" at 1200 px). Measured, not guessed by a breakpoint: the room left depends on the
// language, the font and the number in the text.

/** Whether a box's text is wider than the box (it would be cut). */
export function clipped(node: HTMLElement): boolean {
  return node.scrollWidth > node.clientWidth + 1;
}

/**
 * Svelte action: marks `node` with the class `clipped` (which the style sheet hides, keeping its
 * room) whenever its text does not fit its box, and checks again when the box is resized or the
 * text (`text`, the action's parameter) changes. The node must take the room its container
 * leaves it (`flex: 1 1 auto; min-width: 0; overflow: hidden; white-space: nowrap`), so that its
 * box is the room and its scroll width is the text's.
 */
export function hideWhenClipped(node: HTMLElement, text?: string) {
  const check = () => node.classList.toggle('clipped', clipped(node));
  check();
  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(check);
  observer?.observe(node);
  return {
    update(_next?: string) {
      void _next;
      check();
    },
    destroy() {
      observer?.disconnect();
    },
  };
}
