import { formatInstant } from '../domain/instant-text.js';
import { SYSTEM_ACTOR } from '../domain/timeline-event.js';
import type { Logger } from '../observability/logger.js';
import type { CaseReader } from '../ports/case-reader.js';
import type { CaseTimeline } from '../ports/case-update-store.js';
import type { Outbox } from '../ports/outbox.js';
import type { Clock } from '../ports/clock.js';

/** A bounce or complaint the mail service reported for a message we sent. */
export interface MailFeedback {
  readonly type: 'bounce' | 'complaint';
  /** `Permanent`, `Transient` or `Undetermined` for a bounce. */
  readonly bounceType?: string | undefined;
  readonly addresses: readonly string[];
  /** The case the message was about (its `case` tag); null for mail about no case. */
  readonly caseNumber: string | null;
  /** The provider's id of the message, to record each notice once. */
  readonly messageId: string;
}

/**
 * Records a bounce or complaint on the case (internal: agents see that the
 * customer's address bounced) and stops mailing an address that complained.
 * A notice delivered twice is recorded once.
 */
export function makeRecordMailFeedback(deps: { readonly cases: Pick<CaseReader, 'getCase'>; readonly timeline: CaseTimeline; readonly outbox: Pick<Outbox, 'firstSeen' | 'suppressAddress'>; readonly clock: Clock; readonly logger: Logger }) {
  return async function recordMailFeedback(feedback: MailFeedback): Promise<'recorded' | 'duplicate'> {
    const at = formatInstant(deps.clock.now());
    if (!(await deps.outbox.firstSeen(`feedback#${feedback.type}#${feedback.messageId}`, at))) return 'duplicate';
    if (feedback.type === 'complaint') {
      for (const address of feedback.addresses) await deps.outbox.suppressAddress({ address, reason: 'complaint', at });
    }
    const supportCase = feedback.caseNumber === null ? undefined : await deps.cases.getCase(feedback.caseNumber);
    if (supportCase) {
      await deps.timeline.appendEvents(supportCase.caseNumber, [
        {
          kind: 'mail-bounced',
          at,
          actor: SYSTEM_ACTOR,
          visibility: 'internal',
          discriminator: `${feedback.type}-${feedback.messageId}`.slice(0, 100),
          details: { type: feedback.type, bounceType: feedback.bounceType ?? null, addresses: feedback.addresses.join(', '), suppressed: feedback.type === 'complaint' },
        },
      ]);
    }
    deps.logger.info('mail feedback recorded', { type: feedback.type, bounceType: feedback.bounceType, caseNumber: supportCase?.caseNumber ?? null, addresses: feedback.addresses.length });
    return 'recorded';
  };
}

export type RecordMailFeedback = ReturnType<typeof makeRecordMailFeedback>;
