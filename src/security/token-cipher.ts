/**
 * Encrypts HiBob service-user tokens at rest with AES-256-GCM. The ciphertext is bound to
 * the service user ID (as additional authenticated data), so a token row copied onto
 * another connection does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT_VERSION = 'v1';

export class TokenCipherError extends Error {
  override readonly name = 'TokenCipherError';
}

export class TokenCipher {
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new TokenCipherError('CONNECTOR_ENCRYPTION_KEY must be 32 bytes.');
    this.#key = Buffer.from(key);
  }

  encrypt(token: string, serviceUserId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(serviceUserId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return [FORMAT_VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join('.');
  }

  decrypt(stored: string, serviceUserId: string): string {
    const [version, iv, tag, ciphertext] = stored.split('.');
    if (version !== FORMAT_VERSION || !iv || !tag || ciphertext === undefined) {
      throw new TokenCipherError('The stored token is not in a format this connector understands.');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(serviceUserId, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      // Never echo the ciphertext or key material: say what to check instead.
      throw new TokenCipherError(
        'The stored HiBob token could not be decrypted: CONNECTOR_ENCRYPTION_KEY differs from the key it was stored with. ' +
          'Restore the original key, or run `hibob reconnect CONNECTION --token NEW` to store the token again.',
      );
    }
  }
}
