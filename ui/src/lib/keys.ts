// Keyboard handling the forms share.

/**
 * A form's keydown handler: Escape closes it (`close`), and goes no further, so the window's
 * own keys do not act on it too.
 */
export function escapeCloses(close: () => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };
}
