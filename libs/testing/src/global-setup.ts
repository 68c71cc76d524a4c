import { ensureTemplateDatabase } from './template-database';

/** Runs once per jest run: builds the migrated template database the test files clone. */
export default async function globalSetup(): Promise<void> {
  // Workers inherit the name: a migration added while tests run must not change it under them.
  process.env.TRIBUTARY_TEMPLATE_DB = await ensureTemplateDatabase();
}
