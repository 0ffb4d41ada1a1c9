import { ACK_KEY_SETTINGS, DATA_SETTINGS, PUBLIC_API_SETTINGS, required } from '../config/app-config.js';
import { oncallConfig } from '../config/oncall-config.js';
import { caseDataOf } from './case-data.js';
import { ackTokensOf } from './ack-tokens.js';
import { oncallStoreOf, pagingDryRun, rotaOf } from './paging-parts.js';
import { composition, ownComposition } from './provided.js';
import { basicsOf } from './settings.js';

/** Where the canary checks the service from outside: the public API's base URL (the full wiring has none). */
export const canaryTarget = ownComposition([PUBLIC_API_SETTINGS], (config) => required(config, 'PUBLIC_API_URL'));

/**
 * functions/canary: the paging path's dry run, which sends nothing: the rota (DynamoDB) and the link key (Secrets
 * Manager); the messages are rendered for both channels, as the paging function sends them in AWS.
 */
export const canary = composition([DATA_SETTINGS, ACK_KEY_SETTINGS], (config) => {
  const data = caseDataOf(config);
  const { clock, metrics } = basicsOf(config);
  const oncallSettings = oncallConfig();
  return {
    metrics,
    paging: {
      dryRun: pagingDryRun({
        clock,
        oncallConfig: oncallSettings,
        rota: rotaOf({ clock, oncall: oncallStoreOf(data), oncallConfig: oncallSettings }),
        tokens: ackTokensOf(config, clock),
        pageMail: true,
      }),
    },
  };
});
