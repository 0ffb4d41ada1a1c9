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

/** A pattern that finds every match. */
export const everywhere = (pattern: RegExp): RegExp => new RegExp(pattern.source, 'g');

/** Text with lines that arrives from elsewhere (an emailed reply): made safe rather than refused, like the API's rules, cut to `max`. */
export function cleanMultiline(text: string, max: number): string {
  const cleaned = text
    .replace(everywhere(UNPAIRED_SURROGATE), '\uFFFD')
    .replace(everywhere(CONTROL_EXCEPT_TAB_AND_LINE_BREAKS), ' ')
    .replace(everywhere(BIDI_CONTROL), '')
    .normalize('NFC')
    .trim();
  const chars = [...cleaned];
  return chars.length <= max ? cleaned : `${chars.slice(0, max - 3).join('').trimEnd()}...`;
}
