import { withoutFormatCharacters } from './plain-text.js';

/**
 * The new text of an emailed reply: quoted history (an "On … wrote:" line and
 * its equivalents in other languages and mail programs, Outlook's
 * From/Sent/To block, `>` lines) and the signature are cut off.
 *
 * Written here rather than taken from npm: the maintained port of GitHub's
 * email_reply_parser (`email-reply-parser`) requires Node 22 while the project
 * supports Node 20, and the other packages (talon, node-email-reply-parser) are
 * unmaintained and pull in lodash. The rules follow email_reply_parser and
 * Mailgun talon; test/unit/reply-text.test.ts runs them on email_reply_parser's
 * published fixtures (test/fixtures/email-reply-parser/).
 */

/** A line opening a quote in several languages: "On … wrote:", "Le … a écrit :", "Am … schrieb …:", "El … escribió:", "Il … ha scritto:", "Op … schreef …:", "Den … skrev …:". */
const QUOTE_HEADER = /^(On\s[\s\S]*\bwrote|Le\s[\s\S]*\sa\s+écrit|Am\s[\s\S]*\sschrieb[\s\S]*|El\s[\s\S]*\sescribió|Il\s[\s\S]*\sha\s+scritto|Op\s[\s\S]*\sschreef[\s\S]*|Den\s[\s\S]*\sskrev[\s\S]*)\s*:\s*$/i;
const QUOTE_HEADER_START = /^(On|Le|Am|El|Il|Op|Den)\s/i;
/** Outlook-style header blocks: "From: …" followed within a few lines by Sent/Date/To/Subject. */
const FIELD_FROM = /^\*?(From|De|Von|Van|Fra|Da)\s*:\*?\s/i;
const FIELD_NEXT = /^\*?(Sent|Date|To|Subject|Cc|Envoyé|Gesendet|Verzonden|Enviado|Inviato|Objet|Betreff|À|An|Aan)\s*:\*?/i;
const SEPARATOR = /^(-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Forwarded message)\s*-{2,}|_{10,}|Begin forwarded message:)\s*$/i;
const SIGNATURE_DELIMITER = /^(--\s*|__+\s*|-\w[^\n]{0,60})$/;
const SENT_FROM_DEVICE = /^Sent from (my )?[\w ]{1,40}$/i;
/** A signature block is short: at most this many non-empty lines after its delimiter. */
const SIGNATURE_MAX_LINES = 6;

/** An Outlook-style header block counts as history only when its `From:` line names an address. */
const HAS_ADDRESS = /[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+/;

/** Where the quoted history starts (a line index), or the number of lines when there is none. Linear: one backward pass, then one forward pass looking a few lines ahead. */
function historyStart(lines: readonly string[]): number {
  // quotedToEnd[i]: every line from i to the end is blank or a `>` line.
  const quotedToEnd: boolean[] = new Array<boolean>(lines.length + 1);
  quotedToEnd[lines.length] = true;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    quotedToEnd[i] = quotedToEnd[i + 1]! && (line === '' || line.startsWith('>'));
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (SEPARATOR.test(line)) return i;
    if (FIELD_FROM.test(line) && HAS_ADDRESS.test(line) && lines.slice(i + 1, i + 5).some((next) => FIELD_NEXT.test(next.trim()))) return i;
    if (QUOTE_HEADER_START.test(line)) {
      // The header may wrap over a few lines, never over a blank one.
      let joined = line;
      for (let j = i; j < Math.min(i + 3, lines.length); j++) {
        if (j > i) {
          if (lines[j]!.trim() === '') break;
          joined += ` ${lines[j]!.trim()}`;
        }
        if (QUOTE_HEADER.test(joined)) return i;
      }
    }
    // A block of `>` lines that runs to the end of the message is history too.
    if (line.startsWith('>') && quotedToEnd[i]) return i;
  }
  return lines.length;
}

/** Where the signature starts, or the number of lines when there is none. Linear: one backward pass counting the non-empty lines after each line. */
function signatureStart(lines: readonly string[]): number {
  let found = lines.length;
  let nonEmptyAfter = 0;
  for (let i = lines.length - 1; i >= 1; i--) {
    const line = lines[i]!;
    if (SIGNATURE_DELIMITER.test(line) && nonEmptyAfter <= SIGNATURE_MAX_LINES) found = i;
    else if (SENT_FROM_DEVICE.test(line.trim()) && nonEmptyAfter === 0) found = i;
    if (line.trim() !== '') nonEmptyAfter++;
    if (nonEmptyAfter > SIGNATURE_MAX_LINES) break;
  }
  return found;
}

/** The most of a decoded message the reply rules read (characters and lines): a reply's new text comes first. */
export const REPLY_READ_MAX_CHARS = 64 * 1024;
export const REPLY_READ_MAX_LINES = 2_000;

/** The visible new text of a reply, trimmed. */
export function visibleReply(text: string): string {
  const lines = withoutFormatCharacters(text.slice(0, REPLY_READ_MAX_CHARS)).replace(/\r\n?/g, '\n').split('\n', REPLY_READ_MAX_LINES);
  const unquoted = lines.slice(0, historyStart(lines)).filter((line) => !line.trimStart().startsWith('>'));
  const kept = unquoted.slice(0, signatureStart(unquoted));
  return kept
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Elements a mail client does not show (`hidden`, `display:none`): their text is not part of the reply. */
const HIDDEN_ELEMENT = /<([a-z][a-z0-9]*)\b(?=[^<>]*(?:\shidden(?:[\s=>/]|$)|display\s*:\s*none))[^<>]*>[\s\S]{0,16384}?<\/\1\s*>/gi;

/** The most of an HTML part read (a reply is at its start; the rules are bounded by it). */
const HTML_READ_MAX_CHARS = 4 * REPLY_READ_MAX_CHARS;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * HTML-only mail as text: scripts and styles dropped, quoted blocks marked with `>` (so the reply rules cut them),
 * block elements and `<br>` as line breaks, tags removed, entities decoded.
 */
export function htmlToText(html: string): string {
  const marked = html
    .slice(0, HTML_READ_MAX_CHARS)
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(HIDDEN_ELEMENT, '')
    .replace(/<blockquote\b[\s\S]*?<\/blockquote\s*>/gi, (quote) => `\n${quote.replace(/<[^>]*>/g, '\n').split('\n').filter((l) => l.trim()).map((l) => `> ${l.trim()}`).join('\n')}\n`)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|table)\s*>/gi, '\n')
    .replace(/<hr\b[^>]*>/gi, '\n__________\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(marked)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
