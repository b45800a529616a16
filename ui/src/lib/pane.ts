// What the app gives each outreach pane (a city's pane, Call next): the same props, so both
// reload and report changes the same way.
import type { Call } from './bindings/Call';
import type { Labels } from './bindings/Labels';
import type { Undoable } from './undo';

export type PaneProps = {
  labels: Labels;
  /** Bumped by the app after a change elsewhere (an undo): the pane reloads. */
  revision?: number;
  /** The volunteer's name, for the calls logged in the pane. */
  volunteer?: string | null;
  /** After any change to the store from the pane. */
  onChanged?: () => void;
  /** After a call is logged, for the undo offer. */
  onLogged?: (call: Call, cityName: string) => void;
  /** After another save that can be undone (a response, a status change), for the undo offer. */
  onUndoable?: (action: Undoable) => void;
};
