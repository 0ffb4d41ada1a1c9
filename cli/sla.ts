/**
 * `npm run --silent sla -- <command>`: business-time arithmetic for operators and
 * for checking the SLA maths by hand. See README.md, "The sla command".
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import type { BusinessCalendar } from '../shared/domain/business-calendar.js';
import type { CalendarHistory } from '../shared/domain/calendar-history.js';
import { parseCalendarHistory } from '../shared/domain/calendar-history-document.js';
import { addBusinessTime, businessTimeBetween, isBusinessTime, nextBusinessInstant } from '../shared/domain/business-time.js';
import { firstResponseDeadline } from '../shared/domain/deadlines.js';
import { DomainError } from '../shared/domain/errors.js';
import { formatFixedDuration, parseFixedDuration } from '../shared/domain/iso-duration.js';
import { formatInZone, formatInstant, parseInstant } from '../shared/domain/instant-text.js';
import { RESPONSE_LEVELS, type ResponseLevel } from '../shared/domain/policy-terms.js';
import { type CaseUnderCalendar, calendarImpact } from '../shared/domain/calendar-impact.js';
import { holidaysFromIcs } from '../shared/domain/ics-holidays.js';
import { CASE_STATUSES } from '../shared/domain/support-case.js';
import { formatIsoDate, parseIsoDate } from '../shared/domain/civil-date.js';
import { supportDirectory } from '../shared/config/support-config.js';

class UsageError extends Error {}

const USAGE = `usage: sla <command> [options]
  add       --calendar FILE --start ISO --duration ISO8601-DURATION   prints the instant (UTC)
  within    --calendar FILE --at ISO                                   prints true or false
  elapsed   --calendar FILE --start ISO --end ISO                      prints business seconds in [start, end)
  next-open --calendar FILE --at ISO                                   prints the instant (UTC)
  deadline  --level I|II|III|IV (--institution ID | --calendar FILE) --at ISO
  batch     reads JSON lines {"op":"add","calendar":{...},"start":"...","duration":"PT9H30M"} from stdin
  impact    --calendar-file FILE [--cases FILE]   previews a new calendar version against open cases
            (the cases: GET /cases answers, from FILE or stdin); changes nothing
  import-ics --ics FILE --from YEAR --to YEAR [--calendar FILE --effective-from YYYY-MM-DD]
            prints the feed's holidays, or the calendar with a new version that adds them
ISO instants without an offset are wall-clock times in the calendar's zone. A calendar file with
versions is used at the version in effect at --start or --at.`;

function instant(text: string | undefined, name: string, zone: string): number {
  if (text === undefined) throw new UsageError(`missing --${name}`);
  const value = parseInstant(text, zone);
  if (value === undefined) throw new UsageError(`--${name}: '${text}' is not an ISO 8601 date-time`);
  return value;
}

/** The version in effect at the instant `text` names (read in that version's zone). */
function versionAt(history: CalendarHistory, text: string | undefined, name: string): { calendar: BusinessCalendar; at: number } {
  let at = instant(text, name, history.latest.zone);
  const calendar = history.at(at);
  if (calendar.zone !== history.latest.zone) at = instant(text, name, calendar.zone);
  return { calendar, at };
}

function duration(text: string | undefined): number {
  if (text === undefined) throw new UsageError('missing --duration');
  const value = parseFixedDuration(text);
  if (value === undefined) throw new UsageError(`--duration: '${text}' is not a non-negative ISO 8601 duration (weeks, days, hours, minutes, seconds)`);
  return value;
}

interface Request {
  readonly op: string;
  readonly calendar: CalendarHistory;
  readonly start?: string | undefined;
  readonly end?: string | undefined;
  readonly at?: string | undefined;
  readonly duration?: string | undefined;
}

/** One arithmetic request; shared by the single commands and `batch`. */
function evaluate(request: Request): string | number | boolean {
  switch (request.op) {
    case 'add': {
      const { calendar, at } = versionAt(request.calendar, request.start, 'start');
      return formatInstant(addBusinessTime(at, duration(request.duration), calendar));
    }
    case 'within': {
      const { calendar, at } = versionAt(request.calendar, request.at, 'at');
      return isBusinessTime(at, calendar);
    }
    case 'elapsed': {
      const { calendar, at } = versionAt(request.calendar, request.start, 'start');
      return businessTimeBetween(at, instant(request.end, 'end', calendar.zone), calendar) / 1000;
    }
    case 'next-open': {
      const { calendar, at } = versionAt(request.calendar, request.at, 'at');
      return formatInstant(nextBusinessInstant(at, calendar));
    }
    default:
      throw new UsageError(`unknown op '${request.op}' (expected add, within, elapsed or next-open)`);
  }
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} '${path}'`);
  }
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readText(path, what));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${what} '${path}' is not valid JSON: ${(error as Error).message}`);
  }
}

function readCalendarFile(path: string | undefined, option = 'calendar'): CalendarHistory {
  if (path === undefined) throw new UsageError(`missing --${option} FILE`);
  return parseCalendarHistory(readJson(path, 'calendar file'), `calendar file '${path}'`);
}

/** The open cases to preview against, as `GET /cases` answers them (`{ "items": [...] }`, or the list alone). */
const casesInput = z
  .union([z.looseObject({ items: z.array(z.unknown()) }).transform((page) => page.items), z.array(z.unknown())])
  .pipe(
    z.array(
      z
        .looseObject({
          caseNumber: z.string(),
          institution: z.string(),
          responseLevel: z.enum(RESPONSE_LEVELS),
          status: z.enum(CASE_STATUSES),
          createdAt: z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'expected an ISO 8601 instant'),
          firstResponseDueAt: z.string().nullable(),
          sla: z.looseObject({ calendar: z.looseObject({ id: z.string(), version: z.number() }) }).nullable(),
          firstResponse: z.unknown().nullable(),
        })
        .transform((c): CaseUnderCalendar => ({
          caseNumber: c.caseNumber,
          institution: c.institution,
          responseLevel: c.responseLevel,
          status: c.status,
          createdAt: c.createdAt,
          firstResponseDueAt: c.firstResponseDueAt,
          sla: c.sla && { calendarId: c.sla.calendar.id, calendarVersion: c.sla.calendar.version },
          responded: c.firstResponse !== null,
        })),
    ),
  );

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function impact(values: Record<string, string | undefined>) {
  const directory = supportDirectory();
  const proposed = readCalendarFile(values['calendar-file'], 'calendar-file');
  const current = directory.calendars.get(proposed.id);
  if (!current) throw new UsageError(`--calendar-file: no calendar '${proposed.id}' in the configuration (known: ${[...directory.calendars.keys()].join(', ')})`);
  const version = proposed.latest;
  if (version.version <= current.latest.version) throw new UsageError(`--calendar-file: its latest version (${version.version}) is not newer than the configuration's (${current.latest.version})`);
  if (values.cases === undefined && process.stdin.isTTY) throw new UsageError('give --cases FILE or pipe the open cases (GET /cases) in');
  let json: unknown;
  if (values.cases !== undefined) json = readJson(values.cases, 'cases file');
  else {
    try {
      json = JSON.parse(await readStdin());
    } catch (error) {
      throw new UsageError(`the cases on stdin are not valid JSON: ${(error as Error).message}`);
    }
  }
  const parsed = casesInput.safeParse(json);
  if (!parsed.success) throw new UsageError(`bad cases: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'cases'}: ${i.message}`).join('; ')}`);
  return calendarImpact(parsed.data, version, current, directory);
}

const YEAR = /^\d{4}$/;

function importIcs(values: Record<string, string | undefined>) {
  if (values.ics === undefined) throw new UsageError('missing --ics FILE');
  if (!values.from || !YEAR.test(values.from) || !values.to || !YEAR.test(values.to) || Number(values.to) < Number(values.from)) {
    throw new UsageError('--from YEAR --to YEAR: the years of the feed to import, e.g. --from 2027 --to 2029');
  }
  const holidays = holidaysFromIcs(readText(values.ics, 'iCalendar file'), { from: Number(values.from), to: Number(values.to) });
  if (values.calendar === undefined) return holidays;
  const effectiveFrom = values['effective-from'];
  if (effectiveFrom === undefined || parseIsoDate(effectiveFrom) === undefined) throw new UsageError('--effective-from YYYY-MM-DD: the local date the new version takes effect');
  const history = readCalendarFile(values.calendar);
  const document = readJson(values.calendar, 'calendar file') as { id?: string; versions?: Record<string, unknown>[] } & Record<string, unknown>;
  // An edit adds a version: the latest one as written, with the feed's dates added to its own.
  const versions = document.versions ?? [{ ...document, id: undefined, version: history.latest.version }];
  const latest = versions[versions.length - 1]!;
  const dates = new Set([...((latest.holidays as string[] | undefined) ?? []), ...holidays.map((h) => h.date)]);
  const next = { ...latest, version: history.latest.version + 1, effectiveFrom, holidays: [...dates].sort() };
  const result = { id: history.id, versions: [...versions, next] };
  parseCalendarHistory(result, 'calendar with the imported holidays');
  return result;
}

const batchLine = z.looseObject({
  op: z.string(),
  calendar: z.unknown().refine((value) => value !== undefined, 'missing calendar'),
  start: z.string().optional(),
  end: z.string().optional(),
  at: z.string().optional(),
  duration: z.string().optional(),
});

function errorMessage(error: unknown): string {
  if (error instanceof DomainError || error instanceof UsageError) return error.message;
  return `unexpected error: ${(error as Error).message}`;
}

/** Each distinct calendar of a batch is compiled once (and its day cache kept) for the whole run. */
const compiledCalendars = new Map<string, CalendarHistory>();

function batchCalendar(document: unknown): CalendarHistory {
  const key = JSON.stringify(document);
  let history = compiledCalendars.get(key);
  if (!history) {
    history = parseCalendarHistory(document);
    if (compiledCalendars.size >= 1_000) compiledCalendars.clear();
    compiledCalendars.set(key, history);
  }
  return history;
}

async function batch(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const out: string[] = [];
  let flushScheduled = false;
  const flush = () => {
    flushScheduled = false;
    if (out.length > 0) process.stdout.write(out.join(''));
    out.length = 0;
  };
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let answer: object;
    try {
      const parsed = batchLine.safeParse(JSON.parse(line));
      if (!parsed.success) throw new UsageError(`bad request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ')}`);
      answer = { result: evaluate({ ...parsed.data, calendar: batchCalendar(parsed.data.calendar) }) };
    } catch (error) {
      answer = { error: error instanceof SyntaxError ? `not JSON: ${error.message}` : errorMessage(error) };
    }
    out.push(`${JSON.stringify(answer)}\n`);
    // Answers go out in chunks, and as soon as the input pauses (a caller waiting for its answer).
    if (out.length >= 256) flush();
    else if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  }
  flush();
}

function deadline(values: Record<string, string | undefined>): string {
  const directory = supportDirectory();
  const level = values.level as ResponseLevel | undefined;
  if (!level || !RESPONSE_LEVELS.includes(level)) throw new UsageError('--level must be one of I, II, III, IV');
  let history: CalendarHistory;
  const institution = values.institution;
  if (values.calendar !== undefined) {
    history = readCalendarFile(values.calendar);
  } else if (institution !== undefined) {
    const found = directory.institutions.get(institution);
    if (!found) throw new UsageError(`unknown institution '${institution}' (known: ${[...directory.institutions.keys()].join(', ')})`);
    history = directory.historyOf(found);
  } else {
    throw new UsageError('give --institution ID or --calendar FILE');
  }
  // A case keeps the version in effect when it is received.
  const { calendar, at } = versionAt(history, values.at, 'at');
  const levelPolicy = directory.policy.levels[level];
  // The level alone fixes the target and the clock.
  const deadline = firstResponseDeadline(levelPolicy, at, calendar);
  return JSON.stringify(
    {
      level,
      name: levelPolicy.name,
      clock: deadline.clock,
      institution: institution ?? null,
      receivedAt: formatInstant(at),
      firstResponseDueAt: formatInstant(deadline.dueAt),
      firstResponseDueAtLocal: formatInZone(deadline.dueAt, calendar.zone),
      warningAt: formatInstant(deadline.warningAt),
      warningAtLocal: formatInZone(deadline.warningAt, calendar.zone),
      target: formatFixedDuration(deadline.targetMs),
      businessDay: { length: formatFixedDuration(calendar.businessDayMs), source: calendar.businessDaySource },
      calendar: { id: calendar.id, version: calendar.version, effectiveFrom: calendar.effectiveFrom === null ? null : formatIsoDate(calendar.effectiveFrom), zone: calendar.zone },
    },
    null,
    2,
  );
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      calendar: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      at: { type: 'string' },
      duration: { type: 'string' },
      level: { type: 'string' },
      institution: { type: 'string' },
      'calendar-file': { type: 'string' },
      cases: { type: 'string' },
      ics: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'effective-from': { type: 'string' },
    },
    strict: true,
  });
  if (command === 'batch') return batch();
  if (command === 'impact') {
    // JSON lines: the summary, then one line per open case.
    const { cases, ...summary } = await impact(values);
    process.stdout.write([summary, ...cases].map((line) => `${JSON.stringify(line)}\n`).join(''));
    return;
  }
  if (command === 'import-ics') {
    const imported = importIcs(values);
    // The holidays alone one per line; a calendar as a readable document.
    process.stdout.write(Array.isArray(imported) ? imported.map((holiday) => `${JSON.stringify(holiday)}\n`).join('') : `${JSON.stringify(imported, null, 2)}\n`);
    return;
  }
  if (command === 'deadline') {
    process.stdout.write(`${deadline(values)}\n`);
    return;
  }
  const calendar = readCalendarFile(values.calendar);
  process.stdout.write(`${String(evaluate({ ...values, op: command, calendar }))}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`sla: ${usage ? (error as Error).message : errorMessage(error)}\n`);
  if (usage) process.stderr.write(`${USAGE}\n`);
  process.exitCode = 2;
});
