-- Webhook signing secrets sealed with the payload keys (platform/secretBox.ts): the key each secret is
-- sealed with. Existing rows keep their secret in the clear with no key until a worker starts and
-- seals them (activities/webhookSecrets.ts): the keys are not in the database, so SQL cannot do it.
ALTER TABLE "webhook_subscription" ADD COLUMN "secret_key_id" TEXT;
