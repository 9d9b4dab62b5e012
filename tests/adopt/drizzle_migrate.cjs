// Applies a drizzle-kit migrations folder to a new SQLite file with drizzle-orm's own
// migrator, the way an application calls it: migrate(db, { migrationsFolder }).
// usage: node drizzle_migrate.cjs <better-sqlite3|sql.js> <migrationsFolder> <db-file>
// Modules are resolved through NODE_PATH (set by peer_tools.sh to the install cache).
// FK=1 turns on PRAGMA foreign_keys first, as karakeep's own migrate.ts connection does.
'use strict';
const fs = require('fs');

async function main() {
  const [driver, folder, dbPath] = process.argv.slice(2);
  if (!driver || !folder || !dbPath) {
    console.error('usage: node drizzle_migrate.cjs <better-sqlite3|sql.js> <migrationsFolder> <db-file>');
    process.exit(2);
  }
  const fk = process.env.FK === '1';
  if (driver === 'better-sqlite3') {
    const Database = require('better-sqlite3');
    const { drizzle } = require('drizzle-orm/better-sqlite3');
    const { migrate } = require('drizzle-orm/better-sqlite3/migrator');
    const sqlite = new Database(dbPath);
    if (fk) sqlite.pragma('foreign_keys = ON');
    migrate(drizzle(sqlite), { migrationsFolder: folder });
    sqlite.close();
  } else if (driver === 'sql.js') {
    const initSqlJs = require('sql.js');
    const { drizzle } = require('drizzle-orm/sql-js');
    const { migrate } = require('drizzle-orm/sql-js/migrator');
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    if (fk) db.run('PRAGMA foreign_keys = ON');
    migrate(drizzle(db), { migrationsFolder: folder });
    // sql.js keeps the database in memory: write the image out once all migrations ran.
    fs.writeFileSync(dbPath, Buffer.from(db.export()));
    db.close();
  } else {
    console.error(`unknown driver ${driver} (better-sqlite3 or sql.js)`);
    process.exit(2);
  }
}

main().catch((e) => { console.error(e && e.stack ? e.stack : e); process.exit(1); });
