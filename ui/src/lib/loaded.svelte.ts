// A value the window loads from the core and reloads when something changed: the last value
// loaded and the last load's error, both reactive.
import { asError } from './api';

export class Loaded<T> {
  /** The last value loaded, null until the first load answers. */
  value = $state<T | null>(null);
  /** The message of the last load's error, null once a load succeeds. */
  error = $state<string | null>(null);

  /** Starts a load; its answer replaces the value (and clears the error) or sets the error. */
  load(pending: Promise<T>): void {
    pending.then(
      (v) => {
        this.value = v;
        this.error = null;
      },
      (e) => (this.error = asError(e).message),
    );
  }
}
