import type { Role } from './support-case.js';

/**
 * One entry of a case's append-only timeline. Events are written once and
 * never updated or deleted. Customers see only `public` ones.
 */
export type TimelineEventKind =
  | 'case-opened'
  | 'sla-warning'
  | 'sla-breached'
  | 'escalation'
  | 'alert-sent'
  | 'first-response'
  | 'level-changed'
  | 'request-type-changed'
  | 'comment'
  | 'status-changed'
  | 'assignee-changed'
  | 'information-supplied'
  | 'escalation-requested'
  | 'credentials-read'
  | 'secrets-purged'
  | 'attachment-added'
  | 'mail-sent'
  | 'mail-received'
  | 'mail-bounced'
  | 'page-sent'
  | 'page-failed'
  | 'page-acknowledged';

/** An event as read back from the timeline. */
export interface RecordedEvent extends TimelineEvent {
  /** Opaque position of the event in its timeline. */
  readonly id: string;
}

export interface TimelineEvent {
  readonly kind: TimelineEventKind;
  readonly at: string;
  /** Who did it; `system` for timers and alerts. */
  readonly actor: { readonly role: Role | 'system'; readonly name: string };
  readonly visibility: 'public' | 'internal';
  /** Makes the event unique among events of the same kind at the same instant. */
  readonly discriminator: string;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

export const SYSTEM_ACTOR = { role: 'system', name: 'SLA service' } as const;
