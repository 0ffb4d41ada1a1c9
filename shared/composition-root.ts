import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbCaseStore } from './adapters/dynamodb/dynamodb-case-store.js';
import { type AppConfig, loadAppConfig } from './config/app-config.js';
import { supportDirectory } from './config/support-config.js';
import { type Logger, createLogger } from './observability/logger.js';
import { systemClock } from './ports/clock.js';
import { makeOpenCase } from './use-cases/open-case.js';
import { makeCheckHealth, makeGetCase, makeListCases } from './use-cases/read-cases.js';

/**
 * The one place that builds the service's dependencies, for Lambda and for the
 * local runtime alike: which adapters run is decided by configuration alone
 * (DYNAMODB_ENDPOINT points the same DynamoDB adapter at DynamoDB Local).
 * Built lazily once per process (one Lambda container, or the local server).
 */
export function buildDependencies(config: AppConfig) {
  const dynamo = new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT
      ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 3,
  });
  const store = new DynamoDbCaseStore(dynamo, config.TABLE_NAME);
  const directory = supportDirectory();
  const clock = systemClock;
  const logger: Logger = createLogger({ level: config.LOG_LEVEL });
  return {
    logger,
    openCase: makeOpenCase({ store, clock, directory }),
    getCase: makeGetCase({ store }),
    listCases: makeListCases({ store, clock }),
    checkHealth: makeCheckHealth({ store }),
  };
}

export type Dependencies = ReturnType<typeof buildDependencies>;

let built: Dependencies | undefined;

export function dependencies(): Dependencies {
  built ??= buildDependencies(loadAppConfig());
  return built;
}

/** The logger, even when the rest cannot be built (a configuration error must still be logged). */
export function logger(): Logger {
  try {
    return dependencies().logger;
  } catch {
    return createLogger();
  }
}
