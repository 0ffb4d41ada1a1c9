/**
 * The local stand-in for S3's side of attachments: takes the signed form
 * uploads and serves the signed downloads that the local attachment store
 * hands out, at /local/attachments. None of this exists in AWS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LOCAL_ATTACHMENTS_PATH } from '../shared/adapters/local/local-attachment-store.js';
import { dependencies } from '../shared/composition-root.js';

/** An upload may be this large before it is refused unread (the grant's own limit is checked after). */
export const LOCAL_UPLOAD_MAX_BYTES = 26 * 1024 * 1024;

function answer(response: ServerResponse, status: number, message?: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(message ?? '');
}

/** Answers the request if it is for a local attachment link; false otherwise. */
export async function serveLocalAttachments(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== LOCAL_ATTACHMENTS_PATH && url.pathname !== `${LOCAL_ATTACHMENTS_PATH}/download`) return false;
  const files = dependencies().localAttachments;
  if (!files) return false;
  if (request.method === 'POST' && url.pathname === LOCAL_ATTACHMENTS_PATH) {
    let form: FormData;
    try {
      // The platform's own multipart parser, as a browser's form post would be read.
      form = await new Request('http://localhost/', { method: 'POST', headers: { 'content-type': request.headers['content-type'] ?? '' }, body }).formData();
    } catch {
      answer(response, 400, 'send the upload as multipart/form-data');
      return true;
    }
    const result = await files.acceptUpload(form);
    answer(response, result.status, 'message' in result ? result.message : undefined);
    return true;
  }
  if (request.method === 'GET' && url.pathname === `${LOCAL_ATTACHMENTS_PATH}/download`) {
    const result = await files.openDownload(url.searchParams);
    if (result.status !== 200) {
      answer(response, result.status, result.message);
      return true;
    }
    response.writeHead(200, {
      'content-type': result.contentType,
      'content-disposition': result.disposition,
      'content-length': String(result.body.length),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    response.end(result.body);
    return true;
  }
  answer(response, 405);
  return true;
}
