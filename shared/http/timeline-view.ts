import { ValidationError } from '../domain/errors.js';
import type { RecordedEvent } from '../domain/timeline-event.js';

/** How a timeline event is shown. A comment's text is in `details.body`; no event ever holds a secret. */
export function eventView(event: RecordedEvent) {
  return { kind: event.kind, at: event.at, actor: event.actor, visibility: event.visibility, details: event.details };
}

/** Timeline positions travel as opaque cursors. */
export const encodeTimelineCursor = (position: string): string => Buffer.from(position).toString('base64url');

export function decodeTimelineCursor(cursor: string): string {
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^EVENT#[\x21-\x7e]{1,300}$/.test(position)) {
    throw new ValidationError('the query has invalid parameters', [{ field: 'cursor', message: 'not a cursor from a previous page of this timeline' }]);
  }
  return position;
}
