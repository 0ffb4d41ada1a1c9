import { api } from '../api.js';
import { type Show, h } from '../dom.js';
import { timeLeft } from '../time.js';
import type { CaseView, Page } from '../types.js';
import { caseRow } from './cases.js';

const OPEN = ['new', 'in-progress', 'awaiting-customer'] as const;
const MAX_PER_STATUS = 500;

/** One open status's cases, asked of the API with its status filter rather than read in full and filtered here. */
async function casesIn(status: (typeof OPEN)[number]): Promise<CaseView[]> {
  const cases: CaseView[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '100', status });
    if (cursor) query.set('cursor', cursor);
    const { body }: { body: Page<CaseView> } = await api<Page<CaseView>>('GET', `/cases?${query}`);
    cases.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor && cases.length < MAX_PER_STATUS);
  return cases;
}

/** Open cases, the one closest to (or furthest past) its deadline first, with a live countdown. */
export async function queuePage(show: Show): Promise<() => void> {
  const cases = (await Promise.all(OPEN.map(casesIn))).flat();
  const due = (c: CaseView) => (c.firstResponse || !c.firstResponseDueAt ? Number.POSITIVE_INFINITY : Date.parse(c.firstResponseDueAt));
  cases.sort((a, b) => due(a) - due(b) || a.caseNumber.localeCompare(b.caseNumber));
  const breached = cases.filter((c) => !c.firstResponse && c.firstResponseDueAt && Date.parse(c.firstResponseDueAt) < Date.now()).length;
  show(
    'Queue',
    h('p', { id: 'queue-summary' }, `${cases.length} open cases, ${breached} past their first-response deadline.`),
    h('div', { class: 'table-wrap' }, h('table', { id: 'queue' }, h('thead', {}, h('tr', {}, ...['Case', 'Title', 'Level', 'Status', 'First response'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, ...cases.map(caseRow)))),
  );
  const tick = setInterval(() => {
    for (const cell of document.querySelectorAll<HTMLElement>('[data-due]')) {
      const left = timeLeft(cell.dataset.due!);
      cell.textContent = left.text;
      cell.className = `badge ${left.state}`;
    }
  }, 1000);
  return () => clearInterval(tick);
}
