import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  return {
    stream: new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    }),
    text: () => text,
  };
}

describe('createLogger', () => {
  it('writes JSON lines to the file, people-readable warnings to stderr, and redacts secrets', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-log-'));
    const file = path.join(dir, 'logs', 'kb.log');
    const err = capture();
    const logger = createLogger({ stderrLevel: 'warn', file: { path: file, level: 'info' }, stderr: err.stream });
    logger.info({ event: 'commit.applied', ms: 3 }, 'applied');
    logger.warn({ event: 'lock.waiting' }, 'waiting for lock held by pid 1 (kb add)');
    logger.info({ apiKey: 'sk-secret', headers: { authorization: 'Bearer sk-secret' } }, 'calling the LLM');
    logger.debug('not written at info');

    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(['applied', 'waiting for lock held by pid 1 (kb add)', 'calling the LLM']);
    expect(lines[0]).toMatchObject({ event: 'commit.applied', ms: 3, pid: process.pid });
    expect(fs.readFileSync(file, 'utf8')).not.toContain('sk-secret');
    expect(lines[2]).toMatchObject({ apiKey: '[redacted]', headers: { authorization: '[redacted]' } });
    expect(err.text()).toBe('kb: waiting for lock held by pid 1 (kb add)\n');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is made on first use, and a level set on it is pino\'s level', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-log-'));
    const file = path.join(dir, 'logs', 'kb.log');
    const err = capture();
    const logger = createLogger({ stderrLevel: 'warn', file: { path: file, level: 'info' }, stderr: err.stream });
    // Nothing logged yet: the log file is not even opened.
    expect(fs.existsSync(file)).toBe(false);
    logger.level = 'error';
    logger.warn('not shown at error');
    logger.error('shown');
    expect(logger.level).toBe('error');
    expect(err.text()).toBe('kb: error: shown\n');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('not shown');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows info on stderr with -v and prefixes errors', () => {
    const err = capture();
    const logger = createLogger({ stderrLevel: 'info', stderr: err.stream });
    logger.info('details');
    logger.error('broke');
    expect(err.text()).toBe('kb: details\nkb: error: broke\n');
  });
});

describe('createLogger when the log file cannot be used', () => {
  it('logs to stderr only when the file cannot be opened (a read-only KB), and says so at -v', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-log-'));
    fs.writeFileSync(path.join(dir, 'not-a-folder'), '');
    const err = capture();
    const logger = createLogger({ stderrLevel: 'info', file: { path: path.join(dir, 'not-a-folder', 'kb.log'), level: 'info' }, stderr: err.stream });
    logger.warn('still shown');
    expect(err.text()).toMatch(/^kb: cannot open .*kb\.log: logging to stderr only\nkb: still shown\n$/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says once that a full disk stopped the log file, and goes on (/dev/full: every write is ENOSPC)', () => {
    const err = capture();
    const logger = createLogger({ stderrLevel: 'warn', file: { path: '/dev/full', level: 'info' }, stderr: err.stream });
    logger.info('first');
    logger.info('second');
    logger.warn('shown');
    expect(err.text()).toBe('kb: cannot write /dev/full: no space left on device (ENOSPC); logging to stderr only\nkb: shown\n');
  });
});
