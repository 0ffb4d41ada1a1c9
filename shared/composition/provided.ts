import type { Dependencies } from '../composition-root.js';
import type { SettingsGroup } from '../config/app-config.js';
import { type LambdaConfig, appConfig } from './settings.js';

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

/** A function's composition: its dependencies, and the groups of settings it reads. */
export type Composition<T> = (() => T) & { readonly settings: readonly SettingsGroup[] };

/**
 * A function's dependencies: the provided full wiring, or its own built once from the configuration of the groups of
 * settings it names (`build` reads those alone: reading any other setting does not compile). What a composition
 * hands out are members of the full wiring, each possibly narrowed to the part its function uses (the pages function
 * gets the acknowledgements of `paging`, not its steps): a composition the full wiring could not stand in for has the
 * type `never`, so using it does not compile.
 */
export function composition<G extends SettingsGroup, T extends object>(settings: readonly G[], build: (config: LambdaConfig<G>) => T): Dependencies extends T ? Composition<T> : never {
  const own = ownComposition(settings, build);
  // The full wiring is a T: the return type checks it (Dependencies extends T).
  const get = (): T => (provided as T | undefined) ?? own();
  return Object.assign(get, { settings }) as unknown as Dependencies extends T ? Composition<T> : never;
}

/** A composition built from the configuration alone, once, even where the full wiring is provided (functions/inbound-mail). */
export function ownComposition<G extends SettingsGroup, T>(settings: readonly G[], build: (config: LambdaConfig<G>) => T): Composition<T> {
  let built: T | undefined;
  return Object.assign(() => (built ??= build(appConfig(settings))), { settings });
}
