// A second process running the migration runner, for the concurrency test.
import { migrateDatabase } from '../../../src/store/migrations/migrate.js';

const url = process.argv[2];
if (url === undefined) throw new Error('usage: migrate-child.ts <database url>');
process.stdout.write('ready\n');
const result = await migrateDatabase(url);
process.stdout.write(`${JSON.stringify(result)}\n`);
