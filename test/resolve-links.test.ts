import { describe, expect, it } from 'vitest';
import { extractWikiLinks } from '../src/core/wikilinks.js';
import { resolveLinks, type LinkTargets } from '../src/compile/resolve-links.js';

const pages = new Set(['concepts/write-ahead-log', 'summaries/guide', 'entities/postgresql']);
const byKey = new Map([
  ['write ahead log', 'concepts/write-ahead-log'],
  ['postgresql', 'entities/postgresql'],
]);
const targets: LinkTargets = { exists: (t) => pages.has(t), canonical: (k) => byKey.get(k) };

describe('resolveLinks', () => {
  it('keeps links to pages that exist, plain and labelled', () => {
    expect(resolveLinks('See [[summaries/guide]].', targets)).toBe('See [[summaries/guide]].');
    expect(resolveLinks('See [[concepts/write-ahead-log|the WAL]].', targets)).toBe('See [[concepts/write-ahead-log|the WAL]].');
  });

  it('rewrites a link to the canonical page by normalised name', () => {
    expect(resolveLinks('Uses [[Write-Ahead Logs]] heavily.', targets)).toBe('Uses [[concepts/write-ahead-log|Write-Ahead Logs]] heavily.');
    expect(resolveLinks('Runs on [[concepts/PostgreSQL|Postgres]].', targets)).toBe('Runs on [[entities/postgresql|Postgres]].');
    expect(resolveLinks('[[concepts/write-ahead-log.md]]', targets)).toBe('[[concepts/write-ahead-log]]');
  });

  it('demotes ghost links to their label or name as plain text', () => {
    expect(resolveLinks('A [[concepts/ghost-page]] and [[nowhere|a label]].', targets)).toBe('A ghost-page and a label.');
  });

  it('never lets a path escape the wiki', () => {
    expect(resolveLinks('[[../../etc/passwd]]', { exists: () => true, canonical: () => undefined })).toBe('passwd');
  });

  it('escapes stray brackets outside links so they link nothing', () => {
    const out = resolveLinks('odd [[ text [[summaries/guide]] and [[[x', targets);
    expect(extractWikiLinks(out).map((l) => l.target)).toEqual(['summaries/guide']);
  });

  it('leaves only resolvable links, whatever the input', () => {
    const text = '[[a]] [[concepts/write_ahead_log]] [[b|c]] [[summaries/guide#Intro]] [[Entities/PostgreSQL]] [[]] [[|x]]';
    const out = resolveLinks(text, targets);
    for (const link of extractWikiLinks(out)) expect(pages.has(link.target)).toBe(true);
    expect(extractWikiLinks(out).length).toBe(2);
  });
});
