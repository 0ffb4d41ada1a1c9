import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError, ValidationError } from '../domain/errors.js';
import type { SupportCase } from '../domain/support-case.js';
import type { IfMatch } from '../use-cases/case-updates.js';

/** A case's version as an entity tag: `"7"`. */
export const etagOf = (supportCase: Pick<SupportCase, 'version'>): string => `"${supportCase.version}"`;


const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;

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
  for (const tag of header.split(',').map((part) => part.trim())) {
    const match = ENTITY_TAG.exec(tag);
    if (!match) throw new ValidationError('the If-Match header is not valid', [{ field: 'If-Match', message: 'expected the ETag of the case, such as "3"' }]);
    if (match[1] === undefined && /^\d{1,9}$/.test(match[2]!)) versions.push(Number(match[2]));
  }
  return versions;
}
