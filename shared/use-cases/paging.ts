import { DomainError } from '../domain/errors.js';
import { formatInstant } from '../domain/instant-text.js';
import type { OncallConfig } from '../domain/oncall-config.js';
import { pageRecipients } from '../domain/oncall-rota.js';
import { type PageChannel, type PageRecord, newPage, pageDelivery, pagingEnded, parsePageId, pendingStepsOf, stepOfTimer, withAckLink } from '../domain/paging.js';
import { isPageTimer } from '../domain/sla-timers.js';
import { SYSTEM_ACTOR, type TimelineEvent } from '../domain/timeline-event.js';
import type { Logger } from '../observability/logger.js';
import type { AckTokens } from '../ports/ack-tokens.js';
import type { CaseUpdateStore } from '../ports/case-update-store.js';
import type { DueWork } from '../ports/due-work.js';
import type { Clock } from '../ports/clock.js';
import type { MailSender } from '../ports/mail-sender.js';
import type { Metrics } from '../ports/metrics.js';
import type { PageStore, StoredDelivery } from '../ports/page-store.js';
import type { TimerPayload } from '../ports/sla-timers.js';
import type { SmsSender } from '../ports/sms-sender.js';
import type { FireOutcome } from './fire-timer.js';
import { type DispatchResult, inBatches } from './dispatch-alerts.js';
import type { PageAcknowledgement } from './page-acknowledgement.js';
import type { Rota } from './oncall-rota.js';

/** Tries per message before it is given up on (and, for an SMS, the page escalates at once). */
export const MAX_SEND_ATTEMPTS = 3;
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 5;
const PAGE = 200;

export interface PagingDeps {
  readonly config: OncallConfig;
  readonly updates: CaseUpdateStore;
  /** Where the paging sweep finds the steps due. */
  readonly due: Pick<DueWork, 'dueTimers'>;
  readonly pages: PageStore;
  readonly rota: Rota;
  readonly sms: SmsSender;
  /** Page mail; without it pages go by SMS only. */
  readonly mail?: MailSender | undefined;
  readonly tokens: AckTokens;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The acknowledgement link of a token. */
  readonly ackLink: (pageId: string, token: string) => string;
  /** The sender of page mail (`oncall@…`). */
  readonly mailFrom: string;
}

/** The channels pages go by: SMS always, and mail where page mail is configured. */
const channelsOf = (pageMail: boolean): readonly PageChannel[] => (pageMail ? ['sms', 'email'] : ['sms']);

/**
 * Paging: each step of a page (first page, repeats, escalations) is a timer
 * of the case; when it fires, whoever the rota has on call at that moment gets
 * an SMS and a mail with an acknowledgement link, recorded in the page outbox
 * in the same transaction as the step. A step of a page that was acknowledged
 * (its remaining steps cancelled, see page-acknowledgement.ts) or ended does
 * nothing; a step and an acknowledgement racing it are both conditional on the
 * page as read, so exactly one of them wins and the other decides again.
 */
export function makePaging(deps: PagingDeps) {
  const { config, updates, pages, rota, clock, logger, metrics } = deps;
  const { policy } = config;
  const channels = channelsOf(deps.mail !== undefined);

  async function firePageStep(payload: TimerPayload, options: { readonly early?: boolean } = {}): Promise<FireOutcome> {
    const log = logger.with({ caseNumber: payload.caseNumber, timer: payload.timer, page: payload.revision });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const loaded = await updates.loadCase(payload.caseNumber);
      if (!loaded) return 'unknown-case';
      const timer = loaded.timers.find((t) => t.kind === payload.timer && t.revision === payload.revision);
      if (!timer || timer.status !== 'pending' || !isPageTimer(timer.kind)) return 'not-current';
      const now = clock.now();
      if (!options.early && now < timer.dueAt) return 'not-due';
      const step = stepOfTimer(timer.kind);
      const policyStep = policy.steps[step - 1];
      const page = await pages.getPage(payload.caseNumber, timer.revision);
      if (!policyStep || pagingEnded(loaded.supportCase) || page?.status === 'acknowledged' || (page !== undefined && page.lastStep >= step)) {
        await updates.retireTimer(timer);
        return 'not-current';
      }
      const { schedule, overrides } = await rota.current(config.pagingSchedule, now);
      const people = pageRecipients(schedule, overrides, policyStep.notify, now);
      const c = loaded.supportCase;
      const base = page ?? newPage({ caseNumber: c.caseNumber, pageNo: timer.revision, level: c.responseLevel, institution: c.institution, title: c.title, startedAt: timer.dueAt - policyStep.afterMs });
      const previousTarget = base.lastStep > 0 ? policy.steps[base.lastStep - 1]?.notify : undefined;
      const kind = previousTarget === undefined ? 'first' : previousTarget === policyStep.notify ? 'repeat' : 'escalation';
      const next: PageRecord = {
        ...base,
        lastStep: step,
        stepsSent: base.stepsSent + 1,
        repeats: base.repeats + (kind === 'repeat' ? 1 : 0),
        escalations: base.escalations + (kind === 'escalation' ? 1 : 0),
      };
      const deliveries = people.flatMap((person, recipient) =>
        channels.map((channel) => pageDelivery(next, step, policy.steps.length, policyStep.notify, person, recipient, channel)),
      );
      const at = formatInstant(now);
      const event: TimelineEvent = {
        kind: 'page-sent',
        at,
        actor: SYSTEM_ACTOR,
        visibility: 'internal',
        discriminator: `p${timer.revision}-s${step}`,
        details: { pageId: next.pageId, step, notify: policyStep.notify, kind, to: people.map((p) => p.name).join(', ') || null },
      };
      const skip = pendingStepsOf(loaded.timers, timer.revision).filter((t) => stepOfTimer(t.kind) < step);
      if ((await pages.recordStep({ previous: page, next, fire: timer, skip, deliveries, event })) !== 'applied') continue;
      log.info('page step sent', { step, notify: policyStep.notify, kind, recipients: people.length });
      metrics.count('PagesSent', 1, { Level: c.responseLevel });
      if (kind === 'repeat') metrics.count('PageRepeats', 1, { Level: c.responseLevel });
      if (kind === 'escalation') metrics.count('PageEscalations', 1, { Level: c.responseLevel });
      if (people.length === 0) {
        log.error('nobody on call for this paging step; escalating at once', { notify: policyStep.notify });
        await escalateNow(next, step);
      } else {
        await dispatchPages(deliveries);
      }
      return 'fired';
    }
    throw new DomainError('store-unavailable', `case ${payload.caseNumber} kept changing while paging step ${payload.timer} fired; retry`);
  }

  /** The next step that notifies someone else, at once (a message that cannot be delivered, nobody on call). */
  async function escalateNow(page: PageRecord, fromStep: number): Promise<void> {
    const from = policy.steps[fromStep - 1]?.notify;
    const index = policy.steps.findIndex((s, i) => i >= fromStep && s.notify !== from);
    if (index < 0) {
      logger.error('page could not be delivered and there is nobody further to escalate to', { pageId: page.pageId, step: fromStep });
      return;
    }
    const step = index + 1;
    await firePageStep({ caseNumber: page.caseNumber, timer: `page-${step}`, revision: page.pageNo, dueAt: formatInstant(page.startedAt + policy.steps[index]!.afterMs) }, { early: true });
  }

  async function send(delivery: StoredDelivery): Promise<void> {
    const token = await deps.tokens.issue({ pageId: delivery.pageId, deliveryId: delivery.deliveryId, expiresAt: clock.now() + policy.ackLinkLifetimeMs });
    const text = withAckLink(delivery, deps.ackLink(delivery.pageId, token));
    if (delivery.channel === 'sms') {
      await deps.sms.sendSms({ to: delivery.to.phone, text });
      return;
    }
    if (!deps.mail) throw new DomainError('invalid-configuration', 'page mail is not configured');
    const domain = deps.mailFrom.split('@')[1] ?? 'support.example';
    await deps.mail.send({
      messageId: `<page.${delivery.pageId}.${delivery.deliveryId}@${domain}>`,
      from: deps.mailFrom,
      to: [delivery.to.email],
      subject: delivery.subject,
      text,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  }

  async function dispatchOne(caseNumber: string, deliveryId: string): Promise<'sent' | 'failed' | 'skipped'> {
    const now = clock.now();
    const claimed = await pages.claimDelivery(caseNumber, deliveryId, now, now + LEASE_MS);
    if (!claimed) return 'skipped';
    const log = logger.with({ caseNumber, deliveryId, channel: claimed.channel });
    let error: unknown;
    // A delivery whose earlier senders died mid-way has used up some of its attempts already.
    for (let attempt = claimed.attempts; attempt <= MAX_SEND_ATTEMPTS; attempt++) {
      try {
        await send(claimed);
        await pages.settleDelivery(claimed, 'sent', clock.now());
        metrics.count('PageMessagesSent', 1, { Channel: claimed.channel });
        return 'sent';
      } catch (caught) {
        error = caught;
        log.warn('page message not sent; trying again', { attempt, error: (caught as Error).name });
      }
    }
    await pages.settleDelivery(claimed, 'failed', clock.now());
    metrics.count('PageMessagesFailed', 1, { Channel: claimed.channel });
    log.error('page message given up on after its attempts; operations are alerted', { error: (error as Error | undefined)?.name });
    await updates
      .appendEvents(caseNumber, [
        {
          kind: 'page-failed',
          at: formatInstant(clock.now()),
          actor: SYSTEM_ACTOR,
          visibility: 'internal',
          discriminator: deliveryId,
          details: { pageId: claimed.pageId, step: claimed.step, channel: claimed.channel, to: claimed.to.name, error: (error as Error | undefined)?.name ?? null },
        },
      ])
      .catch(() => undefined);
    if (claimed.channel === 'sms') {
      const ids = parsePageId(claimed.pageId);
      const page = ids && (await pages.getPage(ids.caseNumber, ids.pageNo));
      if (page) await escalateNow(page, claimed.step);
    }
    return 'failed';
  }

  /** Sends recorded page messages; each is claimed first, so two senders never both send it. */
  async function dispatchPages(deliveries: readonly { readonly caseNumber: string; readonly deliveryId: string }[]): Promise<DispatchResult> {
    return inBatches(deliveries, (d) => dispatchOne(d.caseNumber, d.deliveryId));
  }

  return {
    firePageStep,
    dispatchPages,
    /**
     * The paging sweep, every minute: a heartbeat, then the steps that are due but were not fired (a lost
     * trigger) and the messages recorded but not sent, through the pending index.
     */
    async sweepPaging(): Promise<{ stepsFired: number; messagesSent: number; messagesFailed: number }> {
      metrics.count('PagingHeartbeat', 1);
      const now = clock.now();
      let stepsFired = 0;
      let after: string | undefined;
      do {
        const due = await deps.due.dueTimers(now, PAGE, after, 'paging');
        for (const timer of due.items) {
          try {
            if ((await firePageStep({ caseNumber: timer.caseNumber, timer: timer.kind, revision: timer.revision, dueAt: formatInstant(timer.dueAt) })) === 'fired') stepsFired++;
          } catch (error) {
            logger.warn('paging step not fired; the next sweep retries', { caseNumber: timer.caseNumber, timer: timer.kind, error: (error as Error).name });
          }
        }
        after = due.next;
      } while (after);
      let messagesSent = 0;
      let messagesFailed = 0;
      after = undefined;
      do {
        const unsent = await pages.unsentDeliveries(now, PAGE, after);
        const result = await dispatchPages(unsent.items);
        messagesSent += result.sent;
        messagesFailed += result.failed;
        after = unsent.next;
      } while (after);
      return { stepsFired, messagesSent, messagesFailed };
    },
  };
}

/**
 * The canary's dry run of the paging path, sending nothing: the rota answers and names someone for every step,
 * each step's messages render (on the channels pages go by), and a link token signed now verifies for its page.
 */
export function makePagingDryRun(deps: Pick<PagingDeps, 'config' | 'rota' | 'tokens' | 'clock'> & { readonly pageMail: boolean }) {
  const { config, rota, clock } = deps;
  const { policy } = config;
  const channels = channelsOf(deps.pageMail);
  return async function dryRun(): Promise<{ readonly steps: number; readonly recipients: number }> {
    const now = clock.now();
    const { schedule, overrides } = await rota.current(config.pagingSchedule, now);
    const page = newPage({ caseNumber: '00000000', pageNo: 1, level: 'I', institution: 'canary', title: 'Canary dry run', startedAt: now });
    let recipients = 0;
    for (const [i, step] of policy.steps.entries()) {
      const people = pageRecipients(schedule, overrides, step.notify, now);
      if (people.length === 0) throw new DomainError('invalid-configuration', `nobody is on call for paging step ${i + 1} (${step.notify})`);
      for (const [r, person] of people.entries()) for (const channel of channels) pageDelivery(page, i + 1, policy.steps.length, step.notify, person, r, channel);
      recipients += people.length;
    }
    const token = await deps.tokens.issue({ pageId: page.pageId, deliveryId: 'p1-s1-sms-0', expiresAt: now + policy.ackLinkLifetimeMs });
    if (typeof (await deps.tokens.verify(page.pageId, token)) !== 'object') throw new DomainError('invalid-configuration', 'an acknowledgement token signed now does not verify');
    return { steps: policy.steps.length, recipients };
  };
}

export type PagingSteps = ReturnType<typeof makePaging>;

/** Paging as the full wiring hands it out: the steps, the acknowledgements and the dry run. */
export type Paging = PagingSteps & PageAcknowledgement & { readonly dryRun: ReturnType<typeof makePagingDryRun> };
