// A throwaway Postgres for `npm run bench` (the test suite's helper): prints READY <url> of a
// fresh database and stops the server on SIGTERM.
import { startTestPostgres } from '../packages/endpoint/test/support/postgres.js';

const pg = await startTestPostgres();
console.log(`READY ${await pg.freshDatabase()}`);
process.on('SIGTERM', () => void pg.stop().then(() => process.exit(0)));
