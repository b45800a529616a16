// The last thing a volunteer saved that can be undone: a call, a response, a change of a
// tie's status. The app keeps one at a time and offers it in the undo toast (Undo, Ctrl+Z),
// with the confirmation the live region announces once.
import { api } from './api';
import type { Call } from './bindings/Call';
import type { CityResponse } from './bindings/CityResponse';
import type { Recorded } from './bindings/Recorded';
import type { RelationshipStatus } from './bindings/RelationshipStatus';
import { t, vocabLabel } from './i18n.svelte';

export type Undoable = {
  /** Which save it is (a new save replaces the toast, and its timer starts again). */
  key: string;
  /** The confirmation: what was saved, for which city. */
  message: string;
  /** Takes the save back in the store. */
  undo: () => Promise<unknown>;
};

/** A logged call. */
export function callUndoable(call: Call, city: string): Undoable {
  return {
    key: `call:${call.id}`,
    message: t('app.callLogged', { city, outcome: vocabLabel('outcome', call.outcome) }),
    undo: () => api.undoCall(call.id),
  };
}

/** What a save of the response form said: the response and/or the tie's new status. */
export type ResponseSaid = { response: CityResponse | null; relationship: RelationshipStatus | null };

/** A saved response and/or status change, undone together as one save. */
export function responseUndoable(recorded: Recorded, city: string, said: ResponseSaid): Undoable {
  const response = said.response ? vocabLabel('response', said.response) : null;
  const status = said.relationship ? vocabLabel('relationship_status', said.relationship) : null;
  const message =
    response && status
      ? t('undo.responseAndStatusSaved', { city, response, status })
      : response
        ? t('undo.responseSaved', { city, response })
        : t('undo.statusSaved', { city, status: status ?? '' });
  return {
    key: `response:${recorded.response_id ?? ''}:${recorded.status_change_ids.join(',')}`,
    message,
    undo: () => api.undoRecorded(recorded),
  };
}
