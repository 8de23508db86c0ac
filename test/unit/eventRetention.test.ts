import {
  deliveryExpired,
  eventExpired,
  retentionCutoff,
  type EventFacts,
  type OutboxPlace,
} from '../../domain/events/retention';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-11-29T12:00:00Z');
const cutoff = retentionCutoff(now, 90 * DAY);
const old = new Date(cutoff.getTime() - 1);
const recent = new Date(cutoff.getTime() + 1);

const event = (facts: Partial<EventFacts> = {}): EventFacts => ({
  tx: 100n,
  position: 10n,
  occurredAt: old,
  undelivered: 0,
  ...facts,
});
const cursor = (tx: bigint, position: bigint): OutboxPlace => ({ tx, position });

describe('retention of events for add-ons', () => {
  it('cuts off the configured period before now', () => {
    expect(cutoff.toISOString()).toBe('2026-08-31T12:00:00.000Z');
  });

  it('lets an old event go once every live subscription has looked at it and none still has to deliver it', () => {
    expect(eventExpired(event(), cutoff, [])).toBe(true);
    expect(eventExpired(event(), cutoff, [cursor(100n, 10n), cursor(200n, 0n)])).toBe(true);
  });

  it('keeps an event younger than the period', () => {
    expect(eventExpired(event({ occurredAt: recent }), cutoff, [])).toBe(false);
    expect(eventExpired(event({ occurredAt: cutoff }), cutoff, [])).toBe(false);
  });

  it('keeps an event a live subscription waits to deliver or holds as a dead letter', () => {
    expect(eventExpired(event({ undelivered: 1 }), cutoff, [cursor(200n, 0n)])).toBe(false);
  });

  it('keeps an event a live subscription has not looked at yet (its dispatcher is behind)', () => {
    expect(eventExpired(event(), cutoff, [cursor(200n, 0n), cursor(100n, 9n)])).toBe(false);
    expect(eventExpired(event(), cutoff, [cursor(99n, 1_000n)])).toBe(false);
    expect(eventExpired(event(), cutoff, [cursor(100n, 10n)])).toBe(true);
  });

  it('lets delivered rows go after the period, keeps waiting and dead ones of a live subscription', () => {
    expect(
      deliveryExpired({ status: 'DELIVERED', deliveredAt: old, subscriptionDeletedAt: null }, cutoff),
    ).toBe(true);
    expect(
      deliveryExpired({ status: 'DELIVERED', deliveredAt: recent, subscriptionDeletedAt: null }, cutoff),
    ).toBe(false);
    expect(
      deliveryExpired({ status: 'PENDING', deliveredAt: null, subscriptionDeletedAt: null }, cutoff),
    ).toBe(false);
    expect(deliveryExpired({ status: 'DEAD', deliveredAt: null, subscriptionDeletedAt: null }, cutoff)).toBe(
      false,
    );
  });

  it('lets every row of a subscription deleted before the period go, and keeps a recently deleted one’s', () => {
    expect(deliveryExpired({ status: 'DEAD', deliveredAt: null, subscriptionDeletedAt: old }, cutoff)).toBe(
      true,
    );
    expect(
      deliveryExpired({ status: 'PENDING', deliveredAt: null, subscriptionDeletedAt: recent }, cutoff),
    ).toBe(false);
  });
});
