import { ensureTemplateDatabase } from './template-database';

/** Runs once per jest run: builds the migrated template database the test files clone. */
export default async function globalSetup(): Promise<void> {
  await ensureTemplateDatabase();
}
