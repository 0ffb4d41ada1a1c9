import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { defineOf, esbuildOptions, MAX_DEFINE_CHARS, validatedConfigurations } from '../../infra/lambda-bundling.js';
import { parseOncallConfig, parseOncallFile } from '../../shared/domain/oncall-config-document.js';
import { parseSupportConfig, parseSupportDirectory } from '../../shared/domain/support-config-document.js';
import { configurationSummary } from '../support/configuration-summary.js';

/**
 * The configuration documents reach the Lambda functions validated when the stack was built (esbuild `define`s,
 * infra/lambda-bundling.ts): what a function compiles must be exactly what parsing the files gives, and its bundle
 * must hold neither the files nor their schemas.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const file = (name: string): unknown => JSON.parse(readFileSync(join(ROOT, 'config', name), 'utf8'));
const handedOver = (name: string): unknown => JSON.parse(JSON.parse(validatedConfigurations()[name]!) as string);

const out = mkdtempSync(join(tmpdir(), 'validated-configuration-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('configuration validated when the stack is built', () => {
  it('hands the functions exactly what parsing the files gives, as JSON', () => {
    expect(handedOver('VALIDATED_SUPPORT_CONFIGURATION')).toStrictEqual(parseSupportConfig(file('support.json')));
    expect(handedOver('VALIDATED_ONCALL_CONFIGURATION')).toStrictEqual(parseOncallFile(file('oncall.json')));
  });

  it('refuses, naming it, a document too large for the one argument NodejsFunction hands esbuild', () => {
    const holidays = Array.from({ length: 5000 }, (_, i) => ({ date: `2027-01-${String((i % 28) + 1).padStart(2, '0')}`, name: `Holiday ${i}` }));
    expect(() => defineOf('VALIDATED_SUPPORT_CONFIGURATION', { holidays })).toThrow(
      expect.objectContaining({ code: 'invalid-configuration', problems: [expect.objectContaining({ field: 'VALIDATED_SUPPORT_CONFIGURATION' })] }),
    );
    expect(defineOf('VALIDATED_SUPPORT_CONFIGURATION', { holidays: holidays.slice(0, 10) }).length).toBeLessThan(MAX_DEFINE_CHARS);
  });

  it('compiles in a bundle to what parsing the files gives, with neither the files nor their schemas bundled', async () => {
    const bundle = join(out, 'configuration.mjs');
    const { metafile } = await build({
      ...esbuildOptions(),
      stdin: {
        contents: [
          "import { supportDirectory } from './shared/config/support-config.js';",
          "import { oncallConfig } from './shared/config/oncall-config.js';",
          "import { configurationSummary } from './test/support/configuration-summary.js';",
          'export const summary = () => configurationSummary(supportDirectory(), oncallConfig());',
        ].join('\n'),
        resolveDir: ROOT,
        loader: 'ts',
        sourcefile: 'configuration-entry.ts',
      },
      outfile: bundle,
      metafile: true,
      logLevel: 'error',
      absWorkingDir: ROOT,
    });
    const modules = Object.entries(metafile.outputs[Object.keys(metafile.outputs).find((name) => name.endsWith('.mjs'))!]!.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input);
    expect(modules).toContain('shared/domain/support-directory.ts');
    expect(modules.filter((input) => /^config\/|-document\.ts$|support-policy\.ts$/.test(input))).toEqual([]);

    // A process of its own, without the variables that point the local runtime at other files.
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `const { summary } = await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.stdout.write(JSON.stringify(summary()));`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toStrictEqual(configurationSummary(parseSupportDirectory(file('support.json')), parseOncallConfig(file('oncall.json'))));
  });
});
