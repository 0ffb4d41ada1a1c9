import { api, loadConfig } from '../api.js';
import { type Show, field, h, svg } from '../dom.js';
import { humanDuration, inZone } from '../time.js';

interface Figures {
  opened: number;
  notCovered: number;
  met: number;
  breached: number;
  running: number;
  compliance: number | null;
  timeToFirstResponse: { count: number; medianSeconds: number | null; p90Seconds: number | null; maxSeconds: number | null };
}
interface Report {
  from: string;
  to: string;
  zone: string;
  levels: Record<string, Figures>;
  total: Figures;
  breaches: { caseNumber: string; institution: string; level: string; firstResponseDueAt: string; respondedAt: string | null }[];
}

const DAY = 86_400_000;
const MAX_WEEKS = 26;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const percent = (f: Figures) => (f.compliance === null ? 'no data' : `${Math.round(f.compliance * 100)} % (${f.met} of ${f.met + f.breached})`);
const duration = (seconds: number | null) => (seconds === null ? 'no data' : humanDuration(seconds));

/** Horizontal bars with their values written out, so the chart reads without colour or hover. */
function barChart(title: string, rows: { label: string; value: number; text: string }[], max: number): SVGElement {
  // Narrow enough to stay legible at 320 px; CSS caps its width on a desktop.
  const height = 24 * rows.length + 12;
  const chart = svg('svg', { viewBox: `0 0 360 ${height}`, class: 'chart', role: 'img', 'aria-label': title }, svg('title', {}, title));
  rows.forEach((row, i) => {
    const y = 6 + i * 24;
    // A value above zero always shows a bar, however small beside the others.
    const width = max > 0 && row.value > 0 ? Math.max((row.value / max) * 150, 3) : 0;
    chart.append(
      svg('text', { x: 0, y: y + 14, 'font-size': 14 }, row.label),
      svg('rect', { x: 100, y, width: Math.max(width, 1), height: 18, fill: row.value > 0 ? '#0b5cad' : '#8c959f' }),
      svg('text', { x: 106 + width, y: y + 14, 'font-size': 14 }, row.text),
    );
  });
  return chart;
}

/** The period cut into weeks from its first day (the last one may be shorter); the most recent MAX_WEEKS of them. */
function weeksOf(from: string, to: string): { from: string; to: string }[] {
  const weeks: { from: string; to: string }[] = [];
  const end = Date.parse(to);
  for (let start = Date.parse(from); start <= end; start += 7 * DAY) weeks.push({ from: isoDay(start), to: isoDay(Math.min(start + 6 * DAY, end)) });
  return weeks.slice(-MAX_WEEKS);
}

const fetchReport = async (query: Record<string, string>) => (await api<Report>('GET', `/reports/sla?${new URLSearchParams(query)}`)).body;

/** Compliance per level and per week over a period, per institution, time to first response, the breached cases, and CSV. */
export async function reportPage(params: URLSearchParams, show: Show): Promise<void> {
  const config = await loadConfig();
  const today = isoDay(Date.now());
  const from = h('input', { name: 'from', type: 'date', value: params.get('from') ?? isoDay(Date.now() - 27 * DAY) });
  const to = h('input', { name: 'to', type: 'date', value: params.get('to') ?? today });
  const query = { from: from.value, to: to.value };
  const weeks = weeksOf(query.from, query.to);
  const [report, weekly, perInstitution] = await Promise.all([
    fetchReport(query),
    Promise.all(weeks.map((week) => fetchReport(week))),
    Promise.all(config.institutions.map(async (institution) => ({ institution, report: await fetchReport({ ...query, institution: institution.id }) }))),
  ]);
  const levels = Object.entries(report.levels);
  const institutionName = (id: string) => config.institutions.find((i) => i.id === id)?.name ?? id;
  const download = h('button', {
    type: 'button',
    class: 'secondary',
    onclick: async () => {
      const { body } = await api<string>('GET', `/reports/sla?${new URLSearchParams(query)}`, { headers: { accept: 'text/csv' }, raw: true });
      const link = h('a', { href: URL.createObjectURL(new Blob([body], { type: 'text/csv' })), download: `sla-${report.from}-${report.to}.csv` });
      link.click();
    },
  }, 'Download CSV');
  const weekLabel = (day: string) => `w/c ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(day))}`;
  const th = (text: string) => h('th', { scope: 'col' }, text);
  show(
    'SLA report',
    h('form', { class: 'grid', id: 'period', onsubmit: (e: Event) => { e.preventDefault(); location.hash = `#/report?${new URLSearchParams({ from: from.value, to: to.value })}`; } },
      field('From', from), field('To', to), h('div', { class: 'form-end' }, h('button', { type: 'submit' }, 'Show'))),
    h('p', { id: 'report-summary' }, `Cases opened ${report.from} to ${report.to} (${report.zone}): ${report.total.opened}; met ${report.total.met}, breached ${report.total.breached}, running ${report.total.running}, not covered ${report.total.notCovered}. First responses on time: ${percent(report.total)}.`),
    h('h2', {}, 'First responses on time, week by week'),
    barChart('Compliance per week', weekly.map((w, i) => ({ label: weekLabel(weeks[i]!.from), value: w.total.compliance ?? 0, text: percent(w.total) })), 1),
    h('h2', {}, 'First responses on time, by level'),
    barChart('Compliance by level', levels.map(([level, f]) => ({ label: `Level ${level}`, value: f.compliance ?? 0, text: percent(f) })), 1),
    h('h2', {}, 'Time to first response, in each level’s clock'),
    barChart(
      'Time to first response by level',
      levels.flatMap(([level, f]) => [
        { label: `${level} median`, value: f.timeToFirstResponse.medianSeconds ?? 0, text: duration(f.timeToFirstResponse.medianSeconds) },
        { label: `${level} p90`, value: f.timeToFirstResponse.p90Seconds ?? 0, text: duration(f.timeToFirstResponse.p90Seconds) },
      ]),
      Math.max(1, ...levels.map(([, f]) => f.timeToFirstResponse.p90Seconds ?? 0)),
    ),
    h('h2', {}, 'By institution'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'institutions', class: 'cards' },
      h('thead', {}, h('tr', {}, ...['Institution', 'Opened', 'On time', 'Breached', 'Running', 'Not covered', 'Median first response'].map(th))),
      h('tbody', {}, ...perInstitution.map(({ institution, report: r }) => {
        const cells: [string, string | number][] = [['Institution', institution.name], ['Opened', r.total.opened], ['On time', percent(r.total)], ['Breached', r.total.breached], ['Running', r.total.running], ['Not covered', r.total.notCovered], ['Median first response', duration(r.total.timeToFirstResponse.medianSeconds)]];
        return h('tr', {}, ...cells.map(([label, value]) => h('td', { 'data-label': label }, String(value))));
      })))),
    h('h2', {}, `Breached cases (${report.breaches.length})`),
    report.breaches.length === 0
      ? h('p', {}, 'None in this period.')
      : h('div', { class: 'table-wrap' }, h('table', { id: 'breaches', class: 'cards' }, h('thead', {}, h('tr', {}, ...['Case', 'Institution', 'Level', 'Due', 'Responded'].map(th))),
          h('tbody', {}, ...report.breaches.map((b) => h('tr', {},
            h('td', { 'data-label': 'Case' }, h('a', { href: `#/case/${b.caseNumber}` }, b.caseNumber)),
            h('td', { 'data-label': 'Institution' }, institutionName(b.institution)),
            h('td', { 'data-label': 'Level' }, b.level),
            h('td', { 'data-label': 'Due' }, inZone(b.firstResponseDueAt)),
            h('td', { 'data-label': 'Responded' }, b.respondedAt ? inZone(b.respondedAt) : 'not yet')))))),
    download,
  );
}
