import { ATTACHMENT_SETTINGS, DATA_SETTINGS } from '../config/app-config.js';
import { type AttachmentDeps, makeAddAttachment, makeDownloadAttachment, makeListAttachments } from '../use-cases/attachments.js';
import { s3Files } from './attachment-files.js';
import { caseDataOf } from './case-data.js';
import { caseReaderOf } from './case-reader.js';
import { caseTimelineOf } from './case-timeline.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** functions/attachments: signed uploads and downloads of a case's files, and their list. */
export function attachmentHandling(ports: AttachmentDeps) {
  return { addAttachment: makeAddAttachment(ports), listAttachments: makeListAttachments(ports), downloadAttachment: makeDownloadAttachment(ports) };
}

export const attachments = composition([DATA_SETTINGS, ATTACHMENT_SETTINGS], (config) => {
  const data = caseDataOf(config);
  const { clock } = basicsOf(config);
  return attachmentHandling({ clock, cases: caseReaderOf(data), timeline: caseTimelineOf(data), files: s3Files(config, clock) });
});
