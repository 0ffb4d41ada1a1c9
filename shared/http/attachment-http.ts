import * as z from 'zod';
import { ATTACHMENT_TYPES, type Attachment, MAX_ATTACHMENT_BYTES } from '../domain/attachment.js';
import { caseNumberParameterSchema } from './case-schemas.js';
import { lineText } from './text-fields.js';

/** What may be sent to the attachment routes, and how an attachment is shown. */
export const newAttachmentBodySchema = z.strictObject({
  // A name to show and to download under; it never becomes part of a storage key.
  fileName: lineText(200).refine((name) => !/[/\\]/.test(name), 'a file name without slashes'),
  contentType: z.enum(ATTACHMENT_TYPES, { error: `one of ${ATTACHMENT_TYPES.join(', ')}` }),
  size: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES, `at most ${MAX_ATTACHMENT_BYTES} bytes (25 MB)`),
  visibility: z.enum(['public', 'internal']).default('public'),
});

export const attachmentParametersSchema = caseNumberParameterSchema.extend({ attachmentId: z.uuid() });

export function attachmentView(a: Attachment) {
  return { id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, visibility: a.visibility, addedBy: a.addedBy, addedAt: a.addedAt };
}
