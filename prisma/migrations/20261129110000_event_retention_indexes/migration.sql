-- Retention of events for add-ons and webhook deliveries (domain/events/retention.ts,
-- workflows/retention/eventRetention.ts): candidates are found by age.
-- CreateIndex
CREATE INDEX "outbox_event_occurred_at_idx" ON "outbox_event"("occurred_at");

-- Delivered rows by the time they were delivered (a partial index: Prisma's schema cannot state it).
CREATE INDEX "webhook_delivery_delivered_at_idx" ON "webhook_delivery"("delivered_at") WHERE "status" = 'DELIVERED';
