import { DATA_SETTINGS } from '../config/app-config.js';
import { oncallConfig } from '../config/oncall-config.js';
import { caseDataOf } from './case-data.js';
import { oncallStoreOf, rotaOf } from './paging-parts.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';

/** functions/oncall: the on-call rota (who is on call now, schedules, overrides): DynamoDB only. */
export const oncall = composition([DATA_SETTINGS], (config) => ({
  rota: rotaOf({ clock: basicsOf(config).clock, oncall: oncallStoreOf(caseDataOf(config)), oncallConfig: oncallConfig() }),
}));
