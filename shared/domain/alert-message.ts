import { BIDI_CONTROL, CONTROL_OR_LINE_BREAK, everywhere } from './plain-text.js';
import type { AlertTopic, ResponseLevel } from './support-policy.js';

/**
 * What an alert says, rendered by the sender of the outbox from the facts the change recorded (only the functions
 * that send alerts bundle the rendering). Every message starts with the case number.
 */
export const ALERT_KINDS = ['case-opened', 'sla-warning', 'sla-breached', 'escalation', 'escalation-requested'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertFacts {
  readonly caseNumber: string;
  readonly kind: AlertKind;
  /** Escalation step number (1, 2, …) for `escalation`. */
  readonly step?: number;
  readonly institution: string;
  readonly institutionName: string;
  readonly level: ResponseLevel;
  readonly title: string;
  readonly dueAtUtc: string | null;
  readonly dueAtLocal: string | null;
  readonly zone: string;
  readonly missingInformation: readonly string[];
  /** Who asked for management attention and why (an escalation request): their own words, rendered as quoted data. */
  readonly request?: { readonly by: string; readonly role: string; readonly reason: string };
}

export interface RenderedAlert {
  readonly subject: string;
  readonly sms: string;
  readonly email: string;
  readonly attributes: { readonly level: ResponseLevel; readonly kind: AlertKind; readonly caseNumber: string };
}

/** An alert as it is published: rendered, with its id and topic. */
export interface OutboundAlert extends RenderedAlert {
  /** Unique per case: `<kind>[-r<revision>]#<topic>`; a second attempt to record it is a no-op. */
  readonly alertId: string;
  readonly caseNumber: string;
  readonly topic: AlertTopic;
}

const HEADLINE: Record<AlertKind, (facts: AlertFacts) => string> = {
  'case-opened': (f) => `Level ${f.level} case opened`,
  'sla-warning': (f) => `Level ${f.level} first response due soon`,
  'sla-breached': (f) => `Level ${f.level} first response deadline MISSED`,
  escalation: (f) => `Level ${f.level} escalation step ${f.step ?? 1}: still no first response`,
  'escalation-requested': (f) => `Level ${f.level} escalation requested`,
};

const SHORT: Record<AlertKind, string> = {
  'case-opened': 'OPENED',
  'sla-warning': 'DUE SOON',
  'sla-breached': 'BREACHED',
  escalation: 'ESCALATED',
  'escalation-requested': 'ESCALATION REQUESTED',
};

/** Control characters (C0, DEL, C1) and line/paragraph separators become spaces, bidirectional controls go; runs of space collapse. */
function singleLine(text: string): string {
  return text.replace(everywhere(CONTROL_OR_LINE_BREAK), ' ').replace(everywhere(BIDI_CONTROL), '').replace(/\s+/g, ' ').trim();
}

/** Latin letters that do not decompose into a base letter and an accent. */
const LATIN: Readonly<Record<string, string>> = { Æ: 'AE', æ: 'ae', Ø: 'O', ø: 'o', ß: 'ss', Œ: 'OE', œ: 'oe', Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Þ: 'Th', þ: 'th', ı: 'i' };

/** Plain printable ASCII: accents are dropped (é → e), anything else becomes `?` (one per character, emoji included). */
export function toAscii(text: string): string {
  return [...singleLine(text).normalize('NFKD').replace(/\p{M}+/gu, '')]
    .map((ch) => (ch >= ' ' && ch <= '~' ? ch : (LATIN[ch] ?? '?')))
    .join('')
    .replace(/\?{2,}/g, '??');
}

/**
 * The GSM 03.38 basic character set: each of these is one septet, so 160 of them fit one SMS segment. A string, not a
 * Set built at import (a spread esbuild must keep): a function that reaches this module without rendering (intake,
 * through paging.ts) bundles none of it.
 */
const GSM7_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** Text made only of GSM-7 basic characters on one line: others are transliterated to ASCII, and what still is not GSM-7 becomes `?`. */
export function toGsm7(text: string): string {
  const gsm = (ch: string) => GSM7_BASIC.includes(ch) && ch !== '\n' && ch !== '\r';
  return [...singleLine(text)]
    .map((ch) => (gsm(ch) ? ch : [...toAscii(ch)].map((a) => (gsm(a) ? a : '?')).join('')))
    .join('');
}

/** A one-line value as a quoted string (JSON escaping): it can never end the line or pose as a field of ours. */
export function quoted(text: string): string {
  return JSON.stringify(singleLine(text));
}

/**
 * Multi-line text written by a person, as a quoted block: every line starts with
 * `> `, whatever line separator it used, so no line of it can look like a field
 * or a header of ours. Other control characters become spaces.
 */
export function quotedBlock(text: string): string[] {
  return text
    .split(/\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/)
    .map((line) => `> ${singleLine(line)}`.trimEnd());
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3).trimEnd()}...`;
}

export const SUBJECT_MAX = 99;
export const SMS_MAX = 160;

export function renderAlert(facts: AlertFacts): RenderedAlert {
  const headline = HEADLINE[facts.kind](facts);
  const subject = truncate(toAscii(`${facts.caseNumber} ${headline}: ${facts.title}`), SUBJECT_MAX);

  const due = facts.dueAtUtc ? ` due ${facts.dueAtUtc.slice(11, 16)}Z` : '';
  const smsHead = toGsm7(`${facts.caseNumber} L${facts.level} ${SHORT[facts.kind]} ${facts.institution}${due}:`);
  const sms = truncate(`${smsHead} ${toGsm7(facts.title)}`, SMS_MAX);

  const lines = [
    `Case ${facts.caseNumber}: ${headline}`,
    '',
    `Institution: ${facts.institutionName} (${facts.institution})`,
    `Level: ${facts.level}`,
    `Title: ${quoted(facts.title)}`,
    facts.dueAtUtc ? `First response due: ${facts.dueAtUtc} (UTC), ${facts.dueAtLocal} (${facts.zone})` : 'First response due: no SLA clock',
    `Missing from the case: ${facts.missingInformation.length > 0 ? facts.missingInformation.join(', ') : 'nothing'}`,
    ...(facts.request ? ['', `Requested by: ${quoted(facts.request.by)} (${facts.request.role})`, 'Reason, as written:', ...quotedBlock(facts.request.reason)] : []),
  ];
  return {
    subject,
    sms,
    email: `${lines.join('\n')}\n`,
    attributes: { level: facts.level, kind: facts.kind, caseNumber: facts.caseNumber },
  };
}
