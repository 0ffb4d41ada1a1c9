import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../../shared/domain/attachment.js';
import { ApiError, api } from '../api.js';
import { field, h } from '../dom.js';
import { inZone } from '../time.js';

interface AttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  visibility: 'public' | 'internal';
  addedBy: { role: string; name: string };
  addedAt: string;
}
interface Upload {
  url: string;
  fields: Record<string, string>;
}

/** Types browsers leave blank or guess differently, by file name. */
const BY_EXTENSION: Record<string, string> = { log: 'text/plain', txt: 'text/plain', csv: 'text/csv', json: 'application/json', gz: 'application/gzip', zip: 'application/zip', jpg: 'image/jpeg', jpeg: 'image/jpeg' };
const typeOf = (file: File) => (ATTACHMENT_TYPES as readonly string[]).includes(file.type) ? file.type : (BY_EXTENSION[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? file.type);

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A case's files: the list (each downloads through a short-lived signed link)
 * and a form that uploads straight to the store through a signed upload.
 */
export async function attachmentsSection(caseNumber: string, staff: boolean, reload: () => void): Promise<HTMLElement> {
  const { body } = await api<{ items: AttachmentView[] }>('GET', `/cases/${caseNumber}/attachments`);
  const error = h('p', { class: 'error', role: 'alert', 'data-error-for': 'form' });
  const download = async (a: AttachmentView) => {
    try {
      const { body: link } = await api<{ download: { url: string } }>('GET', `/cases/${caseNumber}/attachments/${a.id}`);
      location.assign(link.download.url);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      error.textContent = failure.message;
    }
  };
  const list = body.items.length
    ? h('ul', { class: 'attachments', id: 'attachments' }, ...body.items.map((a) =>
        h('li', { class: a.visibility },
          h('button', { type: 'button', class: 'link', onclick: () => void download(a) }, a.fileName),
          h('span', { class: 'hint' }, ` · ${fileSize(a.size)} · ${a.addedBy.name} · ${inZone(a.addedAt)}`),
          a.visibility === 'internal' ? h('span', { class: 'badge internal-badge' }, 'internal') : null)))
    : h('p', { id: 'attachments' }, 'No files yet.');

  const file = h('input', { type: 'file', name: 'file', accept: [...ATTACHMENT_TYPES, '.log', '.txt'].join(',') });
  const visibility = h('select', { name: 'visibility' }, h('option', { value: 'public' }, 'Public: the customer sees it'), h('option', { value: 'internal' }, 'Internal: staff only'));
  const submit = h('button', { type: 'submit', class: 'secondary' }, 'Attach the file');
  const form = h('form', { id: 'attach-form' },
    field('Add a screenshot or a log', file, `PNG, JPEG, GIF, WebP, PDF, text, CSV, JSON, ZIP or gzip; up to ${fileSize(MAX_ATTACHMENT_BYTES)}.`),
    staff ? field('Who sees the file', visibility) : '',
    error,
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const chosen = file.files?.[0];
    if (!chosen) return void (error.textContent = 'Choose a file first.');
    const contentType = typeOf(chosen);
    if (!(ATTACHMENT_TYPES as readonly string[]).includes(contentType)) return void (error.textContent = 'This kind of file cannot be attached: send a screenshot, a PDF, a text log or an archive.');
    if (chosen.size > MAX_ATTACHMENT_BYTES) return void (error.textContent = `The file is ${fileSize(chosen.size)}; the most is ${fileSize(MAX_ATTACHMENT_BYTES)}.`);
    submit.disabled = true;
    try {
      const { body: added } = await api<{ upload: Upload }>('POST', `/cases/${caseNumber}/attachments`, {
        body: { fileName: chosen.name, contentType, size: chosen.size, visibility: staff ? visibility.value : 'public' },
      });
      const upload = new FormData();
      for (const [name, value] of Object.entries(added.upload.fields)) upload.append(name, value);
      upload.append('file', chosen);
      const stored = await fetch(added.upload.url, { method: 'POST', body: upload });
      if (!stored.ok) throw new Error(`the upload was refused (${stored.status})`);
      reload();
    } catch (failure) {
      submit.disabled = false;
      error.textContent = failure instanceof ApiError ? [failure.message, ...(failure.problem.errors ?? []).map((e) => `${e.field}: ${e.message}`)].join(' ') : `The file could not be uploaded: ${(failure as Error).message}.`;
    }
  });
  return h('section', { 'aria-labelledby': 'attachments-title' }, h('h2', { id: 'attachments-title' }, `Files (${body.items.length})`), list, form);
}
