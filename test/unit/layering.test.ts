import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import rule that keeps the layers apart: the domain and the use cases
 * import no AWS SDK, no middy, no HTTP or adapter code and read no environment;
 * handlers reach adapters only through the composition root.
 */
const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function violations(dir: string, forbidden: RegExp[]): string[] {
  return sources(dir).flatMap((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    return forbidden.filter((pattern) => pattern.test(text)).map((pattern) => `${file} matches ${pattern}`);
  });
}

describe('layering', () => {
  it('keeps the domain pure', () => {
    expect(sources('shared/domain').length).toBeGreaterThan(5);
    expect(violations('shared/domain', [/from '@aws-sdk/, /from '@middy/, /process\.env/, /from '\.\.\/(adapters|http|use-cases|ports|config)\//])).toEqual([]);
  });

  it('keeps use cases free of AWS, HTTP and configuration', () => {
    expect(violations('shared/use-cases', [/from '@aws-sdk/, /from '@middy/, /process\.env/, /from '\.\.\/(adapters|http|config)\//])).toEqual([]);
  });

  it('lets handlers reach adapters only through the composition root', () => {
    expect(violations('functions', [/from '@aws-sdk/, /adapters\//, /process\.env/])).toEqual([]);
  });
});
