import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureTable, localClient } from '../../local/dynamodb-local.js';

/** A new, empty table in the run's DynamoDB Local, with the service's layout (and its stream, if asked for). */
export async function freshTable(prefix = 'cases', options: { readonly stream?: boolean } = {}) {
  const endpoint = inject('dynamoEndpoint');
  const client = localClient(endpoint);
  const tableName = `${prefix}-${randomUUID()}`;
  await ensureTable(client, tableName, options);
  return { endpoint, client, tableName };
}
