import { etagSql } from '@tributary/http';
import type { Pool } from '@tributary/postgres';
import type { GoalDefinition, StreamDefinition } from '@tributary/schemas';

export interface StoredDefinition<T> {
  id: string;
  definition: T;
  version: number;
  /** The md5 of the stored jsonb: the resource's ETag (libs/http preconditions). */
  etag: string;
}

export type SaveOutcome = 'created' | 'exists';
/** A conditional update: the stored version's new ETag, or why nothing changed. */
export type UpdateOutcome = { etag: string } | 'missing' | 'stale';

/**
 * A write's outcome when it changed no row: the row is gone, or it is there but not the
 * version the caller's If-Match named.
 */
async function missingOrStale(
  pool: Pool,
  table: string,
  key: string,
  id: string,
): Promise<'missing' | 'stale'> {
  const { rowCount } = await pool.query(`SELECT 1 FROM ${table} WHERE ${key} = $1`, [id]);
  return rowCount === 1 ? 'stale' : 'missing';
}

/** Streams and goals as posted (kebab-case JSON), keyed by their id as text. */
export function createDefinitionRepository(pool: Pool) {
  return {
    async listStreams(): Promise<StoredDefinition<StreamDefinition>[]> {
      const { rows } = await pool.query<{
        id: string;
        definition: StreamDefinition;
        version: number;
        etag: string;
      }>(
        `SELECT stream_id AS id, definition, version, ${etagSql('definition')} AS etag
           FROM stream_definitions ORDER BY stream_id`,
      );
      return rows;
    },
    async listGoals(): Promise<StoredDefinition<GoalDefinition>[]> {
      const { rows } = await pool.query<{
        id: string;
        definition: GoalDefinition;
        version: number;
        etag: string;
      }>(
        `SELECT goal_id AS id, definition, version, ${etagSql('definition')} AS etag
           FROM goal_definitions ORDER BY goal_id`,
      );
      return rows;
    },
    async createStream(id: string, definition: StreamDefinition): Promise<SaveOutcome> {
      const { rowCount } = await pool.query(
        'INSERT INTO stream_definitions (stream_id, definition) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [id, definition],
      );
      return rowCount === 1 ? 'created' : 'exists';
    },
    /** `expected`: the md5 the caller read (If-Match); null writes whatever is stored. */
    async updateStream(
      id: string,
      definition: StreamDefinition,
      expected: string | null = null,
    ): Promise<UpdateOutcome> {
      const { rows } = await pool.query<{ etag: string }>(
        `UPDATE stream_definitions SET definition = $2, version = version + 1, updated_at = now()
          WHERE stream_id = $1 AND ($3::text IS NULL OR ${etagSql('definition')} = $3)
          RETURNING ${etagSql('definition')} AS etag`,
        [id, definition, expected],
      );
      if (rows[0]) return { etag: rows[0].etag };
      return missingOrStale(pool, 'stream_definitions', 'stream_id', id);
    },
    async deleteStream(
      id: string,
      expected: string | null = null,
    ): Promise<'deleted' | 'missing' | 'stale'> {
      const { rowCount } = await pool.query(
        `DELETE FROM stream_definitions
          WHERE stream_id = $1 AND ($2::text IS NULL OR ${etagSql('definition')} = $2)`,
        [id, expected],
      );
      if (rowCount === 1) return 'deleted';
      return missingOrStale(pool, 'stream_definitions', 'stream_id', id);
    },
    async streamHasData(id: string): Promise<boolean> {
      const { rowCount } = await pool.query(
        'SELECT 1 FROM stream_data WHERE stream_id = $1 LIMIT 1',
        [id],
      );
      return rowCount === 1;
    },
    async goalsOfStream(id: string): Promise<string[]> {
      const { rows } = await pool.query<{ goal_id: string }>(
        'SELECT goal_id FROM goal_definitions WHERE stream_id = $1 ORDER BY goal_id',
        [id],
      );
      return rows.map((r) => r.goal_id);
    },
    async createGoal(
      id: string,
      streamId: string | null,
      definition: GoalDefinition,
    ): Promise<SaveOutcome> {
      const { rowCount } = await pool.query(
        `INSERT INTO goal_definitions (goal_id, source, stream_id, definition) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [id, definition.source, streamId, definition],
      );
      return rowCount === 1 ? 'created' : 'exists';
    },
    async updateGoal(
      id: string,
      streamId: string | null,
      definition: GoalDefinition,
      expected: string | null = null,
    ): Promise<UpdateOutcome> {
      const { rows } = await pool.query<{ etag: string }>(
        `UPDATE goal_definitions SET source = $2, stream_id = $3, definition = $4, version = version + 1,
           updated_at = now()
          WHERE goal_id = $1 AND ($5::text IS NULL OR ${etagSql('definition')} = $5)
          RETURNING ${etagSql('definition')} AS etag`,
        [id, definition.source, streamId, definition, expected],
      );
      if (rows[0]) return { etag: rows[0].etag };
      return missingOrStale(pool, 'goal_definitions', 'goal_id', id);
    },
    async deleteGoal(
      id: string,
      expected: string | null = null,
    ): Promise<'deleted' | 'missing' | 'stale'> {
      const { rowCount } = await pool.query(
        `DELETE FROM goal_definitions
          WHERE goal_id = $1 AND ($2::text IS NULL OR ${etagSql('definition')} = $2)`,
        [id, expected],
      );
      if (rowCount === 1) return 'deleted';
      return missingOrStale(pool, 'goal_definitions', 'goal_id', id);
    },
  };
}
export type DefinitionRepository = ReturnType<typeof createDefinitionRepository>;
