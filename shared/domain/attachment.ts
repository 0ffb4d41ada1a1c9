import type { Role } from './support-case.js';
import type { RecordedEvent, TimelineEvent } from './timeline-event.js';

/**
 * Files on a case (screenshots, logs): what may be attached, how big, how many,
 * and how long a signed upload or download link lives. The file itself goes
 * straight to the attachment store under a key scoped to the case; the case's
 * timeline records it (public or internal, like a comment).
 */
export const ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/json',
  'application/zip',
  'application/gzip',
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_CASE = 20;
/** How long a signed upload or download link may be used. */
export const ATTACHMENT_LINK_SECONDS = 300;

export interface Attachment {
  readonly id: string;
  readonly caseNumber: string;
  readonly fileName: string;
  readonly contentType: AttachmentType;
  /** The size the uploader declared; the store refuses a file larger than the grant allows. */
  readonly size: number;
  readonly visibility: 'public' | 'internal';
  readonly addedBy: { readonly role: Role; readonly name: string };
  readonly addedAt: string;
}

/** Where the file lives in the store: under its case, named by its id (never by the uploader's file name). */
export const attachmentKey = (caseNumber: string, id: string): string => `cases/${caseNumber}/${id}`;

/** The timeline event that records an attachment. */
export function attachmentEvent(attachment: Attachment): TimelineEvent {
  return {
    kind: 'attachment-added',
    at: attachment.addedAt,
    actor: attachment.addedBy,
    visibility: attachment.visibility,
    discriminator: attachment.id,
    details: { attachmentId: attachment.id, fileName: attachment.fileName, contentType: attachment.contentType, size: attachment.size },
  };
}

/** The attachment an `attachment-added` event records; undefined for any other event. */
export function attachmentOf(caseNumber: string, event: RecordedEvent): Attachment | undefined {
  if (event.kind !== 'attachment-added' || event.actor.role === 'system') return undefined;
  const { attachmentId, fileName, contentType, size } = event.details;
  if (typeof attachmentId !== 'string' || typeof fileName !== 'string' || typeof size !== 'number' || !(ATTACHMENT_TYPES as readonly unknown[]).includes(contentType)) return undefined;
  return { id: attachmentId, caseNumber, fileName, contentType: contentType as AttachmentType, size, visibility: event.visibility, addedBy: { role: event.actor.role, name: event.actor.name }, addedAt: event.at };
}

/**
 * The Content-Disposition a download carries: always `attachment` (a file is
 * never rendered in the portal's origin), an ASCII fallback name and the exact
 * name in RFC 5987 form. Quotes, backslashes and control characters never reach the header.
 */
export function downloadDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const exact = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
