import { api } from '../api.js';
import { type Show, field, h, svg } from '../dom.js';

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

const hours = (seconds: number | null) => (seconds === null ? 0 : seconds / 3600);
const duration = (seconds: number | null) => (seconds === null ? 'no data' : seconds < 3600 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`);

/** Horizontal bars with their values written out, so the chart reads without colour or hover. */
function barChart(title: string, rows: { label: string; value: number; text: string }[], max: number): SVGElement {
  // Narrow enough to stay legible at 320 px; CSS caps its width on a desktop.
  const height = 24 * rows.length + 12;
  const chart = svg('svg', { viewBox: `0 0 360 ${height}`, class: 'chart', role: 'img', 'aria-label': title }, svg('title', {}, title));
  rows.forEach((row, i) => {
    const y = 6 + i * 24;
    const width = max > 0 ? (row.value / max) * 150 : 0;
    chart.append(
      svg('text', { x: 0, y: y + 14, 'font-size': 14 }, row.label),
      svg('rect', { x: 90, y, width: Math.max(width, 1), height: 18, fill: '#0b5cad' }),
      svg('text', { x: 96 + width, y: y + 14, 'font-size': 14 }, row.text),
    );
  });
  return chart;
}

/** Compliance per level over a period, the time to first response per level, the breached cases, and CSV. */
export async function reportPage(params: URLSearchParams, show: Show): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const from = h('input', { name: 'from', type: 'date', value: params.get('from') ?? monthAgo });
  const to = h('input', { name: 'to', type: 'date', value: params.get('to') ?? today });
  const query = new URLSearchParams({ from: from.value, to: to.value });
  const { body: report } = await api<Report>('GET', `/reports/sla?${query}`);
  const levels = Object.entries(report.levels);
  const download = h('button', {
    type: 'button',
    class: 'secondary',
    onclick: async () => {
      const { body } = await api<string>('GET', `/reports/sla?${query}`, { headers: { accept: 'text/csv' }, raw: true });
      const link = h('a', { href: URL.createObjectURL(new Blob([body], { type: 'text/csv' })), download: `sla-${report.from}-${report.to}.csv` });
      link.click();
    },
  }, 'Download CSV');
  show(
    'SLA report',
    h('form', { class: 'grid', onsubmit: (e: Event) => { e.preventDefault(); location.hash = `#/report?${new URLSearchParams({ from: from.value, to: to.value })}`; } },
      field('From', from), field('To', to), h('div', {}, h('button', { type: 'submit' }, 'Show'))),
    h('p', {}, `Cases opened ${report.from} to ${report.to} (${report.zone}): ${report.total.opened}; met ${report.total.met}, breached ${report.total.breached}, running ${report.total.running}, not covered ${report.total.notCovered}.`),
    h('h2', {}, 'First responses on time, by level'),
    barChart('Compliance by level', levels.map(([level, f]) => ({ label: `Level ${level}`, value: f.compliance ?? 0, text: f.compliance === null ? 'no data' : `${Math.round(f.compliance * 100)} % (${f.met}/${f.met + f.breached})` })), 1),
    h('h2', {}, 'Time to first response, in each level’s clock'),
    barChart(
      'Time to first response by level',
      levels.flatMap(([level, f]) => [
        { label: `${level} median`, value: hours(f.timeToFirstResponse.medianSeconds), text: duration(f.timeToFirstResponse.medianSeconds) },
        { label: `${level} p90`, value: hours(f.timeToFirstResponse.p90Seconds), text: duration(f.timeToFirstResponse.p90Seconds) },
      ]),
      Math.max(1, ...levels.map(([, f]) => hours(f.timeToFirstResponse.p90Seconds))),
    ),
    h('h2', {}, `Breached cases (${report.breaches.length})`),
    h('div', { class: 'table-wrap' }, h('table', { id: 'breaches' }, h('thead', {}, h('tr', {}, ...['Case', 'Institution', 'Level', 'Due', 'Responded'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...report.breaches.map((b) => h('tr', {}, h('td', {}, h('a', { href: `#/case/${b.caseNumber}` }, b.caseNumber)), h('td', {}, b.institution), h('td', {}, b.level), h('td', {}, b.firstResponseDueAt), h('td', {}, b.respondedAt ?? 'not yet')))))),
    download,
  );
}
