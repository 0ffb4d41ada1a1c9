import { resolve } from 'node:path';

/** Where local state lives (DynamoDB Local's files, the development signing key): git-ignored. */
export const dataDir = (): string => resolve(process.env.DATA_DIR ?? '.data');
export const port = (): number => Number(process.env.PORT ?? 3000);
export const LOCAL_TABLE_NAME = 'support-cases';
