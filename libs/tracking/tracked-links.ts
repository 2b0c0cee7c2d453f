import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Steps whose links stay in memory; a step's links are a few URLs. */
const CACHED_STEPS = 5000;

/**
 * The links each step's messages were built with, the only addresses a click
 * redirect leads to (no open redirect). A channel registers the links it rewrote
 * when it renders a step; the click endpoint resolves a token's (step, index) from
 * memory, reading PostgreSQL only the first time it meets a step or an index.
 */
@Injectable()
export class TrackedLinks {
  private readonly cache = new Map<number, Map<number, string>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Registers a step's links and answers each one's index, in the order given; a link
   * registered before keeps its index, so rendering a step again changes nothing.
   */
  async register(stepId: number, urls: string[], manager?: EntityManager): Promise<number[]> {
    // A link keeps its index once registered, so links this process knows need no round trip (every part of a send asks).
    const known = this.knownIndexes(stepId, urls);
    if (known) return known;
    if (!manager) {
      const indexes = await this.dataSource.transaction((own) => this.register(stepId, urls, own));
      // Remembered once committed: a caller's transaction that rolls back must not leave indexes behind.
      this.remember(stepId, indexes.map((index, i) => [index, urls[i]]));
      return indexes;
    }
    const db = manager;
    const distinct = [...new Set(urls)];
    const bad = distinct.find((url) => !/^https?:\/\/[^\s]+$/.test(url) || url.length > 2000);
    if (bad !== undefined) throw new Error(`A tracked link must be an http(s) address of at most 2000 characters: ${bad}`);
    // Serialised per step, so two renderings at once cannot give one index to two links.
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('tracked_links'), $1)`, [stepId]);
    const rows: { url: string; linkIndex: number }[] = await db.query(
      `WITH given AS (SELECT url, ord FROM unnest($2::text[]) WITH ORDINALITY AS g(url, ord)),
       fresh AS (
         INSERT INTO tracked_links (step_id, link_index, url)
         SELECT $1, (SELECT coalesce(max(link_index) + 1, 0) FROM tracked_links WHERE step_id = $1) + row_number() OVER (ORDER BY ord) - 1, url
         FROM given WHERE url NOT IN (SELECT url FROM tracked_links WHERE step_id = $1)
         RETURNING url, link_index
       )
       SELECT url, link_index AS "linkIndex" FROM fresh
       UNION ALL SELECT url, link_index FROM tracked_links WHERE step_id = $1 AND url = ANY($2::text[])`,
      [stepId, distinct],
    );
    const indexOf = new Map(rows.map((row) => [row.url, row.linkIndex]));
    return urls.map((url) => indexOf.get(url) as number);
  }

  private knownIndexes(stepId: number, urls: string[]): number[] | undefined {
    const links = this.cache.get(stepId);
    if (!links) return undefined;
    const indexOf = new Map([...links].map(([index, url]) => [url, index]));
    return urls.every((url) => indexOf.has(url)) ? urls.map((url) => indexOf.get(url) as number) : undefined;
  }

  private remember(stepId: number, links: [number, string][]): void {
    if (!this.cache.has(stepId) && this.cache.size >= CACHED_STEPS) this.cache.delete(this.cache.keys().next().value as number);
    this.cache.set(stepId, new Map([...(this.cache.get(stepId) ?? []), ...links]));
  }

  /** The address of a step's link as this process knows it, without asking PostgreSQL. */
  knownUrlOf(stepId: number, linkIndex: number): string | undefined {
    return this.cache.get(stepId)?.get(linkIndex);
  }

  /** The address of a step's link, or undefined when the step has no such link. */
  async urlOf(stepId: number, linkIndex: number): Promise<string | undefined> {
    const known = this.knownUrlOf(stepId, linkIndex);
    if (known !== undefined) return known;
    const rows: { linkIndex: number; url: string }[] = await this.dataSource.query(
      `SELECT link_index AS "linkIndex", url FROM tracked_links WHERE step_id = $1`,
      [stepId],
    );
    if (rows.length === 0) return undefined;
    this.remember(stepId, rows.map((row) => [row.linkIndex, row.url]));
    return this.cache.get(stepId)?.get(linkIndex);
  }
}
