import type { Pool } from '@tributary/postgres';
import type { GoalDefinition, StreamDefinition } from '@tributary/schemas';

export interface StoredDefinition<T> {
  id: string;
  definition: T;
  version: number;
}

export type SaveOutcome = 'created' | 'updated' | 'exists' | 'missing';

/** Streams and goals as posted (kebab-case JSON), keyed by their id as text. */
export function createDefinitionRepository(pool: Pool) {
  return {
    async listStreams(): Promise<StoredDefinition<StreamDefinition>[]> {
      const { rows } = await pool.query<{
        id: string;
        definition: StreamDefinition;
        version: number;
      }>('SELECT stream_id AS id, definition, version FROM stream_definitions ORDER BY stream_id');
      return rows;
    },
    async listGoals(): Promise<StoredDefinition<GoalDefinition>[]> {
      const { rows } = await pool.query<{
        id: string;
        definition: GoalDefinition;
        version: number;
      }>('SELECT goal_id AS id, definition, version FROM goal_definitions ORDER BY goal_id');
      return rows;
    },
    async createStream(id: string, definition: StreamDefinition): Promise<SaveOutcome> {
      const { rowCount } = await pool.query(
        'INSERT INTO stream_definitions (stream_id, definition) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [id, definition],
      );
      return rowCount === 1 ? 'created' : 'exists';
    },
    async updateStream(id: string, definition: StreamDefinition): Promise<SaveOutcome> {
      const { rowCount } = await pool.query(
        `UPDATE stream_definitions SET definition = $2, version = version + 1, updated_at = now()
          WHERE stream_id = $1`,
        [id, definition],
      );
      return rowCount === 1 ? 'updated' : 'missing';
    },
    async deleteStream(id: string): Promise<boolean> {
      const { rowCount } = await pool.query('DELETE FROM stream_definitions WHERE stream_id = $1', [
        id,
      ]);
      return rowCount === 1;
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
    ): Promise<SaveOutcome> {
      const { rowCount } = await pool.query(
        `UPDATE goal_definitions SET source = $2, stream_id = $3, definition = $4, version = version + 1,
           updated_at = now() WHERE goal_id = $1`,
        [id, definition.source, streamId, definition],
      );
      return rowCount === 1 ? 'updated' : 'missing';
    },
    async deleteGoal(id: string): Promise<boolean> {
      const { rowCount } = await pool.query('DELETE FROM goal_definitions WHERE goal_id = $1', [
        id,
      ]);
      return rowCount === 1;
    },
  };
}
export type DefinitionRepository = ReturnType<typeof createDefinitionRepository>;
