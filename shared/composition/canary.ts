import { oncallConfig } from '../config/oncall-config.js';
import { caseDataOf } from './case-data.js';
import { ackTokensOf } from './ack-tokens.js';
import { oncallStoreOf, pagingDryRun, rotaOf } from './paging-parts.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/**
 * functions/canary: the paging path's dry run, which sends nothing: the rota (DynamoDB) and the link key (Secrets
 * Manager); the messages are rendered for both channels, as the paging function sends them in AWS.
 */
export const canary = composition((config) => {
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
