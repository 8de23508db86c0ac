import crypto from 'node:crypto';
import type { Database } from '../platform/database';
import type { SecretBox } from '../platform/secretBox';

/**
 * Webhook signing secrets at rest: sealed with the payload keys (platform/secretBox.ts) and bound
 * to their subscription's row, so neither the database nor its backups hold them readable.
 */

const contextOf = (subscriptionId: string) => `webhook-subscription:${subscriptionId}`;

/** A new subscription's secret (`whsec_` + 32 random bytes, base64), and the columns that keep it. */
export function newWebhookSecret(
  box: SecretBox,
  subscriptionId: string,
): { secret: string; stored: { secret: string; secretKeyId: string } } {
  const secret = `whsec_${crypto.randomBytes(32).toString('base64')}`;
  const sealed = box.seal(secret, contextOf(subscriptionId));
  return { secret, stored: { secret: sealed.ciphertext, secretKeyId: sealed.keyId } };
}

/** The secret to sign with. A row without a key was written before secrets were sealed: in the clear. */
export function webhookSecretOf(
  box: SecretBox,
  row: { id: string; secret: string; secretKeyId: string | null },
): string {
  if (row.secretKeyId === null) return row.secret;
  return box.open({ keyId: row.secretKeyId, ciphertext: row.secret }, contextOf(row.id));
}

/**
 * Seals every secret kept in the clear (rows from before sealing) or under a key that is no longer
 * the active one (after a rotation), so that old keys can be retired. Run when a worker starts;
 * each row is rewritten only if nobody changed it meanwhile. Answers how many were sealed again.
 */
export async function resealWebhookSecrets(db: Database, box: SecretBox): Promise<number> {
  const rows = await db.webhookSubscription.findMany({
    where: { OR: [{ secretKeyId: null }, { secretKeyId: { not: box.activeKeyId } }] },
    select: { id: true, secret: true, secretKeyId: true },
  });
  let resealed = 0;
  for (const row of rows) {
    if (!box.needsResealing(row.secretKeyId)) continue;
    const sealed = box.seal(webhookSecretOf(box, row), contextOf(row.id));
    const { count } = await db.webhookSubscription.updateMany({
      where: { id: row.id, secret: row.secret, secretKeyId: row.secretKeyId },
      data: { secret: sealed.ciphertext, secretKeyId: sealed.keyId },
    });
    resealed += count;
  }
  return resealed;
}
