// A worker thread of find-hand-edits.ts: stats the pages of the records from `from` on, on its
// own read-only connection to kb.db, while the main thread stats the ones before.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { PagesRepository } from '../store/pages-repository.js';
import { SqliteConnection } from '../store/sqlite-connection.js';
import { scanPageStamps } from './scan-page-stamps.js';

export interface PageStampsWorkerData {
  dbFile: string;
  root: string;
  from: string;
}

const { dbFile, root, from } = workerData as PageStampsWorkerData;
const db = new Database(dbFile, { readonly: true, fileMustExist: true });
try {
  parentPort?.postMessage(scanPageStamps(root, new PagesRepository(new SqliteConnection(db)).stampBatches({ from })));
} finally {
  db.close();
}
