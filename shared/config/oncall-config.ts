import document from '../../config/oncall.json' with { type: 'json' };
import { readConfigFile } from './config-file.js';
import { parseOncallFile } from '../domain/oncall-config-document.js';
import { type OncallConfig, type OncallFile, compileOncallConfig } from '../domain/oncall-config.js';

/**
 * config/oncall.json as the stack validated it when it was built, in JSON: defined by the Lambda bundling
 * (infra/lambda-bundling.ts), undefined everywhere else.
 */
declare const VALIDATED_ONCALL_CONFIGURATION: string | undefined;

let config: OncallConfig | undefined;

/**
 * The on-call configuration in config/oncall.json, validated once: like the support configuration, a Lambda
 * function gets it as the stack validated it and only compiles it; everything else parses the file. Locally
 * ONCALL_CONFIG_FILE may name another file: config/oncall.demo.json pages again every minute, to watch a page
 * repeat and escalate.
 */
export function oncallConfig(): OncallConfig {
  config ??= compileOncallConfig(
    typeof VALIDATED_ONCALL_CONFIGURATION === 'string'
      ? // Validated by parseOncallFile when the stack was built (bundledOncallFile).
        (JSON.parse(VALIDATED_ONCALL_CONFIGURATION) as OncallFile)
      : process.env.ONCALL_CONFIG_FILE
        ? parseOncallFile(readConfigFile(process.env.ONCALL_CONFIG_FILE, 'on-call configuration', 'ONCALL_CONFIG_FILE'))
        : bundledOncallFile(),
  );
  return config;
}

/** config/oncall.json validated: what the stack hands its functions (whatever ONCALL_CONFIG_FILE says locally). */
export function bundledOncallFile(): OncallFile {
  bundled ??= parseOncallFile(document);
  return bundled;
}

let bundled: OncallFile | undefined;
