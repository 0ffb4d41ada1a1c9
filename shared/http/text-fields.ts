import * as z from 'zod/mini';
import { BIDI_CONTROL, CONTROL_EXCEPT_TAB_AND_LINE_BREAKS, CONTROL_OR_LINE_BREAK, UNPAIRED_SURROGATE, cleanText } from '../domain/plain-text.js';

/**
 * What free text may hold. Stored text is shown in the portal, mailed, paged
 * and logged, so it must be well-formed Unicode without invisible control
 * characters: NUL, other C0/C1 controls, DEL and bidirectional overrides are
 * refused (400 naming the field), as are unpaired surrogates, which strict JSON and mail encoders
 * reject. Text is normalised to NFC so the same words are stored the same way.
 * Multi-line text keeps tab and line breaks; single-line text keeps neither.
 * Secrets are stored exactly as given (never normalised): only NUL and unpaired
 * surrogates are refused.
 */
const CONTROL_IN_LINE = CONTROL_OR_LINE_BREAK;
const CONTROL_IN_LINES = CONTROL_EXCEPT_TAB_AND_LINE_BREAKS;

export const isWellFormed = (text: string): boolean => !UNPAIRED_SURROGATE.test(text);

/**
 * What every text field of a kind shares, built on first use and once: every HTTP function loads this module (the
 * caller's name is cleaned with `cleanLine`), few build a text field; each field adds only its own lengths.
 */
function sharedBy<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}
const wellFormed = () => z.string().check(z.refine(isWellFormed, 'contains an unpaired surrogate: not valid Unicode text'));
const cleaned = () => z.transform((text: string) => text.normalize('NFC').trim());
const bidi = () => z.refine<string>((text) => !BIDI_CONTROL.test(text), 'contains bidirectional control characters');
const cleanedLine = sharedBy(() => z.pipe(wellFormed().check(z.refine((text) => !CONTROL_IN_LINE.test(text), 'must be one line without control characters'), bidi()), cleaned()));
const cleanedLines = sharedBy(() => z.pipe(wellFormed().check(z.refine((text) => !CONTROL_IN_LINES.test(text), 'contains control characters (only tab and line breaks are allowed)'), bidi()), cleaned()));

/** One line of text (a title, a name): trimmed, NFC, 1..max characters. */
export const lineText = (max: number, min = 1) =>
  z.pipe(cleanedLine(), z.string().check(z.minLength(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`), z.maxLength(max, `must be at most ${max} characters`)));

/** Text with lines (a description, a comment): tab, CR and LF allowed; trimmed, NFC, min..max characters. */
export const multilineText = (max: number, min = 1) =>
  z.pipe(
    cleanedLines(),
    min > 0
      ? z.string().check(z.minLength(min, 'must not be empty'), z.maxLength(max, `must be at most ${max} characters`))
      : z.string().check(z.maxLength(max, `must be at most ${max} characters`)),
  );

/** A secret (credentials, remote access): kept byte for byte; NUL and unpaired surrogates refused. */
export const secretText = (max: number) =>
  z.string().check(
    z.minLength(1),
    z.maxLength(max),
    z.refine(isWellFormed, 'contains an unpaired surrogate: not valid Unicode text'),
    z.refine((text) => !text.includes('\u0000'), 'contains a NUL character'),
  );

/** Text that arrives from elsewhere (a token's name claim): made safe rather than refused. */
export const cleanLine = (text: string, max: number): string => cleanText(text, max, { lines: false });
