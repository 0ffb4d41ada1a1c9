import * as z from 'zod/mini';
import { ATTACHMENT_TYPES, type Attachment, MAX_ATTACHMENT_BYTES } from '../domain/attachment.js';
import { caseNumberParameterSchema } from './case-schemas.js';
import { lineText } from './text-fields.js';

/** What may be sent to the attachment routes, and how an attachment is shown. */
export const newAttachmentBodySchema = z.strictObject({
  // A name to show and to download under; it never becomes part of a storage key.
  fileName: lineText(200).check(z.refine((name) => !/[/\\]/.test(name), 'a file name without slashes')),
  contentType: z.enum(ATTACHMENT_TYPES, { error: `one of ${ATTACHMENT_TYPES.join(', ')}` }),
  size: z.number().check(z.int(), z.gte(1), z.lte(MAX_ATTACHMENT_BYTES, `at most ${MAX_ATTACHMENT_BYTES} bytes (25 MB)`)),
  visibility: z._default(z.enum(['public', 'internal']), 'public'),
});

export const attachmentParametersSchema = z.extend(caseNumberParameterSchema, { attachmentId: z.uuid() });

export function attachmentView(a: Attachment) {
  return { id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, visibility: a.visibility, addedBy: a.addedBy, addedAt: a.addedAt };
}
