import * as z from 'zod';
import { ATTACHMENT_TYPES, type Attachment, MAX_ATTACHMENT_BYTES } from '../domain/attachment.js';

/** What may be sent to the attachment routes, and how an attachment is shown. */
export const newAttachmentBodySchema = z.strictObject({
  // A name to show and to download under; it never becomes part of a storage key.
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => !/[\u0000-\u001f\u007f/\\]/.test(name), 'a file name without slashes or control characters'),
  contentType: z.enum(ATTACHMENT_TYPES, { error: `one of ${ATTACHMENT_TYPES.join(', ')}` }),
  size: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES, `at most ${MAX_ATTACHMENT_BYTES} bytes (25 MB)`),
  visibility: z.enum(['public', 'internal']).default('public'),
});

export const attachmentParametersSchema = z.strictObject({
  caseNumber: z.string().regex(/^\d{8}$/, 'a case number is 8 digits'),
  attachmentId: z.uuid(),
});

export function attachmentView(a: Attachment) {
  return { id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, visibility: a.visibility, addedBy: a.addedBy, addedAt: a.addedAt };
}
