import type { Request } from 'express';
import { createPlacementActivities } from '../../activities/placementRecords';
import { createAuditLog } from '../../api/audit';
import { resolveActor } from '../../api/auth';
import { createProposal } from '../../domain/placement/proposal';
import { createPrisma, type Database } from '../../platform/database';
import { startStack, type Stack } from '../support/stack';

/**
 * The statements inside every request and decision are prepared once per connection
 * (platform/database.ts): PostgreSQL keeps them under a name and the next call only binds values.
 * Checked on the server itself (`pg_prepared_statements` lists the statements of the connection
 * that asks), with a database client of its own whose calls run one after another, so on the
 * one connection the pool hands back each time.
 */
describe('prepared statements', () => {
  let stack: Stack;
  let db: Database;

  beforeAll(async () => {
    stack = await startStack();
    db = createPrisma(stack.databaseUrl);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await stack?.stop();
  });

  const preparedOnThisConnection = async () =>
    (
      await db.$queryRaw<{ name: string; statement: string }[]>`/* prepared */
      SELECT name, statement FROM pg_prepared_statements ORDER BY prepare_time`
    ).filter((row) => !row.statement.includes('pg_prepared_statements'));

  it('prepares the actor lookup, the audit insert and the placement read-model write, once each', async () => {
    const evk = { userId: 'evk-uusimaa.officer', orgId: 'evk-uusimaa' };
    const request = { actor: undefined, requestId: 'prepared-statements-test' } as unknown as Request;
    const audit = createAuditLog(db);
    const { recordProposalChange } = createPlacementActivities({ db });
    const created = createProposal(
      {
        id: '7c1f0a52-5a33-4c1e-9d5e-3f0b6f0e2a11',
        kind: 'QUOTA_REFUGEE',
        ownerId: evk.orgId,
        household: [{ firstName: 'Testi', lastName: 'Henkilö', birthDate: '1990-01-01', nationality: 'SYR' }],
        evidentServiceNeeds: false,
      },
      { ...evk, orgKind: 'ELINVOIMAKESKUS', roles: ['OFFICER'] },
      new Date(),
    );

    for (let round = 0; round < 3; round++) {
      const actor = await resolveActor(db, evk);
      expect(actor).toMatchObject({ ...evk, orgKind: 'ELINVOIMAKESKUS' });
      request.actor = actor;
      await audit(request, { action: 'test.prepared', resourceType: 'test', outcome: 'ALLOWED' });
      await recordProposalChange(created);
    }
    // A statement of the query builder stays unnamed.
    expect(await db.placementProposal.count({ where: { id: created.state.id } })).toBe(1);

    const prepared = await preparedOnThisConnection();
    expect(prepared.map((row) => row.statement.match(/^\/\* prepared \*\/\s+(\w+ \S+ \S+)/)?.[1])).toEqual([
      'SELECT u.organisation_id AS',
      'INSERT INTO audit_event',
      'WITH snapshot AS',
    ]);
    expect(prepared.every((row) => row.name.startsWith('koto_'))).toBe(true);
    // What they wrote is there: three audit rows, one proposal with its person and first event.
    expect(await db.auditEvent.count({ where: { requestId: 'prepared-statements-test' } })).toBe(3);
    expect(await db.proposalPerson.count({ where: { proposalId: created.state.id } })).toBe(1);
    expect(await db.proposalEvent.count({ where: { proposalId: created.state.id } })).toBe(1);
  });
});
