// The last thing a volunteer saved that can be undone: a call, a response, a change of a
// tie's status. The app keeps one at a time and offers it in the undo toast (Undo, Ctrl+Z),
// with the confirmation the live region announces once.
import { api } from './api';
import type { Call } from './bindings/Call';
import type { Contact } from './bindings/Contact';
import type { ContactFields } from './bindings/ContactFields';
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

/** A contact's editable fields, as an edit wrote them. */
export function contactFields(c: Contact): ContactFields {
  const { name, role, phone, email, website, address, notes, last_verified, term_end } = c;
  return { name, role, phone, email, website, address, notes, last_verified, term_end };
}

/** A contact added by hand: its undo removes it again. */
export function contactAddedUndoable(contact: Contact, city: string): Undoable {
  return {
    key: `contact-added:${contact.id}`,
    message: t('undo.contactAdded', { city, name: contact.name }),
    undo: () => api.removeContact(contact.id),
  };
}

/** A contact edited by hand: its undo puts back the fields it had before (a new version). */
export function contactEditedUndoable(contact: Contact, city: string): Undoable {
  const edited = contactFields(contact);
  return {
    key: `contact-edited:${contact.id}:${JSON.stringify(edited)}`,
    message: t('undo.contactEdited', { city, name: contact.name }),
    undo: () => api.undoContactEdit(contact.id, edited),
  };
}
