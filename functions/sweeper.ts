import middy from '@middy/core';
import { sweeper } from '../shared/composition/sweeper.js';
import type { SweepResult } from '../shared/use-cases/sweep.js';

/** Run every minute by an EventBridge rule: fires what a lost trigger missed, sends what a failed send left. */
export const handler = middy<unknown, SweepResult>().handler(async () => sweeper().sweep());
