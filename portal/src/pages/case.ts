import { allowedTransitions } from '../../../shared/domain/case-lifecycle.js';
import { ApiError, api, loadConfig } from '../api.js';
import { type Show, field, h, showErrors } from '../dom.js';
import { ENVIRONMENTS, IMPACTS, MISSING, REQUEST_TYPES, labelOf, statusLabel } from '../labels.js';
import { session } from '../session.js';
import { humanDuration, inBothZones, inZone } from '../time.js';
import type { CaseView, EventView, Page } from '../types.js';
import { attachmentsSection } from './attachments.js';
import { deadlineCell } from './cases.js';

const describe = (e: EventView): string => {
  const d = e.details;
  switch (e.kind) {
    case 'comment':
      return String(d.body);
    case 'case-opened':
      return d.coverage === 'support' || d.firstResponseDueAt
        ? `Opened at level ${d.responseLevel}.`
        : `Opened; not covered by support, so passed to ${d.coverage === 'account-manager' ? 'the account manager' : 'the Ideas Exchange'}.`;
    case 'status-changed':
      return `Status: ${statusLabel(d.from as CaseView['status'])} → ${statusLabel(d.to as CaseView['status'])}${d.automatic ? ' (automatically)' : ''}.`;
    case 'level-changed':
      return `Level ${d.from} → ${d.to}: ${d.reason}. ${d.newDueAt ? `First response now due ${inZone(String(d.newDueAt))}.` : ''}`;
    case 'request-type-changed':
      return `Request type ${labelOf(REQUEST_TYPES, d.from as CaseView['requestType'])} → ${labelOf(REQUEST_TYPES, d.to as CaseView['requestType'])}: ${d.reason}. ${
        d.covered ? `Level ${d.toLevel}${d.newDueAt ? `, first response due ${inZone(String(d.newDueAt))}` : ''}.` : 'Not covered by support: redirected.'
      }`;
    case 'assignee-changed':
      return d.to ? `Assigned to ${d.to}.` : 'Unassigned.';
    case 'information-supplied':
      return `Supplied: ${String(d.supplied).split(',').map((m) => MISSING[m] ?? m).join(', ')}.`;
    case 'escalation-requested':
      return `Asked for management attention: ${d.reason}`;
    case 'credentials-read':
      return `Credentials revealed to ${d.reader}.`;
    case 'first-response':
      return `First response ${d.met === false ? 'after' : 'within'} the deadline, after ${humanDuration(Number(d.elapsedSeconds))}.`;
    case 'alert-sent':
      return `Alert sent to ${d.topic}: ${d.subject}`;
    case 'attachment-added':
      return `Attached ${d.fileName}.`;
    case 'mail-sent':
      return d.sent === false ? `Mail not sent (${d.notSentTo}: complained): ${d.subject}` : `Mail sent to ${d.to}: ${d.subject}`;
    case 'mail-received':
      return `Mail from ${d.from} not added to the case: ${d.reason}.`;
    case 'mail-bounced':
      return d.type === 'complaint' ? `${d.addresses} complained about our mail: no more mail is sent there.` : `The customer's address bounced (${d.bounceType}): ${d.addresses}.`;
    case 'page-sent':
      return d.to ? `Paged ${d.to} (${d.notify}, step ${d.step}${d.kind === 'repeat' ? ', a repeat' : d.kind === 'escalation' ? ', escalated' : ''}).` : `Nobody on call to page (${d.notify}, step ${d.step}): escalated at once.`;
    case 'page-acknowledged':
      return `Page acknowledged ${d.via === 'link' ? 'through its link' : 'in the portal'}, after ${humanDuration(Number(d.secondsToAcknowledge))}.`;
    case 'page-failed':
      return `A page ${d.channel === 'sms' ? 'SMS' : 'mail'} to ${d.to} could not be delivered (${d.error}).`;
    default:
      return e.kind.replace(/-/g, ' ') + '.';
  }
};

/** A question asked in the page before an action that cannot be undone by the one who takes it. */
function confirmInline(slot: HTMLElement, message: string, yes: string, action: () => void): void {
  const keep = h('button', { type: 'button', class: 'secondary', onclick: () => slot.replaceChildren() }, 'Cancel');
  slot.replaceChildren(
    h('div', { class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'confirm-text' }, h('p', { id: 'confirm-text' }, message), h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'danger', onclick: action }, yes), keep)),
  );
  keep.focus();
}

const fact = (term: string, ...detail: (Node | string | null)[]) => h('div', {}, h('dt', {}, term), h('dd', {}, ...detail));

/** One case: everything needed to work it at a glance, the timeline, and what the signed-in person may do with it. */
export async function casePage(caseNumber: string, show: Show): Promise<void> {
  const profile = session.profile()!;
  const staff = profile.role !== 'customer';
  const config = await loadConfig();
  const reload = () => void casePage(caseNumber, show);
  const [{ body: c, etag }, events, files, paging] = await Promise.all([
    api<CaseView>('GET', `/cases/${caseNumber}`),
    allEvents(caseNumber),
    attachmentsSection(caseNumber, staff, reload),
    staff ? pagingNotice(caseNumber, reload) : null,
  ]);
  const institution = config.institutions.find((i) => i.id === c.institution);

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
  const confirmSlot = h('div', { id: 'confirm' });
  const closeCase = () =>
    confirmInline(
      confirmSlot,
      staff ? `Close case ${c.caseNumber}? The customer will see it as closed.` : `Close case ${c.caseNumber}? Support stops working on it, and a closed case cannot be reopened from here.`,
      'Yes, close the case',
      () => void patch({ status: 'closed' }),
    );

  // The level's last change and its reason, as recorded on the timeline.
  const lastChange = [...events].reverse().find((e) => e.kind === 'level-changed' || (e.kind === 'request-type-changed' && e.details.fromLevel !== e.details.toLevel));
  const changedFrom = lastChange?.kind === 'level-changed' ? lastChange.details.from : lastChange?.details.fromLevel;
  const facts = h(
    'dl',
    { class: 'facts', id: 'case-facts' },
    fact('Status', h('span', { id: 'case-status' }, statusLabel(c.status))),
    fact('Level', h('span', { id: 'case-level' }, c.status === 'redirected' ? 'none: not covered' : c.responseLevel), lastChange ? h('span', { class: 'hint', id: 'level-reason' }, ` changed from ${changedFrom}: ${lastChange.details.reason}`) : null),
    fact('First response', h('span', { id: 'case-sla' }, deadlineCell(c)), c.firstResponseDueAt && !c.firstResponse ? h('span', { class: 'hint' }, ` due ${inBothZones(c.firstResponseDueAt, institution?.zone)}`) : null, c.firstResponse ? h('span', { class: 'hint' }, ` after ${humanDuration(c.firstResponse.elapsedSeconds)} by ${c.firstResponse.by.name}`) : null),
    fact('Institution', `${institution?.name ?? c.institution}`, institution ? h('span', { class: 'hint' }, ` · ${institution.zone}`) : null),
    fact('Contact', c.contact.name, h('br', {}), h('a', { href: `mailto:${c.contact.email}` }, c.contact.email), c.contact.phone ? h('span', {}, h('br', {}), h('a', { href: `tel:${c.contact.phone.replace(/[^+0-9]/g, '')}` }, c.contact.phone)) : null),
    fact('Request', labelOf(REQUEST_TYPES, c.requestType), ' · ', c.productArea),
    fact('Environment and impact', labelOf(ENVIRONMENTS, c.environment), h('br', {}), labelOf(IMPACTS, c.impact)),
    fact('Connect Layer', c.connectLayer.type === 'local' ? 'run by the institution' : 'hosted by us', c.connectLayer.type === 'local' ? h('span', { class: 'hint' }, c.connectLayer.remoteAccessProvided ? ' · remote access given' : ' · no remote access yet') : null),
    fact('App credentials', c.appCredentialsProvided ? 'given' : 'not given'),
    fact('Opened', h('time', { datetime: c.createdAt }, inZone(c.createdAt)), h('span', { class: 'hint' }, ` by ${c.openedBy.name}`)),
    fact('Assignee', h('span', { id: 'case-assignee' }, c.assignee ?? 'nobody'), staff && c.assignee !== profile.name ? h('button', { type: 'button', class: 'small secondary', id: 'assign-me', onclick: () => void patch({ assignee: profile.name }) }, 'Assign to me') : null),
    fact('Still needed', c.status === 'redirected' ? h('span', { id: 'case-missing' }, 'nothing while not covered') : h('span', { id: 'case-missing', class: c.missingInformation.length ? 'soon' : '' }, c.missingInformation.length ? c.missingInformation.map((m) => MISSING[m] ?? m).join(', ') : 'nothing')),
  );

  const redirect =
    !c.coverage.covered || c.coverage.route !== 'support'
      ? h('div', { class: 'notice', id: 'coverage' },
          h('p', {}, c.coverage.message ?? ''),
          c.coverage.link ? h('p', {}, h('a', { href: c.coverage.link }, 'Go to the Ideas Exchange')) : null,
          c.coverage.earliestProjectStart ? h('p', {}, `A redesign project could start on ${c.coverage.earliestProjectStart} at the earliest.`) : null)
      : null;

  const commentBody = h('textarea', { name: 'body', required: true });
  // One key per form, as for a new case: sending the same comment again records it once.
  const commentKey = crypto.randomUUID();
  const commentForm = h('form', { id: 'comment-form', class: staff ? 'comment public' : 'comment' }) as HTMLFormElement;
  const postButton = h('button', { type: 'submit' }, staff ? 'Send reply to the customer' : 'Send');
  const audience = h('p', { class: 'audience', id: 'audience' }, staff ? `Public: ${c.contact.name} and everyone at ${institution?.name ?? c.institution} will see this reply.` : 'Support will see your comment.');
  const visibilityChoice = staff
    ? h('fieldset', { class: 'choice' }, h('legend', {}, 'Who sees it'),
        ...([['public', 'Public reply to the customer'], ['internal', 'Internal note, staff only']] as const).map(([value, text]) =>
          h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'visibility', value, ...(value === 'public' ? { checked: true } : {}), onchange: () => {
            commentForm.className = `comment ${value}`;
            postButton.textContent = value === 'public' ? 'Send reply to the customer' : 'Save internal note';
            audience.textContent = value === 'public' ? `Public: ${c.contact.name} and everyone at ${institution?.name ?? c.institution} will see this reply.` : 'Internal: only support staff will see this note.';
          } }), text)))
    : null;
  commentForm.append(h('h2', {}, staff ? 'Reply or note' : 'Add a comment'), visibilityChoice ?? '', field(staff ? 'Message' : 'Comment', commentBody), audience, h('p', { class: 'error', role: 'alert', 'data-error-for': 'form' }), postButton);
  commentForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const visibility = staff ? (commentForm.querySelector<HTMLInputElement>('input[name=visibility]:checked')?.value ?? 'public') : 'public';
    try {
      await api('POST', `/cases/${caseNumber}/comments`, { body: { body: commentBody.value, visibility }, headers: { 'idempotency-key': commentKey } });
      reload();
    } catch (error) {
      if (error instanceof ApiError) showErrors(commentForm, error.problem);
      else throw error;
    }
  });

  const actions = h('section', { class: 'actions', 'aria-labelledby': 'actions-title' });
  const next = allowedTransitions(profile.role, c.status, c.resolvedAt, Date.now());
  if (staff) {
    const status = h('select', { name: 'status' }, h('option', { value: c.status, selected: true }, `${statusLabel(c.status)} (current)`), ...next.map((s) => h('option', { value: s }, statusLabel(s))));
    const level = h('select', { name: 'responseLevel' }, ...(['I', 'II', 'III', 'IV'] as const).map((l) => h('option', { value: l, selected: l === c.responseLevel }, `${l}${l === c.responseLevel ? ' (current)' : ''}`)));
    const reason = h('input', { name: 'reason', required: true });
    const requestType = h('select', { name: 'requestType' }, ...REQUEST_TYPES.map(([v, t]) => h('option', { value: v, selected: v === c.requestType }, `${t}${v === c.requestType ? ' (current)' : ''}`)));
    const typeReason = h('input', { name: 'typeReason', required: true });
    const secrets = h('div', { id: 'secrets' });
    actions.append(
      h('h2', { id: 'actions-title' }, 'Work the case'),
      h('div', { class: 'grid' },
        h('form', { id: 'status-form', onsubmit: (e: Event) => { e.preventDefault(); if (status.value === c.status) return; if (status.value === 'closed') closeCase(); else void patch({ status: status.value }); } },
          field('Status', status, next.length ? 'The current status and the moves open from it.' : 'No move is open from here.'), h('button', { type: 'submit' }, 'Change status')),
        h('form', { id: 'level-form', onsubmit: (e: Event) => (e.preventDefault(), void patch({ responseLevel: level.value, reason: reason.value })) },
          field('Response level', level), field('Reason for the change', reason), h('button', { type: 'submit' }, 'Change level')),
        h('form', { id: 'type-form', onsubmit: (e: Event) => (e.preventDefault(), void patch({ requestType: requestType.value, reason: typeReason.value })) },
          field('Request type', requestType, 'Level and deadline follow the type, counted from when the case was opened.'), field('Reason for reclassifying', typeReason), h('button', { type: 'submit' }, 'Reclassify')),
      ),
      confirmSlot,
      actionError,
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
    const escalationKey = crypto.randomUUID();
    const scenario = h('textarea', { name: 'scenario' });
    const credentials = h('input', { name: 'appCredentials', type: 'password', autocomplete: 'off' });
    actions.append(
      h('h2', { id: 'actions-title' }, 'Your options'),
      h('div', { class: 'buttons' },
        next.includes('in-progress') ? h('button', { type: 'button', onclick: () => void patch({ status: 'in-progress' }) }, 'Reopen') : '',
        next.includes('closed') ? h('button', { type: 'button', class: 'secondary', id: 'close-case', onclick: closeCase }, 'Close the case') : ''),
      confirmSlot,
      actionError,
      c.missingInformation.length > 0 && c.status !== 'redirected'
        ? h('form', { id: 'supply-form', onsubmit: (e: Event) => (e.preventDefault(), void patch({ ...(scenario.value.trim() ? { scenario: scenario.value } : {}), ...(credentials.value ? { appCredentials: credentials.value } : {}) })) },
            h('h3', {}, 'Supply missing information'),
            c.missingInformation.includes('scenario') ? field('Steps to reproduce', scenario) : '',
            c.missingInformation.includes('app-credentials') ? field('App credentials', credentials, 'Shown only to agents.') : '',
            h('button', { type: 'submit' }, 'Send'))
        : '',
      h('form', { id: 'escalation-form', onsubmit: async (e: Event) => { e.preventDefault(); await api('POST', `/cases/${caseNumber}/escalations`, { body: { reason: reason.value }, headers: { 'idempotency-key': escalationKey } }); reload(); } },
        field('Ask for management attention: why?', reason), h('button', { type: 'submit', class: 'secondary' }, 'Ask for escalation')),
    );
  }

  show(
    `Case ${c.caseNumber}: ${c.title}`,
    paging,
    facts,
    redirect,
    h('h2', {}, 'Description'),
    h('p', { class: 'prose', id: 'case-description' }, c.description || 'No description.'),
    h('h2', {}, 'Steps to reproduce'),
    h('p', { class: 'prose', id: 'case-scenario' }, c.scenario ?? 'Not given yet.'),
    files,
    h('h2', {}, 'Timeline'),
    h('ol', { class: 'timeline', id: 'timeline' }, ...events.map((e) =>
      h('li', { class: e.visibility },
        h('p', { class: 'hint' }, h('time', { datetime: e.at }, inZone(e.at)), ` · ${e.actor.name} (${e.actor.role})`, e.visibility === 'internal' ? h('span', { class: 'badge internal-badge' }, 'internal') : null),
        h('p', { class: 'prose' }, describe(e))))),
    commentForm,
    actions,
  );
}

interface PageView {
  pageId: string;
  state: 'paging' | 'acknowledged' | 'ended';
  stepsSent: number;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
}

/** For staff: a page still paging on call, with a button that acknowledges it (stops its repeats and escalations). */
async function pagingNotice(caseNumber: string, reload: () => void): Promise<HTMLElement | null> {
  const { body } = await api<{ items: PageView[] }>('GET', `/cases/${caseNumber}/pages`);
  const paging = body.items.find((page) => page.state === 'paging');
  const acknowledged = body.items.filter((page) => page.state === 'acknowledged').at(-1);
  if (!paging) {
    return acknowledged ? h('p', { class: 'hint', id: 'page-state' }, `On call was paged; acknowledged by ${acknowledged.acknowledgedBy ?? 'someone'} at ${inZone(acknowledged.acknowledgedAt ?? '')}.`) : null;
  }
  const key = crypto.randomUUID();
  const error = h('p', { class: 'error', role: 'alert' });
  return h('section', { class: 'notice', id: 'page-state', 'aria-labelledby': 'page-title' },
    h('h2', { id: 'page-title' }, 'On call is being paged'),
    h('p', {}, `${paging.stepsSent} page${paging.stepsSent === 1 ? '' : 's'} sent so far; until someone acknowledges, it repeats and then escalates.`),
    h('button', {
      type: 'button',
      onclick: async () => {
        try {
          await api('POST', `/pages/${paging.pageId}/ack`, { headers: { 'idempotency-key': key } });
          reload();
        } catch (caught) {
          if (!(caught instanceof ApiError)) throw caught;
          error.textContent = caught.message;
        }
      },
    }, 'Acknowledge the page'),
    error);
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
