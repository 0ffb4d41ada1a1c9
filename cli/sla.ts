/**
 * `npm run --silent sla -- <command>`: business-time arithmetic for operators and
 * for checking the SLA maths by hand. See README.md, "The sla command".
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import type { BusinessCalendar } from '../shared/domain/business-calendar.js';
import { type CalendarHistory, parseCalendarHistory } from '../shared/domain/calendar-history.js';
import { addBusinessTime, businessTimeBetween, isBusinessTime, nextBusinessInstant } from '../shared/domain/business-time.js';
import { firstResponseDeadline } from '../shared/domain/deadlines.js';
import { DomainError } from '../shared/domain/errors.js';
import { formatFixedDuration, parseFixedDuration } from '../shared/domain/iso-duration.js';
import { formatInZone, formatInstant, parseInstant } from '../shared/domain/instant-text.js';
import { RESPONSE_LEVELS, type ResponseLevel } from '../shared/domain/support-policy.js';
import { formatIsoDate } from '../shared/domain/civil-date.js';
import { supportDirectory } from '../shared/config/support-config.js';

class UsageError extends Error {}

const USAGE = `usage: sla <command> [options]
  add       --calendar FILE --start ISO --duration ISO8601-DURATION   prints the instant (UTC)
  within    --calendar FILE --at ISO                                   prints true or false
  elapsed   --calendar FILE --start ISO --end ISO                      prints business seconds in [start, end)
  next-open --calendar FILE --at ISO                                   prints the instant (UTC)
  deadline  --level I|II|III|IV (--institution ID | --calendar FILE) --at ISO
  batch     reads JSON lines {"op":"add","calendar":{...},"start":"...","duration":"PT9H30M"} from stdin
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

function readCalendarFile(path: string | undefined, option = 'calendar'): CalendarHistory {
  if (path === undefined) throw new UsageError(`missing --${option} FILE`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read calendar file '${path}'`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`calendar file '${path}' is not valid JSON: ${(error as Error).message}`);
  }
  return parseCalendarHistory(json, `calendar file '${path}'`);
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
  const flush = () => {
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
    if (out.length >= 256) flush();
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
      targetBusinessTime: formatFixedDuration(deadline.targetMs),
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
    },
    strict: true,
  });
  if (command === 'batch') return batch();
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
