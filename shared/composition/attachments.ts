import { makeAddAttachment, makeDownloadAttachment, makeListAttachments } from '../use-cases/attachments.js';
import { s3Files } from './attachment-files.js';
import { caseDataOf } from './case-data.js';
import { caseReaderOf } from './case-reader.js';
import { caseUpdateStoreOf } from './case-update-store.js';
import type { ServicePorts } from './ports.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** functions/attachments: signed uploads and downloads of a case's files, and their list. */
export function attachmentHandling(ports: Pick<ServicePorts, 'cases' | 'updates' | 'files' | 'clock'>) {
  return { addAttachment: makeAddAttachment(ports), listAttachments: makeListAttachments(ports), downloadAttachment: makeDownloadAttachment(ports) };
}

export const attachments = composition((config) => {
  const data = caseDataOf(config);
  const { clock } = basicsOf(config);
  return attachmentHandling({ clock, cases: caseReaderOf(data), updates: caseUpdateStoreOf(data), files: s3Files(config, clock) });
});
