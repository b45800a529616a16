// A part of the window that is not on the first screen (a section, the `?` overlay): its code
// is a chunk of its own (a dynamic `import()`, which Vite builds into a local file the CSP's
// 'self' allows; nothing comes from the network), parsed on the first visit instead of before
// the first paint (issue 13). The loaded value is reactive, so the view shows once it is there.
export class Lazy<T> {
  /** The loaded value (a component), null until its chunk is loaded. */
  current = $state.raw<T | null>(null);
  /** Why the chunk could not be loaded, null while none failed. */
  error = $state<string | null>(null);
  #pending: Promise<T> | null = null;
  readonly #load: () => Promise<{ default: T }>;

  constructor(load: () => Promise<{ default: T }>) {
    this.#load = load;
  }

  /** Loads the chunk once (later calls share the first load); a failed load is tried again on the next call. */
  load(): Promise<T> {
    this.#pending ??= this.#load().then(
      (m) => {
        this.current = m.default;
        this.error = null;
        return m.default;
      },
      (e) => {
        this.#pending = null;
        this.error = e instanceof Error ? e.message : String(e);
        throw e;
      },
    );
    return this.#pending;
  }
}
