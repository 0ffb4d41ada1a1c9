import { describe, expect, it } from 'vitest';
import catalogue from '../../config/knowledge.json' with { type: 'json' };
import { makeSuggestArticles } from '../../shared/use-cases/suggest-articles.js';

describe('knowledge suggestions', () => {
  const suggest = makeSuggestArticles(catalogue);

  it('finds articles matching a case title, best first, preferring those that match every word', () => {
    expect(suggest('Students cannot log in').map((a) => a.id)).toEqual(['kb-001']);
    expect(suggest('timetable empty').map((a) => a.id)[0]).toBe('kb-002');
  });

  it('matches prefixes and small typos as someone types', () => {
    expect(suggest('notif').map((a) => a.id)).toContain('kb-003');
    expect(suggest('timetabel').map((a) => a.id)).toContain('kb-002');
  });

  it('says nothing for a query too short or with no match, and at most the limit', () => {
    expect(suggest('a')).toEqual([]);
    expect(suggest('zzzzqqqq')).toEqual([]);
    expect(suggest('login sso password crash map', 3)).toHaveLength(3);
  });

  it('refuses a bad catalogue, naming the field', () => {
    expect(() => makeSuggestArticles({ articles: [{ id: 'x', title: 't', summary: '', url: 'not a url', tags: [] }] })).toThrow(/articles\.0\.url/);
  });
});
