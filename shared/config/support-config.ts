import document from '../../config/support.json' with { type: 'json' };
import { readConfigFile } from './config-file.js';
import { parseSupportConfig } from '../domain/support-config-document.js';
import { type SupportConfiguration, type SupportDirectory, compileSupportDirectory } from '../domain/support-directory.js';

/**
 * config/support.json as the stack validated it when it was built, in JSON: defined by the Lambda bundling
 * (infra/lambda-bundling.ts), undefined everywhere else.
 */
declare const VALIDATED_SUPPORT_CONFIGURATION: string | undefined;

let directory: SupportDirectory | undefined;

/**
 * The support configuration in config/support.json, validated once. A Lambda function gets the document as the
 * stack validated it (so its bundle holds neither the file nor its schemas) and only compiles it; the local
 * runtime, the CLI and the tests parse the file, which is imported (not read from disk) so that they read exactly the
 * document the stack builds from. Locally, SUPPORT_CONFIG_FILE may name another file (config/support.demo.json has
 * minute-long targets for watching alerts and breaches happen).
 */
export function supportDirectory(): SupportDirectory {
  directory ??= compileSupportDirectory(
    typeof VALIDATED_SUPPORT_CONFIGURATION === 'string'
      ? // Validated by parseSupportConfig when the stack was built (bundledSupportConfiguration).
        (JSON.parse(VALIDATED_SUPPORT_CONFIGURATION) as SupportConfiguration)
      : process.env.SUPPORT_CONFIG_FILE
        ? parseSupportConfig(readConfigFile(process.env.SUPPORT_CONFIG_FILE, 'support configuration', 'SUPPORT_CONFIG_FILE'))
        : bundledSupportConfiguration(),
  );
  return directory;
}

/** config/support.json validated: what the stack hands its functions (whatever SUPPORT_CONFIG_FILE says locally). */
export function bundledSupportConfiguration(): SupportConfiguration {
  bundled ??= parseSupportConfig(document);
  return bundled;
}

let bundled: SupportConfiguration | undefined;
