import { api, loadConfig } from '../api.js';
import { type Show, h } from '../dom.js';
import { statusLabel } from '../labels.js';
import { shortTime, timeLeft } from '../time.js';
import type { CaseView, Page } from '../types.js';

/** Where the first-response clock stands, in words; a live countdown while it runs. */
export function deadlineCell(c: CaseView): HTMLElement {
  if (c.status === 'redirected') return h('span', {}, 'not covered: no SLA');
  if (c.firstResponse) return h('span', { class: c.firstResponse.met ? 'badge met' : 'badge breached' }, c.firstResponse.met ? 'response met' : 'response late');
  if (!c.firstResponseDueAt) return h('span', {}, 'no SLA');
  if (c.status === 'resolved' || c.status === 'closed') return h('span', {}, '—');
  const left = timeLeft(c.firstResponseDueAt);
  return h('span', { class: `badge ${left.state}`, 'data-due': c.firstResponseDueAt }, left.text);
}

export interface Column {
  readonly label: string;
  readonly cell: (c: CaseView) => Node | string;
}

/** The columns the case tables pick from. */
export function columns(institutionName: (id: string) => string) {
  return {
    case: { label: 'Case', cell: (c) => h('a', { href: `#/case/${c.caseNumber}` }, c.caseNumber) },
    title: { label: 'Title', cell: (c) => c.title },
    institution: { label: 'Institution', cell: (c) => institutionName(c.institution) },
    level: { label: 'Level', cell: (c) => c.responseLevel },
    status: { label: 'Status', cell: (c) => statusLabel(c.status) },
    assignee: { label: 'Assignee', cell: (c) => c.assignee ?? h('span', { class: 'hint' }, 'nobody') },
    opened: { label: 'Opened', cell: (c) => h('time', { datetime: c.createdAt }, shortTime(c.createdAt)) },
    updated: { label: 'Last updated', cell: (c) => h('time', { datetime: c.updatedAt }, shortTime(c.updatedAt)) },
    timeLeft: { label: 'First response', cell: deadlineCell },
  } satisfies Record<string, Column>;
}

/**
 * A table of cases. Each cell carries its column's name, so below 640 px every
 * row reads as a card of labelled lines instead of a table cut off at the side.
 */
export function caseTable(id: string, cases: readonly CaseView[], cols: readonly Column[], header: (col: Column) => HTMLElement = (col) => h('th', { scope: 'col' }, col.label)): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h('table', { id, class: 'cards' }, h('thead', {}, h('tr', {}, ...cols.map(header))), h('tbody', {}, ...cases.map((c) => caseRow(c, cols)))),
  );
}

export function caseRow(c: CaseView, cols: readonly Column[]): HTMLTableRowElement {
  return h('tr', {}, ...cols.map((col) => h('td', { 'data-label': col.label }, col.cell(c))));
}

export async function institutionNames(): Promise<(id: string) => string> {
  const { institutions } = await loadConfig();
  return (id) => institutions.find((i) => i.id === id)?.name ?? id;
}

/** A customer's institution's cases, newest first, with a status filter and paging. */
export async function casesPage(params: URLSearchParams, show: Show): Promise<void> {
  const status = params.get('status') ?? '';
  const cursor = params.get('cursor');
  const query = new URLSearchParams({ limit: '20', ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
  const [{ body }, names] = await Promise.all([api<Page<CaseView>>('GET', `/cases?${query}`), institutionNames()]);
  const col = columns(names);
  const filter = h(
    'select',
    { id: 'status-filter', onchange: (e: Event) => (location.hash = `#/cases?status=${(e.target as HTMLSelectElement).value}`) },
    ...(['', 'new', 'in-progress', 'awaiting-customer', 'resolved', 'closed', 'redirected'] as const).map((s) => h('option', { value: s, selected: s === status }, s ? statusLabel(s) : 'any status')),
  );
  show(
    'Our cases',
    h('p', {}, h('a', { href: '#/new' }, 'Open a new case')),
    h('div', { class: 'inline-field' }, h('label', { for: 'status-filter' }, 'Show'), filter),
    body.items.length === 0
      ? h('p', {}, 'No cases.')
      : caseTable('cases', body.items, [col.case, col.title, col.level, col.status, col.opened, col.updated, col.timeLeft]),
    body.nextCursor ? h('p', {}, h('a', { href: `#/cases?${new URLSearchParams({ status, cursor: body.nextCursor })}` }, 'Older cases')) : null,
  );
}
