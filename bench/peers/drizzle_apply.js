// drizzle-orm's migrator on better-sqlite3, as its docs show it: every pending
// migration of the folder in one transaction.   usage: node drizzle_apply.js DB FOLDER
const Database = require('better-sqlite3');
const { drizzle } = require('drizzle-orm/better-sqlite3');
const { migrate } = require('drizzle-orm/better-sqlite3/migrator');

const [database, folder] = process.argv.slice(2);
const sqlite = new Database(database);
migrate(drizzle(sqlite), { migrationsFolder: folder });
sqlite.close();
