import { responseLevelFor } from '../../../shared/domain/response-level.js';
import { ApiError, api, loadConfig } from '../api.js';
import { type Show, clearErrors, field, h, showErrors } from '../dom.js';
import { session } from '../session.js';
import { inZone } from '../time.js';
import type { CaseView } from '../types.js';

/**
 * Opening a case: the four levels in plain words, the level the answers
 * suggest, what support needs and why, what is not covered before it is
 * submitted, and knowledge articles that match the title as it is typed.
 */
export async function newCasePage(show: Show): Promise<void> {
  const config = await loadConfig();
  const profile = session.profile()!;
  const institution = config.institutions.find((i) => i.id === profile.institution);

  const title = h('input', { name: 'title', maxlength: 200, required: true, autocomplete: 'off' });
  const description = h('textarea', { name: 'description', maxlength: 20000 });
  const requestType = h('select', { name: 'requestType' }, ...[['defect', 'Something is broken'], ['query', 'A question'], ['enhancement', 'An enhancement idea'], ['new-integration', 'A new integration'], ['ux-redesign', 'A UX redesign']].map(([v, t]) => h('option', { value: v! }, t!)));
  const environment = h('select', { name: 'environment' }, h('option', { value: 'production' }, 'Production (live app)'), h('option', { value: 'non-production' }, 'Test or staging'));
  const impact = h('select', { name: 'impact' }, ...[['service-down', 'The whole service is down'], ['module-down', 'One module does not work at all'], ['degraded', 'Something works incorrectly or slowly'], ['question', 'No outage: a question or request']].map(([v, t]) => h('option', { value: v! }, t!)));
  const productArea = h('input', { name: 'productArea', required: true, placeholder: 'e.g. timetable, login, maps' });
  const scenario = h('textarea', { name: 'scenario' });
  const appCredentials = h('input', { name: 'appCredentials', type: 'password', autocomplete: 'off' });
  const remoteAccess = h('input', { name: 'connectLayer.remoteAccess', type: 'password', autocomplete: 'off' });
  const contactName = h('input', { name: 'contact.name', required: true, autocomplete: 'name', value: profile.name });
  const contactEmail = h('input', { name: 'contact.email', type: 'email', required: true, autocomplete: 'email' });

  const suggestion = h('p', { class: 'ok', 'aria-live': 'polite', id: 'suggested-level' });
  const coverage = h('div', { 'aria-live': 'polite', id: 'coverage' });
  const articles = h('ul', { class: 'suggestions', 'aria-live': 'polite', id: 'knowledge' });
  const result = h('div', { 'aria-live': 'polite', id: 'result' });

  const update = () => {
    const level = responseLevelFor({ environment: environment.value as never, impact: impact.value as never, requestType: requestType.value as never });
    const info = config.levels.find((l) => l.level === level)!;
    suggestion.textContent = `Suggested response level: ${level} (${info.name}), first response within ${info.firstResponse}.`;
    coverage.replaceChildren();
    if (requestType.value === 'new-integration') coverage.append(h('p', { class: 'notice' }, config.ideasExchange.newIntegrationMessage, ' ', h('a', { href: config.ideasExchange.url }, 'Ideas Exchange')));
    if (requestType.value === 'ux-redesign') coverage.append(h('p', { class: 'notice' }, config.accountManager.message));
    if (requestType.value === 'enhancement') coverage.append(h('p', { class: 'notice' }, config.ideasExchange.enhancementMessage));
  };
  for (const control of [requestType, environment, impact]) control.addEventListener('change', update);
  update();

  let typing: ReturnType<typeof setTimeout> | undefined;
  title.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(async () => {
      const { body } = await api<{ items: { id: string; title: string; summary: string; url: string }[] }>('GET', `/knowledge/suggest?${new URLSearchParams({ q: title.value })}`);
      articles.replaceChildren(...body.items.map((a) => h('li', {}, h('a', { href: a.url, target: '_blank', rel: 'noopener' }, a.title), ' — ', a.summary)));
    }, 250);
  });

  const form = h('form', { novalidate: true }) as HTMLFormElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {
      title: title.value,
      description: description.value,
      requestType: requestType.value,
      environment: environment.value,
      impact: impact.value,
      productArea: productArea.value,
      ...(scenario.value.trim() ? { scenario: scenario.value } : {}),
      ...(appCredentials.value ? { appCredentials: appCredentials.value } : {}),
      ...(institution?.connectLayer === 'local' ? { connectLayer: { type: 'local', ...(remoteAccess.value ? { remoteAccess: remoteAccess.value } : {}) } } : {}),
      contact: { name: contactName.value, email: contactEmail.value },
    };
    try {
      const { body: opened } = await api<CaseView>('POST', '/cases', { body, headers: { 'idempotency-key': crypto.randomUUID() } });
      appCredentials.value = '';
      remoteAccess.value = '';
      result.replaceChildren(
        h('div', { class: 'ok', id: 'opened' },
          h('p', {}, 'Case ', h('strong', { id: 'opened-number' }, opened.caseNumber), ` opened at level ${opened.responseLevel}.`),
          opened.firstResponseDueAt
            ? h('p', { id: 'opened-deadline' }, `First response due ${inZone(opened.firstResponseDueAt)} (your time), ${inZone(opened.firstResponseDueAt, institution?.zone)} (${institution?.zone}, the support calendar).`)
            : h('p', {}, opened.coverage.message ?? 'This request is not covered by support.'),
          h('p', {}, h('a', { href: `#/case/${opened.caseNumber}` }, 'Go to the case')),
        ),
      );
      result.focus();
    } catch (error) {
      if (error instanceof ApiError) showErrors(form, error.problem);
      else throw error;
    }
  });

  form.append(
    field('Title', title, 'One line: what is wrong?'),
    articles,
    field('What kind of request is it?', requestType),
    field('Which environment?', environment),
    field('How bad is it?', impact),
    suggestion,
    coverage,
    field('Product area', productArea),
    field('Description', description),
    h('h2', {}, 'What support needs'),
    h('p', {}, 'To work a case support needs working app credentials, steps to reproduce it and, if you run your own Connect Layer, remote access to it. Missing items never stop a case from being opened: we will ask for them.'),
    field('Steps to reproduce', scenario),
    field('App credentials for a test account', appCredentials, 'Stored apart from the case and shown only to agents.'),
    institution?.connectLayer === 'local' ? field('Remote access to your Connect Layer', remoteAccess, 'VPN or jump-host details; stored like the credentials.') : '',
    field('Your name', contactName),
    field('Your email', contactEmail),
    h('p', { class: 'error', role: 'alert', 'data-error-for': 'form' }),
    h('button', { type: 'submit' }, 'Open the case'),
  );
  result.tabIndex = -1;
  show(
    'Open a case',
    h('details', {}, h('summary', {}, 'The four response levels'), h('ul', {}, ...config.levels.map((l) => h('li', {}, h('strong', {}, `${l.level} · ${l.name}: `), `${l.meaning} First response within ${l.firstResponse}.`)))),
    result,
    form,
  );
}
