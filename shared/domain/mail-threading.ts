import type { CustomerMailKind, MailSettings } from './customer-mail.js';

/**
 * The ids that thread a case's mail, fixed when a message is recorded (so a retry is the same message): the
 * functions that record mail need these and nothing of the rendering in customer-mail.ts.
 */

/** The thread every message of a case belongs to: the id of its first message. */
export const threadRootId = (caseNumber: string, settings: Pick<MailSettings, 'domain'>): string => `<case-${caseNumber}@${settings.domain}>`;

/** A message's id: stable, so the outbox sends it once and a retry is the same message. */
export function messageIdOf(caseNumber: string, kind: CustomerMailKind, discriminator: string, settings: Pick<MailSettings, 'domain'>): string {
  if (kind === 'case-opened') return threadRootId(caseNumber, settings);
  const safe = discriminator.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 80);
  return `<case-${caseNumber}.${kind}.${safe}@${settings.domain}>`;
}
