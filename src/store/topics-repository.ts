import type { TopicKind, TopicMember, TopicNaming, TopicOverview, TopicRow } from '../model/registry.js';
import type { OpHandlers, SqliteConnection } from './sqlite-connection.js';

/** Table and column names per topic kind: fixed strings, never user input. */
const TOPIC_TABLES = {
  concept: { table: 'concepts', members: 'concept_docs', column: 'concept' },
  entity: { table: 'entities', members: 'entity_docs', column: 'entity' },
} as const;

/** A topic's contribution from one document, with the document's title. */
export type TitledTopicMember = TopicMember & { title: string };

/**
 * Concept and entity pages (one table per kind), the documents that contribute to each, and
 * their catalogue pages.
 */
export class TopicsRepository {
  constructor(private readonly connection: SqliteConnection) {}

  get(topic: TopicKind, key: string): TopicRow | undefined {
    return this.connection.statement(`SELECT * FROM ${TOPIC_TABLES[topic].table} WHERE key = ?`).get(key) as TopicRow | undefined;
  }

  bySlug(topic: TopicKind, slug: string): TopicRow | undefined {
    return this.connection.statement(`SELECT * FROM ${TOPIC_TABLES[topic].table} WHERE slug = ?`).get(slug) as TopicRow | undefined;
  }

  /** Kept by triggers (migration 9): a count(*) would read every row on every commit. */
  count(topic: TopicKind): number {
    return this.connection.statement('SELECT n FROM row_counts WHERE tbl = ?').pluck().get(TOPIC_TABLES[topic].table) as number;
  }

  /** The topics a document contributes to (bounded by the per-document limit), by key. */
  ofDocument(topic: TopicKind, doc: string): string[] {
    const { members, column } = TOPIC_TABLES[topic];
    return this.connection.statement(`SELECT ${column} FROM ${members} WHERE doc = ? ORDER BY ${column}`).pluck().all(doc) as string[];
  }

  /**
   * How the document names each of its topics (bounded by the per-document limit), by key;
   * for concepts every term it ranks, with its rank, whether the term has a page or not.
   */
  namesOfDocument(topic: TopicKind, doc: string): TopicNaming[] {
    const { members, column } = TOPIC_TABLES[topic];
    const rank = topic === 'concept' ? ', rank' : '';
    return this.connection.statement(`SELECT ${column} AS key, name, score${rank} FROM ${members} WHERE doc = ? ORDER BY ${column}`).all(doc) as TopicNaming[];
  }

  /**
   * How many documents other than `exceptDoc` rank a topic, and the best rank one of them gives
   * it (concepts; Infinity when none, and for entities): what decides whether a concept has a
   * page (compile/concept-pages.ts). An index range over the topic's members.
   */
  memberStats(topic: TopicKind, key: string, exceptDoc: string): { count: number; bestRank: number } {
    const { members, column } = TOPIC_TABLES[topic];
    const best = topic === 'concept' ? 'min(rank)' : 'NULL';
    const row = this.connection.statement(`SELECT count(*) AS count, ${best} AS best FROM ${members} WHERE ${column} = ? AND doc != ?`).get(key, exceptDoc) as { count: number; best: number | null };
    return { count: row.count, bestRank: row.best ?? Infinity };
  }

  /**
   * The best (lowest) rank a document other than `exceptDoc` gives a concept (Infinity when
   * none): the first index entries of the topic in rank order, not all of them.
   */
  bestOtherRank(key: string, exceptDoc: string): number {
    const best = this.connection.statement('SELECT rank FROM concept_docs WHERE concept = ? AND doc != ? ORDER BY rank LIMIT 1').pluck().get(key, exceptDoc) as number | undefined;
    return best ?? Infinity;
  }

  /** The best `limit` contributions to a topic other than `exceptDoc`'s, by score then name. */
  topMembers(topic: TopicKind, key: string, exceptDoc: string, limit: number): TitledTopicMember[] {
    const { members, column } = TOPIC_TABLES[topic];
    const rows = this.connection
      .statement(
        `SELECT m.doc, m.name, ${topic === 'entity' ? "m.type, NULL AS rank" : "'' AS type, m.rank"}, m.score, m.mentions, m.sentences, d.title FROM ${members} m JOIN documents d ON d.name = m.doc
       WHERE m.${column} = ? AND m.doc != ? ORDER BY m.score DESC, m.doc LIMIT ?`,
      )
      .all(key, exceptDoc, limit) as { doc: string; name: string; type: string; rank: number | null; score: number; mentions: number; sentences: string; title: string }[];
    return rows.map(({ type, rank, ...r }) => ({ ...r, ...(topic === 'entity' ? { type } : { rank: rank ?? 0 }), sentences: JSON.parse(r.sentences) as string[] }));
  }

  /**
   * The best `limit` contributions to a topic other than `exceptDoc`'s, by score then name, as
   * their documents' names, scores and titles only: read from the (topic, score, doc) index,
   * not from the member rows, which carry sentences and lie scattered over a large table.
   * member() reads the few whose sections a page renders anew.
   */
  rankedMembers(topic: TopicKind, key: string, exceptDoc: string, limit: number): { doc: string; score: number; title: string }[] {
    const { members, column } = TOPIC_TABLES[topic];
    return this.connection
      .statement(`SELECT m.doc, m.score, d.title FROM ${members} m JOIN documents d ON d.name = m.doc WHERE m.${column} = ? AND m.doc != ? ORDER BY m.score DESC, m.doc LIMIT ?`)
      .all(key, exceptDoc, limit) as { doc: string; score: number; title: string }[];
  }

  /** One document's contribution to a topic, with the document's title: a primary-key lookup. */
  member(topic: TopicKind, key: string, doc: string): TitledTopicMember | undefined {
    const { members, column } = TOPIC_TABLES[topic];
    const row = this.connection
      .statement(
        `SELECT m.doc, m.name, ${topic === 'entity' ? "m.type, NULL AS rank" : "'' AS type, m.rank"}, m.score, m.mentions, m.sentences, d.title FROM ${members} m JOIN documents d ON d.name = m.doc
       WHERE m.${column} = ? AND m.doc = ?`,
      )
      .get(key, doc) as { doc: string; name: string; type: string; rank: number | null; score: number; mentions: number; sentences: string; title: string } | undefined;
    if (!row) return undefined;
    const { type, rank, ...r } = row;
    return { ...r, ...(topic === 'entity' ? { type } : { rank: rank ?? 0 }), sentences: JSON.parse(r.sentences) as string[] };
  }

  /**
   * Which of `docs` rank a concept among their terms, with the rank each gives it (0: its
   * best). A primary-key lookup per document: a common concept is ranked by tens of thousands
   * of documents at 100,000 (reading them all took 180 ms of a search), a search asks about
   * the few hundred it found.
   */
  documentRanks(key: string, docs: Iterable<string>): Array<{ doc: string; rank: number }> {
    const rankOf = this.connection.statement('SELECT rank FROM concept_docs WHERE concept = ? AND doc = ?').pluck();
    const ranks: Array<{ doc: string; rank: number }> = [];
    for (const doc of docs) {
      const rank = rankOf.get(key, doc) as number | undefined;
      if (rank !== undefined) ranks.push({ doc, rank });
    }
    return ranks;
  }

  /** The overview an LLM wrote for a topic's page, if any (migration 10). */
  overview(topic: TopicKind, key: string): TopicOverview | undefined {
    return this.connection.statement('SELECT basis, text FROM topic_overviews WHERE topic = ? AND key = ?').get(topic, key) as TopicOverview | undefined;
  }

  /** Every overview an LLM wrote, without its text (kb lint compares the bases). */
  overviewBases(): Array<{ topic: TopicKind; key: string; basis: string }> {
    return this.connection.statement('SELECT topic, key, basis FROM topic_overviews ORDER BY topic, key').all() as Array<{ topic: TopicKind; key: string; basis: string }>;
  }

  /** The `limit` topics with most documents, for index.md. */
  largest(topic: TopicKind, limit: number): TopicRow[] {
    return this.connection.statement(`SELECT * FROM ${TOPIC_TABLES[topic].table} ORDER BY docs DESC, key LIMIT ?`).all(limit) as TopicRow[];
  }

  /** Topics listed on one catalogue page, by key. Bounded by the page size. */
  catalogPage(topic: TopicKind, page: number): TopicRow[] {
    return this.connection.statement(`SELECT * FROM ${TOPIC_TABLES[topic].table} WHERE catalog_page = ? ORDER BY key`).all(page) as TopicRow[];
  }

  /** The highest catalogue page of a topic kind and how many it lists (0, 0 when none): two index lookups. */
  lastCatalogPage(topic: TopicKind): { page: number; count: number } {
    const { table } = TOPIC_TABLES[topic];
    const page = this.connection.statement(`SELECT catalog_page FROM ${table} ORDER BY catalog_page DESC LIMIT 1`).pluck().get() as number | undefined;
    if (page === undefined) return { page: 0, count: 0 };
    return { page, count: this.connection.statement(`SELECT count(*) FROM ${table} WHERE catalog_page = ?`).pluck().get(page) as number };
  }
}

/** Writes concept and entity rows and their members in the commit transaction. */
export function topicOps(connection: SqliteConnection): OpHandlers<'upsertTopic' | 'deleteTopic' | 'deleteTopicPage' | 'setTopicMember' | 'removeTopicMember' | 'setTopicOverview'> {
  return {
    upsertTopic: (op) => {
      const { table } = TOPIC_TABLES[op.topic];
      const typeColumn = op.topic === 'entity' ? ', type' : '';
      const typeValue = op.topic === 'entity' ? ', @type' : '';
      connection
        .statement(
          `INSERT INTO ${table} (key, slug, name, docs, description, catalog_page${typeColumn}) VALUES (@key, @slug, @name, @docs, @description, @catalog_page${typeValue})
           ON CONFLICT(key) DO UPDATE SET slug = excluded.slug, name = excluded.name, docs = excluded.docs, description = excluded.description, catalog_page = excluded.catalog_page${op.topic === 'entity' ? ', type = excluded.type' : ''}`,
        )
        .run({ ...op.row, type: op.row.type ?? 'other' });
    },
    deleteTopic: (op) => {
      const { table, members, column } = TOPIC_TABLES[op.topic];
      connection.statement(`DELETE FROM ${members} WHERE ${column} = ?`).run(op.key);
      connection.statement(`DELETE FROM ${table} WHERE key = ?`).run(op.key);
    },
    deleteTopicPage: (op) => {
      connection.statement(`DELETE FROM ${TOPIC_TABLES[op.topic].table} WHERE key = ?`).run(op.key);
    },
    setTopicMember: (op) => {
      const { members, column } = TOPIC_TABLES[op.topic];
      // Entity memberships have a type column, concept memberships a rank.
      const typed = op.topic === 'entity';
      const extra = typed ? 'type' : 'rank';
      connection
        .statement(
          `INSERT INTO ${members} (${column}, doc, name, score, mentions, sentences, ${extra}) VALUES (@key, @doc, @name, @score, @mentions, @sentences, @${extra})
           ON CONFLICT(${column}, doc) DO UPDATE SET name = excluded.name, score = excluded.score, mentions = excluded.mentions, sentences = excluded.sentences, ${extra} = excluded.${extra}`,
        )
        .run({
          key: op.key,
          doc: op.member.doc,
          name: op.member.name,
          score: op.member.score,
          mentions: op.member.mentions,
          sentences: JSON.stringify(op.member.sentences),
          ...(typed ? { type: op.member.type ?? 'other' } : { rank: op.member.rank ?? 0 }),
        });
    },
    removeTopicMember: (op) => {
      const { members, column } = TOPIC_TABLES[op.topic];
      connection.statement(`DELETE FROM ${members} WHERE ${column} = ? AND doc = ?`).run(op.key, op.doc);
    },
    setTopicOverview: (op) => {
      if (op.overview === null) {
        connection.statement('DELETE FROM topic_overviews WHERE topic = ? AND key = ?').run(op.topic, op.key);
        return;
      }
      connection
        .statement('INSERT INTO topic_overviews (topic, key, basis, text) VALUES (?, ?, ?, ?) ON CONFLICT(topic, key) DO UPDATE SET basis = excluded.basis, text = excluded.text')
        .run(op.topic, op.key, op.overview.basis, op.overview.text);
    },
  };
}
