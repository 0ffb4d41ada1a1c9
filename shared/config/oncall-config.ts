import document from '../../config/oncall.json' with { type: 'json' };
import { readConfigFile } from './config-file.js';
import { type OncallConfig, parseOncallConfig } from '../domain/oncall-config.js';

let config: OncallConfig | undefined;

/**
 * The on-call configuration in config/oncall.json (bundled like the support
 * configuration), validated once. Locally ONCALL_CONFIG_FILE may name another
 * file: config/oncall.demo.json pages again every minute, to watch a page
 * repeat and escalate.
 */
export function oncallConfig(): OncallConfig {
  config ??= parseOncallConfig(process.env.ONCALL_CONFIG_FILE ? readConfigFile(process.env.ONCALL_CONFIG_FILE, 'on-call configuration', 'ONCALL_CONFIG_FILE') : document);
  return config;
}

