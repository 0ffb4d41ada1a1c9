import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError, ValidationError } from '../domain/errors.js';
import type { SupportCase } from '../domain/support-case.js';

/** A case's version as an entity tag: `"7"`. */
export const etagOf = (supportCase: Pick<SupportCase, 'version'>): string => `"${supportCase.version}"`;

/** The version an update is conditional on, from `If-Match`: 428 when missing, 400 when it is not one of ours. */
export function expectedVersion(event: APIGatewayProxyEventV2): number {
  const header = event.headers?.['if-match'];
  if (header === undefined || header.trim() === '') {
    throw new DomainError('precondition-required', 'send If-Match with the ETag of the case you read (GET /cases/{caseNumber})');
  }
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match) throw new ValidationError('the If-Match header is not valid', [{ field: 'If-Match', message: 'expected the ETag of the case, such as "3"' }]);
  return Number(match[1]);
}
