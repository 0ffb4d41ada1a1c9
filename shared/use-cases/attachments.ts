import { randomUUID } from 'node:crypto';
import {
  ATTACHMENT_LINK_SECONDS,
  type Attachment,
  type AttachmentType,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS_PER_CASE,
  attachmentEvent,
  attachmentKey,
  attachmentOf,
} from '../domain/attachment.js';
import { DomainError } from '../domain/errors.js';
import { formatInstant } from '../domain/instant-text.js';
import { type Principal, isStaff, visibleTo } from '../domain/principal.js';
import type { AttachmentStore, DownloadGrant, UploadGrant } from '../ports/attachment-store.js';
import type { CaseReader } from '../ports/case-reader.js';
import type { CaseTimeline } from '../ports/case-update-store.js';
import type { Clock } from '../ports/clock.js';

export interface AttachmentDeps {
  readonly cases: Pick<CaseReader, 'getCase' | 'listEvents'>;
  /** Where the `attachment-added` event goes (an append, nothing else of the case changes). */
  readonly timeline: CaseTimeline;
  readonly files: AttachmentStore;
  readonly clock: Clock;
}

export interface NewAttachment {
  readonly fileName: string;
  readonly contentType: AttachmentType;
  readonly size: number;
  readonly visibility: 'public' | 'internal';
}

/** Every attachment of a case the caller may see (customers: the public ones), oldest first. */
async function attachmentsOf(deps: Pick<AttachmentDeps, 'cases'>, caseNumber: string, publicOnly: boolean): Promise<Attachment[]> {
  const found: Attachment[] = [];
  let after: string | undefined;
  do {
    const page = await deps.cases.listEvents(caseNumber, { publicOnly, limit: 100, after });
    found.push(...page.items.flatMap((event) => attachmentOf(caseNumber, event) ?? []));
    after = page.next;
  } while (after);
  return found;
}

async function mustSee(deps: Pick<AttachmentDeps, 'cases'>, principal: Principal, caseNumber: string): Promise<void> {
  visibleTo(principal, caseNumber, await deps.cases.getCase(caseNumber));
}

/**
 * An attachment is recorded on the timeline (public or internal, like a
 * comment) and the caller gets a signed upload that takes only a file of the
 * declared type, no larger than the limit, for a few minutes.
 */
export function makeAddAttachment(deps: AttachmentDeps) {
  return async function addAttachment(principal: Principal, caseNumber: string, input: NewAttachment): Promise<{ attachment: Attachment; upload: UploadGrant }> {
    await mustSee(deps, principal, caseNumber);
    if (input.visibility === 'internal' && !isStaff(principal.role)) throw new DomainError('forbidden', 'only support staff may add internal attachments');
    const existing = await attachmentsOf(deps, caseNumber, false);
    if (existing.length >= MAX_ATTACHMENTS_PER_CASE) {
      throw new DomainError('attachment-limit-reached', `case ${caseNumber} already has ${MAX_ATTACHMENTS_PER_CASE} attachments`, { limit: MAX_ATTACHMENTS_PER_CASE });
    }
    const attachment: Attachment = {
      id: randomUUID(),
      caseNumber,
      fileName: input.fileName,
      contentType: input.contentType,
      size: input.size,
      visibility: input.visibility,
      addedBy: { role: principal.role, name: principal.name },
      addedAt: formatInstant(deps.clock.now()),
    };
    const upload = await deps.files.grantUpload({ key: attachmentKey(caseNumber, attachment.id), contentType: attachment.contentType, maxBytes: MAX_ATTACHMENT_BYTES, expiresInSeconds: ATTACHMENT_LINK_SECONDS });
    await deps.timeline.appendEvents(caseNumber, [attachmentEvent(attachment)]);
    return { attachment, upload };
  };
}

export function makeListAttachments(deps: Pick<AttachmentDeps, 'cases'>) {
  return async function listAttachments(principal: Principal, caseNumber: string): Promise<Attachment[]> {
    await mustSee(deps, principal, caseNumber);
    return attachmentsOf(deps, caseNumber, !isStaff(principal.role));
  };
}

/**
 * A signed download for a caller who may see the case and the attachment (an
 * internal one is, for a customer, exactly like one that does not exist).
 * Refused while the file is not uploaded, not yet scanned, or found infected.
 */
export function makeDownloadAttachment(deps: AttachmentDeps) {
  return async function downloadAttachment(principal: Principal, caseNumber: string, attachmentId: string): Promise<{ attachment: Attachment; download: DownloadGrant }> {
    await mustSee(deps, principal, caseNumber);
    const attachment = (await attachmentsOf(deps, caseNumber, !isStaff(principal.role))).find((a) => a.id === attachmentId);
    if (!attachment) throw new DomainError('attachment-not-found', `case ${caseNumber} has no attachment ${attachmentId}`);
    const key = attachmentKey(caseNumber, attachment.id);
    const state = await deps.files.fileState(key);
    if (state !== 'clean') {
      const why = { missing: 'it has not been uploaded', unscanned: 'it is still being scanned for malware', threat: 'the malware scan found a threat in it' }[state];
      throw new DomainError('attachment-not-available', `attachment ${attachmentId} cannot be downloaded: ${why}`, { state });
    }
    const download = await deps.files.grantDownload({ key, fileName: attachment.fileName, contentType: attachment.contentType, expiresInSeconds: ATTACHMENT_LINK_SECONDS });
    return { attachment, download };
  };
}
