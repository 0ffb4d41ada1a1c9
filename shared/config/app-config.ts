import * as z from 'zod';
import { ConfigurationError } from '../domain/errors.js';
import { fieldProblems } from '../domain/zod-problems.js';

/**
 * Runtime configuration from the environment, parsed once. The CDK stack sets
 * these on every function; the local runtime sets them before it loads the
 * handlers.
 */
const schema = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  /** Only locally: DynamoDB Local's URL. Unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().min(1).default('eu-west-2'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type AppConfig = z.output<typeof schema>;

export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigurationError('invalid environment', fieldProblems(result.error));
  return result.data;
}
