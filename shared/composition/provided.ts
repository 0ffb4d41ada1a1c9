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

/**
 * A function's dependencies: the provided full wiring, or its own built once from the configuration. What a
 * composition hands out are members of the full wiring, each possibly narrowed to the part its function uses (the
 * pages function gets the acknowledgements of `paging`, not its steps): a composition the full wiring could not
 * stand in for has the type `never`, so using it does not compile.
 */
export function composition<T extends object>(build: (config: AppConfig) => T): Dependencies extends T ? () => T : never {
  let built: T | undefined;
  // The full wiring is a T: the return type checks it (Dependencies extends T).
  const get = (): T => (provided as T | undefined) ?? (built ??= build(awsConfig()));
  return get as Dependencies extends T ? () => T : never;
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
