import { attachments } from '../shared/composition/attachments.js';
import { logger } from '../shared/composition/settings.js';
import { DomainError } from '../shared/domain/errors.js';
import { attachmentParametersSchema, attachmentView, newAttachmentBodySchema } from '../shared/http/attachment-http.js';
import { caseNumberParameterSchema } from '../shared/http/case-schemas.js';
import { httpHandler, json } from '../shared/http/http-handler.js';
import { parseInput, parseJsonBody } from '../shared/http/request-body.js';

/** POST and GET /cases/{n}/attachments, GET /cases/{n}/attachments/{id}: signed uploads and downloads, never the files themselves. */
export const handler = httpHandler(logger, async ({ event, principal }) => {
  const caller = principal();
  const deps = attachments();
  switch (event.routeKey) {
    case 'POST /cases/{caseNumber}/attachments': {
      const { caseNumber } = parseInput(caseNumberParameterSchema, event.pathParameters ?? {}, 'the case number is not valid');
      const body = parseJsonBody(event, newAttachmentBodySchema);
      const { attachment, upload } = await deps.addAttachment(caller, caseNumber, body);
      return json(201, { ...attachmentView(attachment), upload }, { location: `/cases/${caseNumber}/attachments/${attachment.id}` });
    }
    case 'GET /cases/{caseNumber}/attachments': {
      const { caseNumber } = parseInput(caseNumberParameterSchema, event.pathParameters ?? {}, 'the case number is not valid');
      const attachments = await deps.listAttachments(caller, caseNumber);
      return json(200, { items: attachments.map(attachmentView) });
    }
    case 'GET /cases/{caseNumber}/attachments/{attachmentId}': {
      const { caseNumber, attachmentId } = parseInput(attachmentParametersSchema, event.pathParameters ?? {}, 'the attachment is not valid');
      const { attachment, download } = await deps.downloadAttachment(caller, caseNumber, attachmentId);
      return json(200, { ...attachmentView(attachment), download });
    }
    default:
      throw new DomainError('route-not-found', `no route ${event.routeKey}`);
  }
});
