/**
 * Page cursors handed to clients. A cursor is sealed (authenticated) by the
 * service and bound to the caller and the query it continues, so a forged,
 * altered, expired or borrowed cursor is refused before any read: the store
 * only ever sees positions it handed out itself.
 */
export interface PageCursors {
  /** An opaque cursor for `position`, valid only with the same `binding` (caller and query). */
  seal(position: unknown, binding: string): Promise<string>;
  /** The position inside a cursor; a 400 `validation-failed` naming `cursor` when it is not one of ours for this binding, or too old. */
  open(cursor: string, binding: string): Promise<unknown>;
}
