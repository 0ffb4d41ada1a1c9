import { ADAPTER_SETTINGS, type AppConfig, OBSERVABILITY_SETTINGS, type Settings, type SettingsGroup, appConfigFrom, logLevelFrom } from '../config/app-config.js';
import { ConfigurationError } from '../domain/errors.js';
import { EmfMetrics } from '../observability/emf-metrics.js';
import { type Logger, createLogger } from '../observability/logger.js';
import { type Clock, systemClock } from '../ports/clock.js';
import { type Metrics, noMetrics } from '../ports/metrics.js';

/*
 * What every composition starts from: the configuration of the groups of settings it names (taken from the
 * environment on first use, never at import; each setting parsed when the function first reads it), the process's
 * logger and its metrics.
 */

/** The configuration of a Lambda function: the groups it names, with observability and the adapter switches. */
export type LambdaConfig<G extends SettingsGroup> = Settings<G | typeof OBSERVABILITY_SETTINGS | typeof ADAPTER_SETTINGS>;

/**
 * A Lambda function's configuration, of the groups of settings it names (its bundle holds the schemas of those
 * alone). Lambda functions build the AWS adapters; the local ones are wired (and shared) by the local runtime alone,
 * so a local adapter switch here is a configuration error.
 */
export function appConfig<G extends SettingsGroup>(groups: readonly G[]): LambdaConfig<G> {
  const config = appConfigFrom<G | typeof OBSERVABILITY_SETTINGS | typeof ADAPTER_SETTINGS>([OBSERVABILITY_SETTINGS, ADAPTER_SETTINGS, ...groups]);
  const local = (['TIMERS', 'ALERTS', 'ATTACHMENTS', 'MAIL'] as const).filter((name) => config[name] === 'local' || config[name] === 'smtp');
  if (local.length > 0) {
    throw new ConfigurationError('invalid environment', local.map((field) => ({ field, message: 'local adapters are provided by the local runtime (local/local-service.ts)' })));
  }
  return config;
}

let sharedLogger: Logger | undefined;

/**
 * The process's logger. It needs only LOG_LEVEL, so a function that touches no
 * data (knowledge, not-found) never reads the rest of the configuration, and a
 * configuration error can still be logged.
 */
export function logger(): Logger {
  sharedLogger ??= createLogger({ level: logLevelFrom(process.env) });
  return sharedLogger;
}

/** The configured metrics: CloudWatch embedded metric format in AWS, none otherwise. */
export const metricsOf = (config: Pick<AppConfig, 'METRICS'>): Metrics => (config.METRICS === 'emf' ? new EmfMetrics() : noMetrics);

/** What every function's use cases take: the system clock, the process's logger, the configured metrics. */
export function basicsOf(config: Pick<AppConfig, 'METRICS'>): { readonly clock: Clock; readonly logger: Logger; readonly metrics: Metrics } {
  return { clock: systemClock, logger: logger(), metrics: metricsOf(config) };
}

/**
 * A stalled AWS service must become a 503 (with Retry-After) well inside the function's 10 s: each attempt gets 1 s to
 * connect and 2.5 s to answer, and there are at most two attempts, so a call gives up after about 5 s instead of the
 * function being killed by Lambda (a bare 500) while the client waits. Scheduler and SNS calls come after the change
 * is recorded; when they give up, the sweeper finishes their work.
 */
export const AWS_CALL_LIMITS = { maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_500, throwOnRequestTimeout: true } } as const;

/**
 * An adapter built on its first use: a function that never schedules, publishes or handles files needs none of
 * their settings or clients. Every port is an object of methods, so the stand-in forwards each call.
 */
export function lazy<T extends object>(build: () => T): T {
  let adapter: T | undefined;
  return new Proxy({} as T, {
    get: (_target, name) => {
      adapter ??= build();
      const member: unknown = Reflect.get(adapter, name);
      return typeof member === 'function' ? member.bind(adapter) : member;
    },
  });
}
