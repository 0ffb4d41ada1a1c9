import { responseLevelFor } from '../../../shared/domain/response-level.js';
import { ApiError, api, loadConfig } from '../api.js';
import { type Show, clearErrors, field, h, showErrors } from '../dom.js';
import { session } from '../session.js';
import { ENVIRONMENTS, IMPACTS, REQUEST_TYPES } from '../labels.js';
import { inBothZones } from '../time.js';
import type { CaseView } from '../types.js';

/**
 * Opening a case: the four levels in plain words, the level the answers
 * will get (once the customer has said how bad it is: nothing is preselected),
 * what support needs and why, what is not covered before it is submitted, and
 * knowledge articles that match the title as it is typed. One form is one
 * case: its Idempotency-Key is made once, so sending it again (a double
 * click, a retry) answers with the same case.
 */
export async function newCasePage(show: Show): Promise<void> {
  const config = await loadConfig();
  const profile = session.profile()!;
  const institution = config.institutions.find((i) => i.id === profile.institution);

  const title = h('input', { name: 'title', maxlength: 200, required: true, autocomplete: 'off' });
  const description = h('textarea', { name: 'description', maxlength: 20000 });
  const requestType = h('select', { name: 'requestType' }, ...REQUEST_TYPES.map(([v, t]) => h('option', { value: v }, t)));
  const environment = h('select', { name: 'environment' }, ...ENVIRONMENTS.map(([v, t]) => h('option', { value: v }, t)));
  const impact = h('select', { name: 'impact', required: true }, h('option', { value: '' }, 'Choose one…'), ...IMPACTS.map(([v, t]) => h('option', { value: v }, t)));
  const productArea = h('input', { name: 'productArea', required: true, placeholder: 'e.g. timetable, login, maps' });
  const scenario = h('textarea', { name: 'scenario' });
  const appCredentials = h('input', { name: 'appCredentials', type: 'password', autocomplete: 'off' });
  const remoteAccess = h('input', { name: 'connectLayer.remoteAccess', type: 'password', autocomplete: 'off' });
  const contactName = h('input', { name: 'contact.name', required: true, autocomplete: 'name', value: profile.name });
  const contactEmail = h('input', { name: 'contact.email', type: 'email', required: true, autocomplete: 'email' });
  const contactPhone = h('input', { name: 'contact.phone', type: 'tel', autocomplete: 'tel' });

  const suggestion = h('p', { class: 'hint', 'aria-live': 'polite', id: 'suggested-level' });
  const coverage = h('div', { 'aria-live': 'polite', id: 'coverage' });
  const articles = h('ul', { class: 'suggestions', 'aria-live': 'polite', id: 'knowledge' });
  const result = h('div', { 'aria-live': 'polite', id: 'result' });
  const zone = institution?.zone;
  /** What "one business day" means for this institution, from its support calendar. */
  const businessDayText = institution
    ? ` One business day is ${institution.businessDay.hours} business hours (${institution.businessDay.source === 'calendar' ? 'set by your support calendar' : "your support calendar's usual working day"}).`
    : '';
  const impactField = field('How bad is it?', impact);
  const impactError = impactField.querySelector<HTMLElement>('[data-error-for="impact"]')!;

  /** What the answers will get, in plain words: the level and when support answers, or where the request goes instead. */
  const update = () => {
    coverage.replaceChildren();
    if (impact.value !== '') impactError.textContent = '';
    if (requestType.value === 'new-integration' || requestType.value === 'ux-redesign') {
      suggestion.className = 'hint';
      suggestion.textContent = 'Support does not cover this kind of request, so no support deadline applies: it is recorded and passed on as explained below.';
      coverage.append(
        requestType.value === 'new-integration'
          ? h('p', { class: 'notice' }, config.ideasExchange.newIntegrationMessage, ' ', h('a', { href: config.ideasExchange.url }, 'Ideas Exchange'))
          : h('p', { class: 'notice' }, config.accountManager.message),
      );
      return;
    }
    if (requestType.value === 'enhancement') coverage.append(h('p', { class: 'notice' }, config.ideasExchange.enhancementMessage, ' ', h('a', { href: config.ideasExchange.url }, 'Ideas Exchange')));
    if (impact.value === '') {
      suggestion.className = 'hint';
      suggestion.textContent = 'Tell us how bad it is, and we will say how quickly support will answer.';
      return;
    }
    const level = responseLevelFor({ environment: environment.value as never, impact: impact.value as never, requestType: requestType.value as never });
    const info = config.levels.find((l) => l.level === level)!;
    suggestion.className = 'ok';
    suggestion.textContent = `This will be a level ${level} case (${info.name}): support will first answer within ${info.firstResponse}${
      info.firstResponse.includes('around the clock') ? '' : `, counted in your support calendar's working hours${zone ? ` (${zone})` : ''}`
    }.${info.firstResponse.includes('around the clock') ? '' : businessDayText}${level === 'I' || level === 'II' ? ' Our on-call staff are paged at once, day or night: choose this only when the live service or a module of it is down.' : ''}`;
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

  const form = h('form', { novalidate: true, id: 'new-case' }) as HTMLFormElement;
  const submit = h('button', { type: 'submit' }, 'Open the case');
  // One key for this form: a second send of it can only ever answer with the case the first one opened.
  const idempotencyKey = crypto.randomUUID();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (impact.value === '') {
      impactError.textContent = 'Choose how bad it is.';
      impact.focus();
      return;
    }
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
      contact: { name: contactName.value, email: contactEmail.value, ...(contactPhone.value.trim() ? { phone: contactPhone.value } : {}) },
    };
    submit.disabled = true;
    try {
      const { body: opened } = await api<CaseView>('POST', '/cases', { body, headers: { 'idempotency-key': idempotencyKey } });
      appCredentials.value = '';
      remoteAccess.value = '';
      form.hidden = true;
      result.replaceChildren(
        h('div', { class: opened.coverage.covered ? 'ok' : 'notice', id: 'opened' },
          h('p', {}, 'Case ', h('strong', { id: 'opened-number' }, opened.caseNumber), opened.coverage.covered ? ` opened at level ${opened.responseLevel}.` : ' recorded.'),
          opened.firstResponseDueAt
            ? h('p', { id: 'opened-deadline' }, `Support will first answer by ${inBothZones(opened.firstResponseDueAt, zone)}.`)
            : h('p', { id: 'opened-redirect' }, opened.coverage.message ?? 'This request is not covered by support.', ' ', opened.coverage.link ? h('a', { href: opened.coverage.link }, 'Ideas Exchange') : ''),
          h('p', {}, h('a', { href: `#/case/${opened.caseNumber}` }, 'Go to the case'), ' · ', h('a', { href: `#/new?form=${crypto.randomUUID()}` }, 'Open another case')),
        ),
      );
      result.focus();
    } catch (error) {
      submit.disabled = false;
      if (error instanceof ApiError) showErrors(form, error.problem);
      else throw error;
    }
  });

  form.append(
    field('Title', title, 'One line: what is wrong?'),
    articles,
    field('What kind of request is it?', requestType),
    field('Which environment?', environment),
    impactField,
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
    field('Your phone (optional)', contactPhone, 'For a call back when the service is down.'),
    h('p', { class: 'error', role: 'alert', 'data-error-for': 'form' }),
    submit,
  );
  result.tabIndex = -1;
  show(
    'Open a case',
    h(
      'details',
      {},
      h('summary', {}, 'The four response levels'),
      h('ul', {}, ...config.levels.map((l) => h('li', {}, h('strong', {}, `${l.level} · ${l.name}: `), `${l.meaning} First response within ${l.firstResponse}.`))),
      businessDayText ? h('p', {}, businessDayText.trim()) : '',
    ),
    result,
    form,
  );
}
