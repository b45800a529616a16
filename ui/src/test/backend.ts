// An in-memory stand-in for the app's commands, for UI tests through mockIPC. It keeps just
// enough state (calls, contacts, responses, follow-ups, settings) for the views to be driven as
// a volunteer would, and records every command with its arguments.
import { mockIPC } from '@tauri-apps/api/mocks';
import type { Call } from '../lib/bindings/Call';
import type { CallInput } from '../lib/bindings/CallInput';
import type { CampaignSettings } from '../lib/bindings/CampaignSettings';
import type { CityDetail } from '../lib/bindings/CityDetail';
import type { CitySummary } from '../lib/bindings/CitySummary';
import type { Contact } from '../lib/bindings/Contact';
import type { ContactFields } from '../lib/bindings/ContactFields';
import type { InputField } from '../lib/bindings/InputField';
import type { Problem } from '../lib/bindings/Problem';
import type { Dashboard } from '../lib/bindings/Dashboard';
import type { FollowUp } from '../lib/bindings/FollowUp';
import type { ResponseEntry } from '../lib/bindings/ResponseEntry';
import type { ResponseInput } from '../lib/bindings/ResponseInput';
import type { Recorded } from '../lib/bindings/Recorded';
import type { CityResponse } from '../lib/bindings/CityResponse';
import type { RelationshipStatus } from '../lib/bindings/RelationshipStatus';
import type { ScriptPart } from '../lib/bindings/ScriptPart';
import type { CallQueue } from '../lib/bindings/CallQueue';
import type { QueueEntry } from '../lib/bindings/QueueEntry';
import type { StatusScripts } from '../lib/bindings/StatusScripts';
import { cities as baseCities, detail } from './fixtures';

export type Backend = ReturnType<typeof fakeBackend>;

export function fakeBackend(initial: CitySummary[] = baseCities, today = new Date().toISOString().slice(0, 10)) {
  const cities = initial.map((c) => ({ ...c }));
  const calls: (Call & { undone: boolean })[] = [];
  const contacts: (Contact & { slug: string; removed: boolean })[] = [];
  const responses: (ResponseEntry & { slug: string })[] = [];
  const followUps: (FollowUp & { closed: boolean })[] = [];
  /** Each contact's versions before an edit. */
  const revisions: { id: string; fields: ContactFields }[] = [];
  /** Each save of the response form, with the city as it was before (for its undo). */
  const saves: { recorded: Recorded; slug: string; response: CityResponse; status: RelationshipStatus; undone: boolean }[] = [];
  const settings: CampaignSettings = { volunteer_name: 'Olena', call_script: 'Hello {mayor_name}, I am {volunteer_name} from {city}, {state}.', goal: 25000 };
  const hello = 'Hello {mayor_name}, I am {volunteer_name} from {city}, {state}.';
  const statusScripts: StatusScripts = { suspended: `${hello} Please make it final.`, severed: `${hello} Thank you for ending the tie.`, unknown: `${hello} What is the status of the tie?` };
  const skips: { slug: string; reason: string }[] = [];
  let promptDismissed = false;
  const log: { cmd: string; args: Record<string, unknown> }[] = [];
  let n = 0;
  const id = (p: string) => `${p}-${++n}`;
  // Bad input as the core reports it: the input's key, what is wrong, and the message that
  // starts with the field as a person names it.
  const labels: Partial<Record<InputField, string>> = { last_verified: 'last verified', follow_up: 'follow-up', call_script: 'call script' };
  const invalid = (field: InputField, problem: string, code: Problem = 'invalid') => ({
    kind: 'invalid_input',
    message: `${labels[field] ?? field}: ${problem}`,
    field,
    code,
    problem,
  });

  function summary(slug: string): CitySummary {
    const c = cities.find((x) => x.slug === slug);
    if (!c) throw { kind: 'unknown_city', message: `no target city has the slug "${slug}"` };
    const live = calls.filter((k) => k.city_slug === slug && !k.undone);
    const open = followUps.filter((f) => f.city_slug === slug && !f.closed).map((f) => f.due_date).sort();
    return { ...c, last_call_at: live.map((k) => k.called_at).sort().pop() ?? null, next_follow_up: open[0] ?? null };
  }

  function cityDetail(slug: string): CityDetail {
    const s = summary(slug);
    const base = detail(slug);
    return {
      ...base,
      ...s,
      relationships: base.relationships.map((r) => ({ ...r, status: s.relationship_status })),
      contacts: contacts.filter((c) => c.slug === slug && !c.removed).map(({ slug: _s, removed: _r, ...c }) => c),
      calls: calls.filter((k) => k.city_slug === slug && !k.undone).reverse().map(({ undone: _u, ...k }) => k),
      responses: responses.filter((r) => r.slug === slug).reverse().map(({ slug: _s, ...r }) => r),
      follow_ups: followUps.filter((f) => f.city_slug === slug && !f.closed).map(({ closed: _c, ...f }) => f),
    };
  }

  function checkContact(input: ContactFields) {
    if (!input.name.trim()) throw invalid('name', 'a contact needs a name');
    if (input.phone && !/\d{3}/.test(input.phone)) throw invalid('phone', `"${input.phone}" cannot be dialled: no digits`);
    if (input.email && !/@.+\./.test(input.email)) throw invalid('email', `"${input.email}" is not an e-mail address: no domain`);
    if (input.last_verified && !/^\d{4}-\d{2}-\d{2}$/.test(input.last_verified)) throw invalid('last_verified', `"${input.last_verified}" is not a date of the form YYYY-MM-DD`);
  }

  const drafts = new Map<string, { kind: string; target: string; fields: Record<string, string>; updated_at: string }>();
  const handlers: Record<string, (a: Record<string, unknown>) => unknown> = {
    get_draft: (a) => drafts.get(`${a.kind}/${a.target}`) ?? null,
    city_drafts: (a) => ['call', 'response', 'contact'].flatMap((k) => drafts.get(`${k}/${a.target}`) ?? []),
    save_draft: (a) => {
      const fields = a.fields as Record<string, string>;
      const key = `${a.kind}/${a.target}`;
      if (Object.values(fields).every((v) => !v.trim())) {
        drafts.delete(key);
        return null;
      }
      const d = { kind: a.kind as string, target: a.target as string, fields: { ...fields }, updated_at: new Date().toISOString() };
      drafts.set(key, d);
      return d;
    },
    discard_draft: (a) => {
      drafts.delete(`${a.kind}/${a.target}`);
      return null;
    },
    list_cities: () => cities.map((c) => summary(c.slug)),
    get_city: (a) => cityDetail(a.slug as string),
    ui_ready: () => null,
    'plugin:opener|open_url': () => null,
    add_contact: (a) => {
      const input = a.input as ContactFields;
      summary(a.slug as string);
      checkContact(input);
      const c = { ...input, id: id('contact'), source: null, stale: false, edited_by_hand: true, confidence: null, external_id: null, credit: null, seed_offer: null, slug: a.slug as string, removed: false };
      contacts.push(c);
      return c;
    },
    edit_contact: (a) => {
      const c = contacts.find((x) => x.id === a.id);
      if (!c) throw { kind: 'unknown_contact', message: `no contact has the id "${a.id}"` };
      checkContact(a.input as ContactFields);
      const { name, role, phone, email, website, address, notes, last_verified, term_end } = c;
      revisions.push({ id: c.id, fields: { name, role, phone, email, website, address, notes, last_verified, term_end } });
      Object.assign(c, a.input);
      return { ...c };
    },
    undo_contact_edit: (a) => {
      const c = contacts.find((x) => x.id === a.id && !x.removed);
      if (!c) throw { kind: 'unknown_contact', message: `no contact has the id "${a.id}"` };
      const edited = a.edited as ContactFields;
      const now = Object.fromEntries(Object.keys(edited).map((k) => [k, c[k as keyof ContactFields]]));
      if (JSON.stringify(now) !== JSON.stringify(edited)) throw invalid('contact', `contact "${a.id}" changed since this edit`, 'already_done');
      const before = revisions.filter((r) => r.id === c.id).pop()!;
      Object.assign(c, before.fields);
      return { ...c };
    },
    take_seed_offer: (a) => {
      const c = contacts.find((x) => x.id === a.id);
      if (!c?.seed_offer) throw invalid('seed_offer', `contact ${a.id} has no newer version from the seed data to take`);
      const { source, last_verified, confidence, ...values } = c.seed_offer;
      Object.assign(c, values, { source, last_verified, confidence, seed_offer: null });
      return c;
    },
    dismiss_seed_offer: (a) => {
      const c = contacts.find((x) => x.id === a.id);
      if (!c?.seed_offer) throw invalid('seed_offer', `contact ${a.id} has no newer version from the seed data to dismiss`);
      c.seed_offer = null;
      return c;
    },
    remove_contact: (a) => {
      const c = contacts.find((x) => x.id === a.id);
      if (!c) throw { kind: 'unknown_contact', message: `no contact has the id "${a.id}"` };
      c.removed = true;
      return null;
    },
    log_call: (a) => {
      const input = a.input as CallInput;
      summary(input.slug);
      if (input.follow_up && !/^\d{4}-\d{2}-\d{2}$/.test(input.follow_up)) throw invalid('follow_up', `"${input.follow_up}" is not a date of the form YYYY-MM-DD`);
      const callId = id('call');
      for (const f of followUps) if (f.city_slug === input.slug && !f.closed) f.closed = true;
      const contact = contacts.find((c) => c.id === input.contact_id);
      const call = {
        id: callId,
        city_slug: input.slug,
        contact_id: input.contact_id,
        contact_name: contact?.name ?? null,
        channel: input.channel,
        outcome: input.outcome,
        notes: input.notes.trim(),
        volunteer: input.volunteer ?? settings.volunteer_name ?? '',
        called_at: new Date(Date.now() + n).toISOString(),
        follow_up: input.follow_up,
        undone: false,
      };
      calls.push(call);
      if (input.follow_up) {
        const c = summary(input.slug);
        followUps.push({ id: id('fu'), city_slug: input.slug, city: c.city, state: c.state, due_date: input.follow_up, note: call.notes, call_id: callId, overdue: input.follow_up < today, closed: false });
      }
      const { undone: _u, ...out } = call;
      return out;
    },
    undo_call: (a) => {
      const k = calls.find((x) => x.id === a.id);
      if (!k) throw { kind: 'unknown_call', message: `no call has the id "${a.id}"` };
      k.undone = true;
      for (const f of followUps) if (f.call_id === k.id) f.closed = true;
      return null;
    },
    record_response: (a) => {
      const input = a.input as ResponseInput;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) throw invalid('date', `"${input.date}" is not a date of the form YYYY-MM-DD`);
      if (input.source_url && !/^https?:\/\//.test(input.source_url)) throw invalid('source', `"${input.source_url}" is not a web address starting with https:// or http://`);
      if (!input.response && !input.relationship) throw invalid('response', 'give a response, a relationship status, or both');
      const c = cities.find((x) => x.slug === input.slug)!;
      const recorded: Recorded = { response_id: null, status_change_ids: [] };
      saves.push({ recorded, slug: input.slug, response: c.response, status: c.relationship_status, undone: false });
      if (input.response) {
        c.response = input.response;
        recorded.response_id = id('resp');
        responses.push({ id: recorded.response_id, slug: input.slug, response: input.response, date: input.date, source_url: input.source_url, notes: input.notes, volunteer: settings.volunteer_name, recorded_at: new Date().toISOString() });
      }
      if (input.relationship) {
        c.relationship_status = input.relationship;
        recorded.status_change_ids.push(id('status'));
      }
      return { ...cityDetail(input.slug), recorded };
    },
    undo_recorded: (a) => {
      const r = a.recorded as Recorded;
      const save = saves.find((s) => s.recorded.response_id === r.response_id && s.recorded.status_change_ids.join() === r.status_change_ids.join());
      if (!save) throw { kind: 'unknown_response', message: `no response has the id "${r.response_id}"` };
      if (save.undone) throw invalid('response', `response "${r.response_id}" was already undone`, 'already_done');
      save.undone = true;
      const c = cities.find((x) => x.slug === save.slug)!;
      c.response = save.response;
      c.relationship_status = save.status;
      const at = responses.findIndex((x) => x.id === r.response_id);
      if (at >= 0) responses.splice(at, 1);
      return cityDetail(save.slug);
    },
    follow_ups: () => followUps.filter((f) => !f.closed && f.due_date <= today).map(({ closed: _c, ...f }) => f),
    dashboard: (): Dashboard => {
      const live = calls.filter((k) => !k.undone);
      const by_status = { active: 0, suspended: 0, severed: 0, unknown: 0 };
      const by_response = { none: 0, acknowledged: 0, considering: 0, committed: 0, declined: 0 };
      for (const c of cities) {
        by_status[c.relationship_status] += 1;
        by_response[c.response] += 1;
      }
      return {
        by_status,
        by_response,
        calls_last_7_days: live.length,
        my_calls_last_7_days: live.filter((k) => k.volunteer === settings.volunteer_name).length,
        follow_ups_due: followUps.filter((f) => !f.closed && f.due_date <= today).length,
        volunteer: settings.volunteer_name,
      };
    },
    fill_script: (a) => {
      const s = summary(a.slug as string);
      const mayor = contacts.find((c) => c.slug === s.slug && !c.removed && (a.contactId ? c.id === a.contactId : /mayor/i.test(c.role)));
      const values: Record<string, string | null> = { mayor_name: mayor?.name ?? null, volunteer_name: settings.volunteer_name, city: s.city, state: s.state, sister_city: s.sister_city };
      const parts: ScriptPart[] = [];
      const template = s.relationship_status === 'active' ? settings.call_script : statusScripts[s.relationship_status];
      for (const piece of template.split(/(\{[a-z_]+\})/)) {
        if (!piece) continue;
        const m = /^\{([a-z_]+)\}$/.exec(piece);
        parts.push(m ? { kind: 'field', field: m[1], value: values[m[1]] ?? null } : { kind: 'text', text: piece });
      }
      return { parts, status: s.relationship_status };
    },
    // The queue in the core's order (outreach_core::queue), simplified: follow-ups due, active
    // never called, unknown, suspended, active called before; called in the last 3 days,
    // committed/declined, severed and skipped cities left out; no phone last.
    call_queue: (a): CallQueue => {
      const recent = Date.now() - 3 * 86_400_000;
      const rank: Record<string, number> = { active: 1, unknown: 2, suspended: 3 };
      const entries: (QueueEntry & { rank: number })[] = [];
      for (const c of cities) {
        const s = summary(c.slug);
        if (skips.some((k) => k.slug === c.slug) || s.response === 'committed' || s.response === 'declined') continue;
        const due = followUps.filter((f) => f.city_slug === c.slug && !f.closed && f.due_date <= today).map((f) => f.due_date).sort()[0] ?? null;
        if (!due && s.last_call_at && Date.parse(s.last_call_at) >= recent) continue;
        if (!due && s.relationship_status === 'severed') continue;
        const reason: QueueEntry['reason'] = due
          ? due < today
            ? 'follow_up_overdue'
            : 'follow_up_due'
          : s.relationship_status === 'active'
            ? s.last_call_at
              ? 'called_longest_ago'
              : 'never_called'
            : s.relationship_status === 'unknown'
              ? 'status_unknown'
              : 'make_final';
        const contact = contacts.find((k) => k.slug === c.slug && !k.removed && k.phone);
        const r = due ? 0 : reason === 'called_longest_ago' ? 4 : rank[s.relationship_status];
        entries.push({
          rank: (contact ? 0 : 10) + r,
          slug: c.slug,
          city: c.city,
          state: c.state,
          sister_city: c.sister_city,
          status: s.relationship_status,
          reason,
          task: contact ? 'call' : 'find_number',
          contact_id: contact?.id ?? null,
          contact_name: contact?.name ?? null,
          contact_role: contact?.role ?? null,
          phone: contact?.phone ?? null,
          due_date: due,
          last_call_at: s.last_call_at,
        });
      }
      entries.sort((x, y) => x.rank - y.rank);
      const limit = a.limit === null || a.limit === undefined ? entries.length : Number(a.limit);
      return {
        entries: entries.slice(0, limit).map(({ rank: _r, ...e }) => e),
        to_call: entries.filter((e) => e.task === 'call').length,
        find_number: entries.filter((e) => e.task === 'find_number').length,
        recent_days: 3,
      };
    },
    skip_city: (a) => {
      summary(a.slug as string);
      if (!String(a.reason).trim()) throw invalid('reason', 'say why you skip the city (e.g. "office closed today")');
      skips.push({ slug: a.slug as string, reason: String(a.reason) });
      return '2099-01-01';
    },
    volunteer_status: () => ({
      volunteer_name: settings.volunteer_name,
      ask_name: !settings.volunteer_name && !promptDismissed,
      unnamed_calls: calls.filter((k) => k.volunteer === '').length,
    }),
    set_volunteer_name: (a) => {
      const name = String(a.name).trim();
      if (!name) throw invalid('volunteer_name', 'the name is empty');
      settings.volunteer_name = name;
      let attributed = 0;
      if (a.attributeUnnamed)
        for (const k of calls)
          if (k.volunteer === '') {
            k.volunteer = name;
            attributed += 1;
          }
      return { volunteer_name: name, attributed };
    },
    dismiss_name_prompt: () => {
      promptDismissed = true;
      return null;
    },
    get_status_scripts: () => ({ ...statusScripts }),
    set_status_scripts: (a) => {
      const next = a.scripts as StatusScripts;
      for (const [k, v] of Object.entries(next)) if (!v.trim()) throw invalid(`${k}_script` as InputField, 'the script is empty');
      Object.assign(statusScripts, next);
      return { ...statusScripts };
    },
    get_campaign_settings: () => ({ ...settings }),
    set_campaign_settings: (a) => {
      const s = a.settings as CampaignSettings;
      const bad = /\{([a-z_]+)\}/.exec(s.call_script.replace(/\{(mayor_name|volunteer_name|city|state|sister_city|signature_total|signature_goal)\}/g, ''));
      if (bad) throw invalid('call_script', `{${bad[1]}} is not a merge field`);
      Object.assign(settings, s);
      return { ...settings };
    },
  };

  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    log.push({ cmd, args: a });
    const h = handlers[cmd];
    if (!h) throw new Error(`unexpected command ${cmd}`);
    return h(a);
  });

  return {
    log,
    drafts,
    skips,
    statusScripts,
    calls,
    contacts,
    followUps,
    settings,
    cities,
    /** The commands sent with this name. */
    sent: (cmd: string) => log.filter((l) => l.cmd === cmd),
  };
}
