import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError, ValidationError } from '../domain/errors.js';
import type { SupportCase } from '../domain/support-case.js';
import type { IfMatch } from '../use-cases/case-updates.js';

/** A case's version as an entity tag: `"7"`. */
export const etagOf = (supportCase: Pick<SupportCase, 'version'>): string => `"${supportCase.version}"`;


/** One element of an If-Match list: an entity tag, possibly weak, or nothing (empty elements are allowed, RFC 9110 5.6.1). */
const LIST_ELEMENT = /\s*(?:(W\/)?"([\x21\x23-\x7e\x80-\xff]*)")?\s*(,|$)/y;

/**
 * The versions an update is conditional on, from `If-Match` (RFC 9110 13.1.1):
 * 428 when missing, 400 when it is not a list of entity tags. If-Match uses the
 * strong comparison, so weak tags and tags that are not ours are well-formed but
 * can never match: the update is then refused with 412, not 400.
 */
export function expectedVersion(event: APIGatewayProxyEventV2): IfMatch {
  const header = event.headers?.['if-match'];
  if (header === undefined || header.trim() === '') {
    throw new DomainError('precondition-required', 'send If-Match with the ETag of the case you read (GET /cases/{caseNumber})');
  }
  if (header.trim() === '*') return '*';
  const versions: number[] = [];
  let tags = 0;
  LIST_ELEMENT.lastIndex = 0;
  while (LIST_ELEMENT.lastIndex < header.length) {
    const match = LIST_ELEMENT.exec(header);
    if (!match || match[0] === '') break;
    if (match[2] !== undefined) tags++;
    if (match[1] === undefined && match[2] !== undefined && /^\d{1,9}$/.test(match[2])) versions.push(Number(match[2]));
  }
  if (LIST_ELEMENT.lastIndex !== header.length || tags === 0) {
    throw new ValidationError('the If-Match header is not valid', [{ field: 'If-Match', message: 'expected the ETag of the case, such as "3"' }]);
  }
  return versions;
}
