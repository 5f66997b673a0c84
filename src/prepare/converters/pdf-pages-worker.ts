import { parentPort } from 'node:worker_threads';
import { readPageRange, type PageRangeRequest, type PageRangeReply } from './pdf-page-range.js';

// Entry point of the thread that reads the second half of a long PDF while the converting
// thread reads the first (see pdf-page-range.ts). One request at a time, in order.
parentPort?.on('message', (request: PageRangeRequest) => {
  void readPageRange(request.bytes, request.from, request.to).then(
    (pages): void => parentPort?.postMessage({ id: request.id, pages } satisfies PageRangeReply),
    (error: Error): void => parentPort?.postMessage({ id: request.id, error: { name: error.name, message: error.message } } satisfies PageRangeReply),
  );
});
