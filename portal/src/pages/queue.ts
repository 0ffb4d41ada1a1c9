import { api } from '../api.js';
import { type Show, h } from '../dom.js';
import { session } from '../session.js';
import { timeLeft } from '../time.js';
import type { CaseView, Page } from '../types.js';
import { type Column, caseRow, caseTable, columns, institutionNames } from './cases.js';

const OPEN = ['new', 'in-progress', 'awaiting-customer'] as const;
type OpenStatus = (typeof OPEN)[number];
const MAX_PER_LISTING = 500;
const HOUR = 3_600_000;

/** One listing of the API (one open status, maybe one assignee), asked with its filters rather than read in full and filtered here. */
async function listing(filters: Record<string, string>): Promise<CaseView[]> {
  const cases: CaseView[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '100', ...filters });
    if (cursor) query.set('cursor', cursor);
    const { body }: { body: Page<CaseView> } = await api<Page<CaseView>>('GET', `/cases?${query}`);
    cases.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor && cases.length < MAX_PER_LISTING);
  return cases;
}

const inStatuses = async (statuses: readonly OpenStatus[], extra: Record<string, string> = {}) => (await Promise.all(statuses.map((status) => listing({ status, ...extra })))).flat();

/** When the first response is due; cases without a running clock sort last. */
const dueOf = (c: CaseView) => (c.firstResponse || !c.firstResponseDueAt ? Number.POSITIVE_INFINITY : Date.parse(c.firstResponseDueAt));

interface View {
  readonly id: string;
  readonly label: string;
  readonly empty: string;
  load(me: string): Promise<CaseView[]>;
}

const VIEWS: readonly View[] = [
  { id: 'open', label: 'All open', empty: 'No open cases.', load: () => inStatuses(OPEN) },
  { id: 'mine', label: 'Mine', empty: 'No open case is assigned to you.', load: (me) => inStatuses(OPEN, { assignee: me }) },
  { id: 'unassigned', label: 'Unassigned', empty: 'Every open case has someone on it.', load: () => inStatuses(OPEN, { assignee: 'none' }) },
  {
    id: 'breaching',
    label: 'Breaching within the hour',
    empty: 'No first response is due within the hour.',
    load: async () => (await inStatuses(OPEN)).filter((c) => dueOf(c) - Date.now() <= HOUR),
  },
  { id: 'awaiting', label: 'Awaiting customer', empty: 'No case is waiting for a customer.', load: () => inStatuses(['awaiting-customer']) },
];

/** The agents' queue: views, one row per case, sorted by the time left to the first-response deadline, with a live countdown. */
export async function queuePage(params: URLSearchParams, show: Show): Promise<() => void> {
  const me = session.profile()!.name;
  const view = VIEWS.find((v) => v.id === params.get('view')) ?? VIEWS[0]!;
  let ascending = true;
  const [cases, names] = await Promise.all([view.load(me), institutionNames()]);
  const col = columns(names);
  const cols: Column[] = [col.case, col.title, col.institution, col.level, col.status, col.assignee, col.opened, col.timeLeft];
  // Cases without a running clock stay at the end whichever way time left is sorted.
  const sorted = () =>
    [...cases].sort((a, b) => {
      const [da, db] = [dueOf(a), dueOf(b)];
      if (da === db) return a.caseNumber.localeCompare(b.caseNumber);
      if (da === Number.POSITIVE_INFINITY) return 1;
      if (db === Number.POSITIVE_INFINITY) return -1;
      return ascending ? da - db : db - da;
    });
  const breached = cases.filter((c) => dueOf(c) < Date.now()).length;

  // The sort control sits above the table, so it stays in reach when narrow screens show rows as cards.
  const sortButton = h('button', { type: 'button', class: 'secondary small', id: 'sort-time-left' }, '');
  const header = (c: Column) => h('th', { scope: 'col', ...(c === col.timeLeft ? { 'aria-sort': ascending ? 'ascending' : 'descending' } : {}) }, c.label);
  const table = caseTable('queue', sorted(), cols, header);
  const sortState = h('span', { id: 'sort-state' });
  const label = () => {
    sortState.textContent = `Sorted by time left to the first response, ${ascending ? 'least' : 'most'} first.`;
    sortButton.textContent = ascending ? 'Most time left first' : 'Least time left first';
  };
  label();
  sortButton.addEventListener('click', () => {
    ascending = !ascending;
    label();
    table.querySelector('th[aria-sort]')?.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    table.querySelector('tbody')!.replaceChildren(...sorted().map((c) => caseRow(c, cols)));
  });

  show(
    'Queue',
    h('nav', { class: 'views', 'aria-label': 'Queue views' }, ...VIEWS.map((v) => h('a', { href: `#/queue?view=${v.id}`, ...(v === view ? { 'aria-current': 'page' } : {}) }, v.label))),
    h('p', { id: 'queue-summary' }, `${view.label}: ${cases.length} case${cases.length === 1 ? '' : 's'}, ${breached} past the first-response deadline.`),
    cases.length === 0 ? h('p', { id: 'queue-empty' }, view.empty) : [h('p', { class: 'hint' }, sortState, sortButton), table],
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
