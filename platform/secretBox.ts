import { openWithKey, sealWithKey, type CodecKeys } from './payloadCodec';

/** A secret as the database keeps it: AES-256-GCM under the named payload key, base64. */
export interface SealedSecret {
  keyId: string;
  ciphertext: string;
}

/**
 * Secrets the service must read back in the clear (webhook signing secrets) are kept in PostgreSQL
 * encrypted with the payload keys (PAYLOAD_CODEC_KEYS), so a copy of the database or a backup
 * does not hold them readable. Sealed with the active key (PAYLOAD_CODEC_KEY_ID), opened with the
 * key each row names, so rotation works as it does for payloads: add a key, make it active, and
 * `needsResealing` rows are sealed again with it (activities/webhookSecrets.ts).
 *
 * `context` names where the secret belongs (the row): it is authenticated with the ciphertext,
 * so a sealed value copied to another row does not open.
 */
export class SecretBox {
  private readonly keys: CodecKeys;

  constructor(keys: CodecKeys) {
    if (!Object.hasOwn(keys.keys, keys.activeKeyId))
      throw new Error(`Active payload key "${keys.activeKeyId}" is not among the configured keys`);
    this.keys = { activeKeyId: keys.activeKeyId, keys: { ...keys.keys } };
  }

  get activeKeyId(): string {
    return this.keys.activeKeyId;
  }

  seal(plaintext: string, context: string): SealedSecret {
    const keyId = this.keys.activeKeyId;
    const sealed = sealWithKey(this.keys.keys[keyId], aad(context, keyId), Buffer.from(plaintext, 'utf8'));
    return { keyId, ciphertext: sealed.toString('base64') };
  }

  /** Throws when the key is not configured or the value was not sealed for this context. */
  open(sealed: SealedSecret, context: string): string {
    if (!Object.hasOwn(this.keys.keys, sealed.keyId)) {
      throw new Error(
        `a secret is sealed with payload key "${sealed.keyId.slice(0, 80)}", which is not configured (PAYLOAD_CODEC_KEYS)`,
      );
    }
    try {
      const key = this.keys.keys[sealed.keyId];
      return openWithKey(key, aad(context, sealed.keyId), Buffer.from(sealed.ciphertext, 'base64')).toString(
        'utf8',
      );
    } catch {
      throw new Error(`a secret sealed with payload key "${sealed.keyId}" does not open (tampered or moved)`);
    }
  }

  /** Kept in the clear (written before secrets were sealed) or under a key no longer active. */
  needsResealing(keyId: string | null): boolean {
    return keyId !== this.keys.activeKeyId;
  }
}

const aad = (context: string, keyId: string) => Buffer.from(`${context}\u0000${keyId}`, 'utf8');
