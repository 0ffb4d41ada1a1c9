import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb-local.js';

/**
 * One in-memory DynamoDB Local for the whole test run, on a free port, stopped
 * afterwards. Each test file creates tables of its own names, so files never
 * see each other's data.
 */
export default async function setup(project: TestProject) {
  // The SDK warns that it will need Node 22 from 2027; the tests run on the Node 20 this machine has.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
