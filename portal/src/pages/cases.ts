import { api } from '../api.js';
import { type Show, h } from '../dom.js';
import { timeLeft } from '../time.js';
import type { CaseView, Page } from '../types.js';

export function deadlineCell(c: CaseView): HTMLElement {
  if (c.firstResponse) return h('span', { class: c.firstResponse.met ? 'badge met' : 'badge breached' }, c.firstResponse.met ? 'response met' : 'response late');
  if (!c.firstResponseDueAt) return h('span', {}, 'no SLA');
  if (c.status === 'resolved' || c.status === 'closed') return h('span', {}, '—');
  const left = timeLeft(c.firstResponseDueAt);
  return h('span', { class: `badge ${left.state}`, 'data-due': c.firstResponseDueAt }, left.text);
}

export function caseRow(c: CaseView): HTMLTableRowElement {
  return h('tr', {}, h('td', {}, h('a', { href: `#/case/${c.caseNumber}` }, c.caseNumber)), h('td', {}, c.title), h('td', {}, c.responseLevel), h('td', {}, c.status), h('td', {}, deadlineCell(c)));
}

/** A customer's institution's cases, newest first, with a status filter and paging. */
export async function casesPage(params: URLSearchParams, show: Show): Promise<void> {
  const status = params.get('status') ?? '';
  const cursor = params.get('cursor');
  const query = new URLSearchParams({ limit: '20', ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
  const { body } = await api<Page<CaseView>>('GET', `/cases?${query}`);
  const filter = h(
    'select',
    { id: 'status-filter', onchange: (e: Event) => (location.hash = `#/cases?status=${(e.target as HTMLSelectElement).value}`) },
    ...['', 'new', 'in-progress', 'awaiting-customer', 'resolved', 'closed'].map((s) => h('option', { value: s, selected: s === status }, s || 'any status')),
  );
  show(
    'Our cases',
    h('p', {}, h('a', { href: '#/new' }, 'Open a new case')),
    h('label', { for: 'status-filter' }, 'Show'),
    filter,
    body.items.length === 0
      ? h('p', {}, 'No cases.')
      : h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {}, ...['Case', 'Title', 'Level', 'Status', 'First response'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, ...body.items.map(caseRow)))),
    body.nextCursor ? h('p', {}, h('a', { href: `#/cases?${new URLSearchParams({ status, cursor: body.nextCursor })}` }, 'Older cases')) : null,
  );
}
