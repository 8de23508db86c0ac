import crypto from 'node:crypto';
import { SecretBox } from '../../platform/secretBox';

const k1 = crypto.randomBytes(32);
const k2 = crypto.randomBytes(32);
const secret = `whsec_${crypto.randomBytes(32).toString('base64')}`;

describe('secrets sealed with the payload keys', () => {
  it('seals with the active key and opens again, never keeping the secret readable', () => {
    const box = new SecretBox({ activeKeyId: 'k1', keys: { k1 } });
    const sealed = box.seal(secret, 'webhook-subscription:a');
    expect(sealed.keyId).toBe('k1');
    expect(sealed.ciphertext).not.toContain(secret.slice(6, 20));
    expect(Buffer.from(sealed.ciphertext, 'base64').toString('latin1')).not.toContain('whsec_');
    expect(box.open(sealed, 'webhook-subscription:a')).toBe(secret);
    // A fresh IV each time.
    expect(box.seal(secret, 'webhook-subscription:a').ciphertext).not.toBe(sealed.ciphertext);
  });

  it('does not open a value moved to another row, tampered with, or under another key id', () => {
    const box = new SecretBox({ activeKeyId: 'k1', keys: { k1 } });
    const sealed = box.seal(secret, 'webhook-subscription:a');
    expect(() => box.open(sealed, 'webhook-subscription:b')).toThrow(/does not open/);
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[14] ^= 1;
    expect(() =>
      box.open({ ...sealed, ciphertext: bytes.toString('base64') }, 'webhook-subscription:a'),
    ).toThrow(/does not open/);
    expect(() => box.open({ ...sealed, keyId: 'k9' }, 'webhook-subscription:a')).toThrow(/not configured/);
    const both = new SecretBox({ activeKeyId: 'k2', keys: { k1, k2 } });
    expect(() => both.open({ ...sealed, keyId: 'k2' }, 'webhook-subscription:a')).toThrow(/does not open/);
  });

  it('keeps opening what an old key sealed after a rotation, and says what to seal again', () => {
    const before = new SecretBox({ activeKeyId: 'k1', keys: { k1 } });
    const sealed = before.seal(secret, 'webhook-subscription:a');
    const rotated = new SecretBox({ activeKeyId: 'k2', keys: { k1, k2 } });
    expect(rotated.open(sealed, 'webhook-subscription:a')).toBe(secret);
    expect(rotated.needsResealing('k1')).toBe(true);
    expect(rotated.needsResealing(null)).toBe(true);
    expect(rotated.needsResealing('k2')).toBe(false);
    const resealed = rotated.seal(secret, 'webhook-subscription:a');
    expect(resealed.keyId).toBe('k2');
    // Once everything is sealed again, k1 can go.
    expect(new SecretBox({ activeKeyId: 'k2', keys: { k2 } }).open(resealed, 'webhook-subscription:a')).toBe(
      secret,
    );
  });

  it('refuses an active key that is not configured', () => {
    expect(() => new SecretBox({ activeKeyId: 'k3', keys: { k1 } })).toThrow(/not among/);
  });
});
