import type { LevelFigures } from '../domain/sla-report.js';
import type { SlaReport } from '../use-cases/sla-report.js';

const csvCell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const row = (cells: (string | number | null)[]) => cells.map(csvCell).join(',');

function figuresRow(section: string, f: LevelFigures): string {
  return row([
    section,
    f.opened,
    f.notCovered,
    f.met,
    f.breached,
    f.running,
    f.compliance === null ? null : Number(f.compliance.toFixed(4)),
    f.timeToFirstResponse.medianSeconds,
    f.timeToFirstResponse.p90Seconds,
    f.timeToFirstResponse.maxSeconds,
  ]);
}

/** The report as CSV: one row per level and the total, a blank line, then the breached cases. */
export function reportCsv(report: SlaReport): string {
  const lines = [
    row(['level', 'opened', 'not_covered', 'met', 'breached', 'running', 'compliance', 'median_seconds', 'p90_seconds', 'max_seconds']),
    ...Object.entries(report.levels).map(([level, f]) => figuresRow(level, f)),
    figuresRow('total', report.total),
    '',
    row(['case_number', 'institution', 'level', 'first_response_due_at', 'responded_at']),
    ...report.breaches.map((b) => row([b.caseNumber, b.institution, b.level, b.firstResponseDueAt, b.respondedAt])),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
