import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  RateLimitRegistry,
  RateLimitWaitTooLong,
  parseRateLimitHeaders,
  parseResetHeader,
  parseRetryAfter,
  retryAfterMsFromHeaders,
  type PacerKey,
} from '../../src/hibob/rate-limit';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const key: PacerKey = { baseUrl: 'http://hibob.test/v1', serviceUserId: 'SU', endpoint: 'POST /people/search' };

describe('rate-limit header parsing', () => {
  it('reads X-RateLimit-Reset as epoch seconds, tolerating epoch ms and a delta', () => {
    assert.equal(parseResetHeader(String(NOW / 1000 + 30), NOW), NOW + 30_000);
    assert.equal(parseResetHeader(String(NOW + 5000), NOW), NOW + 5000);
    assert.equal(parseResetHeader('12', NOW), NOW + 12_000);
    assert.equal(parseResetHeader(undefined, NOW), null);
    assert.equal(parseResetHeader('soon', NOW), null);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(parseRetryAfter('7', NOW), 7000);
    assert.equal(parseRetryAfter(new Date(NOW + 20_000).toUTCString(), NOW), 20_000);
    assert.equal(parseRetryAfter(new Date(NOW - 20_000).toUTCString(), NOW), 0, 'a date in the past means now');
    assert.equal(parseRetryAfter('', NOW), null);
    assert.equal(parseRetryAfter('whenever', NOW), null);
  });

  it('takes the later of X-RateLimit-Reset and Retry-After after a 429', () => {
    const reset = String(NOW / 1000 + 10);
    assert.equal(retryAfterMsFromHeaders({ 'x-ratelimit-reset': reset }, NOW), 10_000);
    assert.equal(retryAfterMsFromHeaders({ 'retry-after': '3' }, NOW), 3000);
    assert.equal(retryAfterMsFromHeaders({ 'x-ratelimit-reset': reset, 'retry-after': '30' }, NOW), 30_000);
    assert.equal(retryAfterMsFromHeaders({ 'x-ratelimit-reset': String(NOW / 1000 - 5) }, NOW), 0);
    assert.equal(retryAfterMsFromHeaders({}, NOW), null);
  });

  it('parses the budget headers, or says there are none', () => {
    assert.deepEqual(
      parseRateLimitHeaders({ 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '49', 'x-ratelimit-reset': String(NOW / 1000 + 60) }, NOW),
      { limit: 50, remaining: 49, resetAtMs: NOW + 60_000 },
    );
    assert.equal(parseRateLimitHeaders({ 'content-type': 'application/json' }, NOW), null);
  });
});

function headers(limit: number, remaining: number, resetAtMs: number) {
  return { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetAtMs / 1000) };
}

describe('RateLimitRegistry', () => {
  it('lets one request out to learn the budget, then as many as the budget allows', async () => {
    const registry = new RateLimitRegistry({ now: () => NOW, marginMs: 0 });
    const probe = await registry.acquire(key);
    let secondStarted = false;
    const second = registry.acquire(key).then((release) => {
      secondStarted = true;
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(secondStarted, false, 'waits for the probe to answer');
    probe(headers(3, 2, NOW + 60_000));
    const releaseSecond = await second;
    assert.equal(secondStarted, true);
    const third = await registry.acquire(key);
    assert.equal(registry.snapshot(key)?.inFlight, 2);
    releaseSecond(headers(3, 1, NOW + 60_000));
    third(headers(3, 0, NOW + 60_000));
    assert.deepEqual(registry.snapshot(key), { limit: 3, remaining: 0, resetAtMs: NOW + 60_000, inFlight: 0 });
  });

  it('refuses to wait longer than maxWaitMs for an exhausted budget', async () => {
    const registry = new RateLimitRegistry({ now: () => NOW });
    (await registry.acquire(key))(headers(3, 0, NOW + 60_000));
    await assert.rejects(registry.acquire(key, { maxWaitMs: 1000 }), (error: unknown) => {
      assert.ok(error instanceof RateLimitWaitTooLong);
      assert.ok(error.waitMs > 59_000);
      return true;
    });
  });

  it('waits for the reset, reporting the wait, then starts a new window', async () => {
    let now = NOW;
    const registry = new RateLimitRegistry({ now: () => now, marginMs: 0 });
    (await registry.acquire(key))(headers(2, 0, NOW + 30));
    const waits: number[] = [];
    const pending = registry.acquire(key, { onWait: (ms) => waits.push(ms) });
    now = NOW + 31; // the clock passes the reset while the request sleeps
    const release = await pending;
    assert.equal(waits.length, 1);
    assert.ok(waits[0] > 0 && waits[0] <= 30);
    assert.equal(registry.snapshot(key)?.remaining, 2, 'a new window has the full limit');
    release(null);
  });

  it('aborts a wait with the signal’s reason', async () => {
    const registry = new RateLimitRegistry({ now: () => NOW });
    (await registry.acquire(key))(headers(3, 0, NOW + 60_000));
    const controller = new AbortController();
    const pending = registry.acquire(key, { signal: controller.signal });
    controller.abort(new Error('cancelled by the workflow'));
    await assert.rejects(pending, /cancelled by the workflow/);
  });

  it('keeps the lower remaining count within a window, and ignores an older window', async () => {
    const registry = new RateLimitRegistry({ now: () => NOW });
    const a = await registry.acquire(key);
    a(headers(10, 5, NOW + 60_000));
    const [b, c] = [await registry.acquire(key), await registry.acquire(key)];
    c(headers(10, 3, NOW + 60_000));
    b(headers(10, 4, NOW + 60_000)); // answered later but counted earlier
    assert.equal(registry.snapshot(key)?.remaining, 3);
    (await registry.acquire(key))(headers(10, 9, NOW + 1000));
    assert.equal(registry.snapshot(key)?.remaining, 3, 'an answer from an older window changes nothing');
  });

  it('does not pace endpoints that answer without rate-limit headers', async () => {
    const registry = new RateLimitRegistry({ now: () => NOW });
    (await registry.acquire(key))({ 'content-type': 'application/json' });
    const releases = await Promise.all([registry.acquire(key), registry.acquire(key), registry.acquire(key)]);
    releases.forEach((release) => release(null));
  });

  it('keeps budgets apart per service user and endpoint', async () => {
    const registry = new RateLimitRegistry({ now: () => NOW });
    (await registry.acquire(key))(headers(3, 0, NOW + 60_000));
    const other = { ...key, serviceUserId: 'OTHER' };
    (await registry.acquire(other, { maxWaitMs: 0 }))(null);
    (await registry.acquire({ ...key, endpoint: 'GET /timeoff/whosout' }, { maxWaitMs: 0 }))(null);
  });

  it('markExhausted makes every caller wait for the given reset', async () => {
    const registry = new RateLimitRegistry({ now: () => NOW });
    registry.markExhausted(key, NOW + 10_000);
    await assert.rejects(registry.acquire(key, { maxWaitMs: 5000 }), RateLimitWaitTooLong);
  });
});
