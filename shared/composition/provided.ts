import type { Dependencies } from '../composition-root.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigurationError } from '../domain/errors.js';
import { appConfig } from './settings.js';

/**
 * How a Lambda function gets its dependencies. Each function has a composition of its own (shared/composition/
 * <group>.ts) that builds, on the first request, only what that function uses, from the configuration. The local
 * runtime and the tests instead provide the full wiring (composition-root.ts: local adapters, a controlled clock),
 * which every composition then hands out as it is.
 */
let provided: Dependencies | undefined;

export function provideDependencies(dependencies: Dependencies): void {
  provided = dependencies;
}

export function providedDependencies(): Dependencies | undefined {
  return provided;
}

/** A function's dependencies: the provided full wiring, or its own built once from the configuration. */
export function composition<K extends keyof Dependencies>(build: (config: AppConfig) => Pick<Dependencies, K>): () => Pick<Dependencies, K> {
  let built: Pick<Dependencies, K> | undefined;
  return () => provided ?? (built ??= build(awsConfig()));
}

/** The compositions build the AWS adapters; the local ones are wired (and shared) by the local runtime alone. */
function awsConfig(): AppConfig {
  const config = appConfig();
  const local = (['TIMERS', 'ALERTS', 'ATTACHMENTS', 'MAIL'] as const).filter((name) => config[name] === 'local' || config[name] === 'smtp');
  if (local.length > 0) {
    throw new ConfigurationError('invalid environment', local.map((field) => ({ field, message: 'local adapters are provided by the local runtime (local/local-service.ts)' })));
  }
  return config;
}
