import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

/**
 * The bare-client baseline of `npm run bench:coldstart`: a handler that imports the DynamoDB client and does one
 * GetItem. Like the service's functions, it builds its client on the first call, so both sides' import times
 * measure loading and evaluating the bundle, nothing else.
 */
let client: DynamoDBClient | undefined;

export const handler = async (event: { readonly id: string }) => {
  client ??= new DynamoDBClient({});
  const { Item } = await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: event.id }, sk: { S: 'ITEM' } } }));
  return Item ?? null;
};
