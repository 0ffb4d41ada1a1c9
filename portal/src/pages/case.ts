import { ApiError, api, loadConfig } from '../api.js';
import { type Show, field, h, showErrors } from '../dom.js';
import { session } from '../session.js';
import { inZone } from '../time.js';
import type { CaseView, EventView, Page } from '../types.js';
import { deadlineCell } from './cases.js';

const describe = (e: EventView): string => {
  const d = e.details;
  switch (e.kind) {
    case 'comment':
      return String(d.body);
    case 'case-opened':
      return `Opened at level ${d.responseLevel}.`;
    case 'status-changed':
      return `Status: ${d.from} → ${d.to}.`;
    case 'level-changed':
      return `Level ${d.from} → ${d.to}: ${d.reason}. First response now due ${d.newDueAt ?? '—'}.`;
    case 'information-supplied':
      return `Supplied: ${d.supplied}.`;
    case 'escalation-requested':
      return `Asked for management attention: ${d.reason}`;
    case 'credentials-read':
      return `Credentials revealed to ${d.reader}.`;
    case 'first-response':
      return d.met ? 'First response within the deadline.' : 'First response after the deadline.';
    case 'alert-sent':
      return `Alert sent to ${d.topic}: ${d.subject}`;
    default:
      return e.kind.replace(/-/g, ' ');
  }
};

/** One case: its details, timeline, and what the signed-in person may do with it. */
export async function casePage(caseNumber: string, show: Show): Promise<void> {
  const profile = session.profile()!;
  const staff = profile.role !== 'customer';
  const config = await loadConfig();
  const [{ body: c, etag }, events] = await Promise.all([api<CaseView>('GET', `/cases/${caseNumber}`), allEvents(caseNumber)]);
  const zone = config.institutions.find((i) => i.id === c.institution)?.zone;
  const reload = () => void casePage(caseNumber, show);

  const commentBody = h('textarea', { name: 'body', required: true });
  const visibility = h('select', { name: 'visibility' }, h('option', { value: 'public' }, 'Reply to the customer (public)'), h('option', { value: 'internal' }, 'Internal note (staff only)'));
  const commentForm = h('form', { id: 'comment-form' }) as HTMLFormElement;
  commentForm.append(
    field(staff ? 'Reply or note' : 'Add a comment', commentBody),
    staff ? field('Who sees it', visibility) : '',
    h('p', { class: 'error', role: 'alert', 'data-error-for': 'form' }),
    h('button', { type: 'submit' }, staff ? 'Post' : 'Send'),
  );
  commentForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('POST', `/cases/${caseNumber}/comments`, { body: { body: commentBody.value, visibility: staff ? visibility.value : 'public' } });
      reload();
    } catch (error) {
      if (error instanceof ApiError) showErrors(commentForm, error.problem);
      else throw error;
    }
  });

  const actionError = h('p', { class: 'error', role: 'alert', id: 'action-error' });
  const patch = async (body: Record<string, unknown>) => {
    try {
      await api('PATCH', `/cases/${caseNumber}`, { body, headers: { 'if-match': etag ?? '' } });
      reload();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      actionError.textContent = error.status === 412 ? 'Someone changed this case meanwhile: the page has been refreshed, please try again.' : [error.message, ...(error.problem.errors ?? []).map((e) => `${e.field}: ${e.message}`)].join(' ');
      if (error.status === 412) setTimeout(reload, 1500);
    }
  };

  const actions = h('div', { class: 'actions' }, actionError);
  if (staff) {
    const status = h('select', { name: 'status' }, ...['in-progress', 'awaiting-customer', 'resolved', 'closed'].map((s) => h('option', { value: s }, s)));
    const level = h('select', { name: 'responseLevel' }, ...['I', 'II', 'III', 'IV'].map((l) => h('option', { value: l, selected: l === c.responseLevel }, l)));
    const reason = h('input', { name: 'reason' });
    const secrets = h('div', { id: 'secrets' });
    actions.append(
      h('h2', {}, 'Work the case'),
      h('div', { class: 'grid' },
        h('form', { onsubmit: (e: Event) => (e.preventDefault(), void patch({ status: status.value })) }, field('Status', status), h('button', { type: 'submit' }, 'Change status')),
        h('form', { onsubmit: (e: Event) => (e.preventDefault(), void patch({ responseLevel: level.value, reason: reason.value })) }, field('Response level', level), field('Reason', reason), h('button', { type: 'submit' }, 'Change level')),
      ),
      profile.role === 'agent'
        ? h('button', {
            type: 'button',
            class: 'secondary',
            onclick: async () => {
              const { body } = await api<{ appCredentials: string | null; remoteAccess: string | null }>('GET', `/cases/${caseNumber}/credentials`);
              secrets.replaceChildren(h('p', {}, `App credentials: ${body.appCredentials ?? 'none given'}`), h('p', {}, `Remote access: ${body.remoteAccess ?? 'none given'}`), h('p', { class: 'hint' }, 'This reveal is recorded on the case.'));
            },
          }, 'Reveal credentials (recorded)')
        : '',
      secrets,
    );
  } else {
    const reason = h('input', { name: 'reason', required: true });
    const scenario = h('textarea', { name: 'scenario' });
    const credentials = h('input', { name: 'appCredentials', type: 'password', autocomplete: 'off' });
    actions.append(
      h('h2', {}, 'Your options'),
      c.status === 'resolved' ? h('button', { type: 'button', onclick: () => void patch({ status: 'in-progress' }) }, 'Reopen') : '',
      c.status !== 'closed' ? h('button', { type: 'button', class: 'secondary', onclick: () => void patch({ status: 'closed' }) }, 'Close the case') : '',
      c.missingInformation.length > 0
        ? h('form', { onsubmit: (e: Event) => (e.preventDefault(), void patch({ ...(scenario.value.trim() ? { scenario: scenario.value } : {}), ...(credentials.value ? { appCredentials: credentials.value } : {}) })) },
            h('h2', {}, 'Supply missing information'),
            field('Steps to reproduce', scenario),
            field('App credentials', credentials, 'Shown only to agents.'),
            h('button', { type: 'submit' }, 'Send'))
        : '',
      h('form', { onsubmit: async (e: Event) => { e.preventDefault(); await api('POST', `/cases/${caseNumber}/escalations`, { body: { reason: reason.value } }); reload(); } },
        field('Ask for management attention: why?', reason), h('button', { type: 'submit', class: 'secondary' }, 'Ask for escalation')),
    );
  }

  show(
    `Case ${c.caseNumber}: ${c.title}`,
    h('dl', { class: 'grid' },
      h('div', {}, h('dt', {}, 'Level'), h('dd', {}, c.responseLevel)),
      h('div', {}, h('dt', {}, 'Status'), h('dd', { id: 'case-status' }, c.status)),
      h('div', {}, h('dt', {}, 'First response'), h('dd', { id: 'case-sla' }, deadlineCell(c), c.firstResponseDueAt ? ` due ${inZone(c.firstResponseDueAt)} (${inZone(c.firstResponseDueAt, zone)})` : '')),
      h('div', {}, h('dt', {}, 'Still needed'), h('dd', {}, c.missingInformation.length ? c.missingInformation.join(', ') : 'nothing')),
    ),
    h('p', {}, c.description),
    h('h2', {}, 'Timeline'),
    h('ol', { class: 'timeline', id: 'timeline' }, ...events.map((e) => h('li', { class: e.visibility }, h('p', { class: 'hint' }, `${inZone(e.at)} · ${e.actor.name} (${e.actor.role})${e.visibility === 'internal' ? ' · internal' : ''}`), h('p', {}, describe(e))))),
    commentForm,
    actions,
  );
}

async function allEvents(caseNumber: string): Promise<EventView[]> {
  const events: EventView[] = [];
  let cursor: string | null = null;
  do {
    const { body }: { body: Page<EventView> } = await api<Page<EventView>>('GET', `/cases/${caseNumber}/timeline?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    events.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return events;
}
