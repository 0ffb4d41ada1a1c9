import type { RecordedEvent } from '../domain/timeline-event.js';

/** How a timeline event is shown. A comment's text is in `details.body`; no event ever holds a secret. */
export function eventView(event: RecordedEvent) {
  return { kind: event.kind, at: event.at, actor: event.actor, visibility: event.visibility, details: event.details };
}

