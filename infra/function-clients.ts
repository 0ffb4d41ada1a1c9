import type { FunctionNeeds } from './function-permissions.js';

/** An AWS SDK v3 client package, by its name under `@aws-sdk/`. */
export type AwsClient = 'client-cognito-identity-provider' | 'client-dynamodb' | 'client-lambda' | 'client-s3' | 'client-scheduler' | 'client-sesv2' | 'client-sns';

/**
 * The AWS SDK clients a function's needs call for, and so the only ones its bundle may hold: DynamoDB for any data,
 * Scheduler for schedules, SNS for alerts and SMS, SESv2 for mail, Lambda for starting pages, Cognito for user
 * look-ups, S3 for files. The bundle test checks each bundle holds exactly these; `npm run bench:coldstart` compares
 * each function with a bare handler of the same clients.
 */
export function awsClientsOf(needs: FunctionNeeds): AwsClient[] {
  const { table, indexes, secrets } = needs.data;
  const clients: [AwsClient, boolean][] = [
    ['client-cognito-identity-provider', needs.readsUsers === true],
    ['client-dynamodb', Boolean(table?.length || indexes?.length || secrets?.length)],
    ['client-lambda', needs.invokesPaging === true],
    ['client-s3', needs.files === true],
    ['client-scheduler', needs.schedules.length > 0],
    ['client-sesv2', needs.sendsMail === true],
    ['client-sns', needs.alerts || needs.sms === true],
  ];
  return clients.filter(([, needed]) => needed).map(([client]) => client);
}
