/**
 * The reply rules on long messages: milliseconds for 2k, 20k and 200k short lines (half of them quoted), with the
 * read limits (64 KB / 2,000 lines) and the linear passes. `npx tsx bench/reply-text.bench.ts`
 */
import { visibleReply } from '../shared/domain/reply-text.js';

for (const count of [2_000, 20_000, 200_000]) {
  const text = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? `line ${i}` : '> quoted')).join('\n');
  const start = performance.now();
  const reply = visibleReply(text);
  console.log(`reply-text ${count} lines: ${(performance.now() - start).toFixed(1)} ms (${reply.length} chars kept)`);
}
