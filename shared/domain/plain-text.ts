/**
 * The characters text may not hold, in one place: the HTTP layer refuses them in
 * what people send, and alert rendering neutralises them in what it writes.
 */
/** C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators. */
export const CONTROL_OR_LINE_BREAK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Controls other than tab, LF and CR: what text that has lines may not hold (line and paragraph separators are line breaks there). */
export const CONTROL_EXCEPT_TAB_AND_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** Bidirectional embeddings, overrides and isolates: they can make text read in another order than it is stored. */
export const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
export const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Invisible format characters (zero-width space and joiners, soft hyphen, bidi controls, …): text from mail may not hide words with them. */
export const FORMAT_CHARACTER = /\p{Cf}/gu;

/** The text without invisible format characters. */
export const withoutFormatCharacters = (text: string): string => text.replace(FORMAT_CHARACTER, '');

/** A pattern that finds every match. */
export const everywhere = (pattern: RegExp): RegExp => new RegExp(pattern.source, 'g');

/**
 * Text that arrives from elsewhere (a token's name claim, an emailed reply): made safe rather than refused, by the
 * rules the API applies to what people send, and cut to `max` characters. One line: controls and line breaks become
 * spaces and runs of space collapse. With lines: tab and line breaks stay.
 */
export function cleanText(text: string, max: number, options: { readonly lines: boolean }): string {
  const cleaned = text
    .replace(everywhere(UNPAIRED_SURROGATE), '\uFFFD')
    .replace(everywhere(options.lines ? CONTROL_EXCEPT_TAB_AND_LINE_BREAKS : CONTROL_OR_LINE_BREAK), ' ')
    .replace(everywhere(BIDI_CONTROL), '')
    .normalize('NFC');
  const chars = [...(options.lines ? cleaned : cleaned.replace(/\s+/g, ' ')).trim()];
  return chars.slice(0, max).join('');
}
