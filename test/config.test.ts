import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CONFIG_VARIABLES, ConfigError, decodeEncryptionKey, loadConfig } from '../temporal.config';
import { TokenCipher, TokenCipherError } from '../src/security/token-cipher';

test('defaults need no environment at all', () => {
  const config = loadConfig({});
  assert.equal(config.temporal.address, '127.0.0.1:7233');
  assert.equal(config.temporal.taskQueue, 'hibob-connector');
  assert.equal(config.hibob.defaultBaseUrl, 'https://api.hibob.com/v1');
  assert.equal(config.sync.pageSize, 500);
  assert.equal(config.encryptionKey, undefined);
});

test('every bad variable is named, and its value is never echoed', () => {
  const secretLooking = 'not-a-key-but-secret-looking-value';
  assert.throws(
    () => loadConfig({ TEMPORAL_ADDRESS: 'no port', SYNC_PAGE_SIZE: '0', CONNECTOR_ENCRYPTION_KEY: secretLooking, DATABASE_URL: 'mysql://x' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      const variables = error.problems.map((p) => p.variable).sort();
      assert.deepEqual(variables, ['CONNECTOR_ENCRYPTION_KEY', 'DATABASE_URL', 'SYNC_PAGE_SIZE', 'TEMPORAL_ADDRESS']);
      assert.ok(!error.message.includes(secretLooking));
      return true;
    },
  );
});

test('pairs that only work together are checked together', () => {
  assert.throws(() => loadConfig({ HIBOB_SERVICE_USER_ID: 'svc' }), /HIBOB_TOKEN/);
  assert.throws(() => loadConfig({ TEMPORAL_TLS_CERT_PATH: '/x.pem' }), /TEMPORAL_TLS_CERT_PATH/);
  assert.equal(loadConfig({ TEMPORAL_API_KEY: 'k' }).temporal.tls, true, 'an API key implies TLS');
});

test('the encryption key is accepted as base64 or hex, 32 bytes only', () => {
  const bytes = Buffer.alloc(32, 7);
  assert.deepEqual(Buffer.from(decodeEncryptionKey(bytes.toString('base64'))!), bytes);
  assert.deepEqual(Buffer.from(decodeEncryptionKey(bytes.toString('hex'))!), bytes);
  assert.equal(decodeEncryptionKey(Buffer.alloc(16).toString('base64')), undefined);
});

test('tokens encrypt with AES-256-GCM, bound to the service user, and never round-trip with another key', () => {
  const cipher = new TokenCipher(Buffer.alloc(32, 1));
  const stored = cipher.encrypt('tok_secret_value', 'svc-1');
  assert.ok(!stored.includes('tok_secret_value'));
  assert.notEqual(cipher.encrypt('tok_secret_value', 'svc-1'), stored, 'a fresh IV each time');
  assert.equal(cipher.decrypt(stored, 'svc-1'), 'tok_secret_value');
  assert.throws(() => cipher.decrypt(stored, 'svc-2'), TokenCipherError);
  assert.throws(() => new TokenCipher(Buffer.alloc(32, 2)).decrypt(stored, 'svc-1'), (e: Error) => e instanceof TokenCipherError && !e.message.includes(stored));
});

test('the README configuration table lists every variable the schema reads', () => {
  const readme = readFileSync(new URL('../README.md', `file://${__filename}`), 'utf8');
  const missing = CONFIG_VARIABLES.filter((name) => !readme.includes(`\`${name}\``));
  assert.deepEqual(missing, []);
});
