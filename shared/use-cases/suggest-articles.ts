import MiniSearch from 'minisearch';
import * as z from 'zod/mini';
import { ConfigurationError } from '../domain/errors.js';
import { fieldProblems } from '../domain/zod-problems.js';

/**
 * Knowledge-article suggestions for a case title, over a configurable
 * catalogue, searched with MiniSearch (prefix and fuzzy matching, title
 * boosted) rather than hand-written matching.
 */
const catalogueSchema = z.strictObject({
  articles: z
    .array(
      z.strictObject({
        id: z.string().check(z.minLength(1), z.maxLength(64)),
        title: z.string().check(z.minLength(1), z.maxLength(200)),
        summary: z.string().check(z.maxLength(1000)),
        url: z.url(),
        tags: z.array(z.string().check(z.maxLength(50))).check(z.maxLength(20)),
      }),
    )
    .check(z.maxLength(10_000)),
});

export type Article = z.output<typeof catalogueSchema>['articles'][number];

export function makeSuggestArticles(catalogue: unknown) {
  const parsed = catalogueSchema.safeParse(catalogue);
  if (!parsed.success) throw new ConfigurationError('invalid knowledge catalogue', fieldProblems(parsed.error));
  const articles = new Map(parsed.data.articles.map((article) => [article.id, article]));
  const index = new MiniSearch<Article>({
    fields: ['title', 'summary', 'tags'],
    extractField: (article, field) => (field === 'tags' ? article.tags.join(' ') : String(article[field as keyof Article])),
    searchOptions: { boost: { title: 3, tags: 2 }, prefix: true, fuzzy: 0.2 },
  });
  index.addAll(parsed.data.articles);

  return function suggestArticles(query: string, limit = 5): Article[] {
    if (query.trim().length < 2) return [];
    // Articles matching every word first; when none does, any word, so something useful shows while typing.
    const all = index.search(query, { combineWith: 'AND' });
    const hits = all.length > 0 ? all : index.search(query);
    return hits.slice(0, limit).map((hit) => articles.get(String(hit.id))!);
  };
}
