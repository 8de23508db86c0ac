import { startStack, eventually, type Stack } from '../support/stack';
import { clientBody, daysFromNow, helsinki, registerClient, today } from '../support/clients';
import { getClientState } from '../../workflows/clientCase/messages';

/**
 * Data transfer from a municipality's earlier system (`/api/v1/transfers`), over HTTP against the
 * real stack: a dry run writes nothing, an import creates each case's workflow in its state with
 * provenance TRANSFER and everything the record holds in the read model, the same file twice imports
 * nothing new, a contradicting record is refused, every problem of a refused record is reported,
 * and a worker stopped mid-way loses and doubles nothing.
 */
const admin = 'kunta-091.admin';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(async () => stack?.stop());

function record(sourceId: string, extra: Record<string, unknown> = {}) {
  return { sourceId, ...clientBody(), status: 'ACTIVE', ...extra };
}

async function sendNdjson(
  records: unknown[],
  query: string,
  user = admin,
): Promise<{ status: number; body: { id: string } }> {
  const token = await stack.token(user);
  const res = await fetch(`${stack.url}/api/v1/transfers?${query}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' },
    body: records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n',
  });
  return { status: res.status, body: (await res.json()) as { id: string } };
}

async function finished(id: string, timeoutMs = 120_000) {
  return eventually(
    async () => {
      const r = await stack.call(admin, 'GET', `/api/v1/transfers/${id}`);
      expect(r.status).toBe(200);
      return r.body.status === 'DONE' ? r.body : undefined;
    },
    timeoutMs,
    'the transfer to finish',
  );
}

describe('data transfer', () => {
  const contactAt = new Date(Date.now() - 20 * 86400_000).toISOString();
  const plan = {
    validFrom: daysFromNow(-30),
    validUntil: daysFromNow(300),
    lastReviewedOn: daysFromNow(-5),
    goals: [{ description: 'Suomen kieli B1-tasolle' }],
    tasks: [{ description: 'Kielikurssille ilmoittautuminen', dueDate: daysFromNow(30) }],
    services: [{ name: 'Kotoutumiskoulutus', provider: 'Helsingin työväenopisto' }],
  };
  const assessment = {
    type: 'INITIAL',
    completedOn: daysFromNow(-40),
    summary: 'Alkukartoitus tehty tulkin kanssa',
    serviceNeeds: ['kielikoulutus', 'asunto'],
  };
  const active = record('src-1', {
    responsibleExpertId: 'kunta-091.officer',
    plan,
    assessments: [assessment],
    contacts: [{ at: contactAt, channel: 'MEETING', summary: 'Ensitapaaminen', interpreterUsed: true }],
  });
  const ended = record('src-2', { status: 'ENDED', endedOn: daysFromNow(-10), endReason: 'muutti' });
  const invalid = { ...record('src-3'), residenceRight: undefined };
  let registeredCode = '';

  it('validates every record in a dry run and writes nothing', async () => {
    const existing = await registerClient(stack, helsinki);
    registeredCode = (await stack.db.client.findUniqueOrThrow({ where: { id: existing } }))
      .personalIdentityCode!;
    const clash = record('src-4', {});
    (clash.person as Record<string, unknown>).personalIdentityCode = registeredCode;
    (clash.person as Record<string, unknown>).birthDate = (
      await stack.db.client.findUniqueOrThrow({ where: { id: existing } })
    ).birthDate;
    const before = await stack.db.client.count();
    const sent = await stack.call(admin, 'POST', '/api/v1/transfers', {
      sourceSystem: 'Effica',
      dryRun: true,
      records: [active, ended, invalid, clash],
    });
    expect(sent.status).toBe(202);
    const report = await finished(sent.body.id);
    expect(report).toMatchObject({
      dryRun: true,
      counts: { received: 4, imported: 2, unchanged: 0, refused: 2 },
    });
    expect(report.refusals).toEqual([
      expect.objectContaining({ index: 2, sourceId: 'src-3', pointer: '/residenceRight' }),
      expect.objectContaining({ index: 3, sourceId: 'src-4', pointer: '/person/personalIdentityCode' }),
    ]);
    expect(await stack.db.client.count()).toBe(before);
    expect(await stack.db.transferSource.count()).toBe(0);
  });

  let activeId = '';
  let endedId = '';
  it('imports each case in its state with provenance TRANSFER, and the same file again changes nothing', async () => {
    const sent = await sendNdjson([active, ended, invalid, '{not json'], 'sourceSystem=Effica&dryRun=false');
    expect(sent.status).toBe(202);
    const report = await finished(sent.body.id);
    expect(report.counts).toEqual({ received: 4, imported: 2, unchanged: 0, refused: 2 });
    expect(report.refusals.map((r: { index: number }) => r.index)).toEqual([2, 3]);
    const rows = await stack.db.transferRecord.findMany({
      where: { transferId: sent.body.id, outcome: 'IMPORTED' },
      orderBy: { index: 'asc' },
    });
    expect(rows.every((r) => r.record === null)).toBe(true);
    activeId = rows[0].clientId!;
    endedId = rows[1].clientId!;

    const a = await stack.call(helsinki, 'GET', `/api/v1/clients/${activeId}`);
    expect(a.status).toBe(200);
    expect(a.body.status).toBe('ACTIVE');
    expect(a.body.nextReviewDue).toBeTruthy();
    expect(JSON.stringify(a.body.provenance)).toContain('TRANSFER');
    expect(JSON.stringify(a.body.provenance)).not.toContain('MANUAL');
    const e = await stack.call(helsinki, 'GET', `/api/v1/clients/${endedId}`);
    expect(e.body.status).toBe('ENDED');
    const endedRow = await stack.db.client.findUniqueOrThrow({ where: { id: endedId } });
    expect(endedRow.deletionDueAt!.getTime()).toBeGreaterThan(Date.now() + 3 * 365 * 86400_000);
    const audited = await stack.db.auditEvent.findMany({
      where: { subjectId: activeId, action: 'transfer.import' },
    });
    expect(audited.map((a) => `${a.userId} ${a.action} ${a.outcome}`)).toEqual([
      'kunta-091.admin transfer.import ALLOWED',
    ]);
    const described = await stack.client.workflow.getHandle(`client-case-${activeId}`).describe();
    expect(described.status.name).toBe('RUNNING');

    const again = await sendNdjson([active, ended], 'sourceSystem=Effica&dryRun=false');
    expect((await finished(again.body.id)).counts).toEqual({
      received: 2,
      imported: 0,
      unchanged: 2,
      refused: 0,
    });
    expect(await stack.db.client.count({ where: { id: { in: [activeId, endedId] } } })).toBe(2);
  });

  it('lands everything the record holds where the client’s pages and the API read it, as its workflow has it', async () => {
    const a = await stack.call(helsinki, 'GET', `/api/v1/clients/${activeId}`);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({
      responsibleExpertId: 'kunta-091.officer',
      assessments: [
        {
          ...assessment,
          welfareAreaParticipated: false,
        },
      ],
      plan: {
        validFrom: plan.validFrom,
        validUntil: plan.validUntil,
        firstPlanFrom: plan.validFrom,
        expired: false,
        goals: plan.goals,
        tasks: plan.tasks,
        services: plan.services,
      },
      reviews: [{ reviewedOn: plan.lastReviewedOn }],
      reviewOverdue: false,
    });
    expect(a.body.timeline[0]).toMatchObject({ type: 'REGISTERED' });
    expect(a.body.timeline.map((e: { type: string }) => e.type)).toContain('CONTACT_RECORDED');
    const contacts = await stack.call(helsinki, 'GET', `/api/v1/clients/${activeId}/contacts`);
    expect(contacts.body.items).toEqual([
      expect.objectContaining({
        at: contactAt,
        channel: 'MEETING',
        summary: 'Ensitapaaminen',
        interpreterUsed: true,
      }),
    ]);
    const summary = await stack.call(helsinki, 'GET', `/api/v1/clients/${activeId}/summary`);
    expect(summary.body).toMatchObject({
      responsibleExpertId: 'kunta-091.officer',
      currentPlan: { version: 1, validFrom: plan.validFrom, validUntil: plan.validUntil },
      nextReviewDue: a.body.nextReviewDue,
      lastContactAt: contactAt,
      latestAssessment: { type: 'INITIAL', completedOn: assessment.completedOn },
    });
    const versions = await stack.call(
      helsinki,
      'GET',
      `/api/v1/clients/${activeId}/integration-plan/versions`,
    );
    expect(versions.body.items).toEqual([
      expect.objectContaining({ version: 1, current: true, goals: plan.goals }),
    ]);

    const e = await stack.call(helsinki, 'GET', `/api/v1/clients/${endedId}`);
    expect(e.body).toMatchObject({ status: 'ENDED', endReason: 'muutti' });
    expect(e.body.endedAt.slice(0, 10)).toBe(daysFromNow(-10));
    // § 77: erased four years after the end.
    expect(e.body.deletionDueAt.slice(0, 4)).toBe(String(Number(daysFromNow(-10).slice(0, 4)) + 4));
    expect(e.body.nextReviewDue).toBeUndefined();

    // Each case's own workflow holds the state the read model shows.
    for (const [id, body] of [
      [activeId, a.body],
      [endedId, e.body],
    ] as const) {
      const state = await stack.client.workflow.getHandle(`client-case-${id}`).query(getClientState);
      expect({
        status: state.status,
        responsibleExpertId: state.responsibleExpertId ?? undefined,
        nextReviewDueAt: state.nextReviewDue ?? undefined,
        deletionDueAt: state.deletionDueAt ?? undefined,
        assessments: state.assessments,
        reviews: state.reviews,
      }).toEqual({
        status: body.status,
        responsibleExpertId: body.responsibleExpertId,
        nextReviewDueAt: body.nextReviewDueAt,
        deletionDueAt: body.deletionDueAt,
        assessments: body.assessments.length,
        reviews: body.reviews.length,
      });
    }
  });

  it('reports every problem of a refused record, each with its JSON pointer', async () => {
    const broken = record('src-5', {
      endedOn: daysFromNow(-3),
      plan: { validFrom: daysFromNow(-10), validUntil: daysFromNow(-20), goals: [{ description: 'x' }] },
      residenceRight: undefined,
    });
    (broken.person as Record<string, unknown>).nationality = 'syria';
    const sent = await stack.call(admin, 'POST', '/api/v1/transfers', {
      sourceSystem: 'Effica',
      dryRun: true,
      records: [broken],
    });
    const report = await finished(sent.body.id);
    expect(report.counts).toMatchObject({ received: 1, imported: 0, refused: 1 });
    expect(report.refusals.map((r: { pointer: string }) => r.pointer).sort()).toEqual(
      ['/endedOn', '/person/nationality', '/plan/validUntil', '/residenceRight'].sort(),
    );
    expect(
      report.refusals.every(
        (r: { index: number; sourceId: string }) => r.index === 0 && r.sourceId === 'src-5',
      ),
    ).toBe(true);
  });

  it('refuses a record with text PostgreSQL cannot store (a NUL, a lone surrogate) at its field, and takes the rest', async () => {
    const nul = record('src-nul');
    (nul.person as Record<string, unknown>).firstName = 'A\u0000mina';
    const lone = record('src-lone');
    (lone.person as Record<string, unknown>).lastName = 'Testi\ud800nen';
    const sent = await sendNdjson([nul, lone, record('src-fine')], 'sourceSystem=Effica&dryRun=true');
    expect(sent.status).toBe(202);
    const report = await finished(sent.body.id);
    expect(report.counts).toMatchObject({ received: 3, refused: 2 });
    expect(report.refusals).toEqual([
      {
        index: 0,
        sourceId: 'src-nul',
        pointer: '/person/firstName',
        detail: 'must not contain the NUL character (U+0000)',
      },
      {
        index: 1,
        sourceId: 'src-lone',
        pointer: '/person/lastName',
        detail: 'must be Unicode text: it contains a lone UTF-16 surrogate',
      },
    ]);
  });

  it('refuses a record that contradicts what is stored, and merges nothing', async () => {
    const changed = { ...active, person: { ...active.person, firstName: 'Toinen' } };
    const sent = await stack.call(admin, 'POST', '/api/v1/transfers', {
      sourceSystem: 'Effica',
      dryRun: false,
      records: [changed],
    });
    const report = await finished(sent.body.id);
    expect(report.counts).toMatchObject({ imported: 0, unchanged: 0, refused: 1 });
    expect(report.refusals[0]).toMatchObject({ index: 0, sourceId: 'src-1', pointer: '/sourceId' });
    const row = await stack.db.client.findUniqueOrThrow({ where: { id: activeId } });
    expect(row.firstName).toBe('Amina');
  });

  it('loses and doubles nothing when the worker stops mid-way', async () => {
    const records = Array.from({ length: 300 }, (_, i) => record(`bulk-${i}`));
    await stack.stopWorker();
    const sent = await sendNdjson(records, 'sourceSystem=Pro Consona&dryRun=false');
    expect(sent.status).toBe(202);
    await stack.startWorker();
    await eventually(
      async () => {
        const done = await stack.db.transferRecord.count({
          where: { transferId: sent.body.id, outcome: { not: null } },
        });
        return done >= 20 ? done : undefined;
      },
      120_000,
      'some records imported',
    );
    await stack.stopWorker();
    const midway = await stack.db.transferRecord.count({
      where: { transferId: sent.body.id, outcome: { not: null } },
    });
    expect(midway).toBeLessThan(300);
    await stack.startWorker();
    const report = await finished(sent.body.id, 240_000);
    expect(report.counts).toEqual({ received: 300, imported: 300, unchanged: 0, refused: 0 });
    const sources = await stack.db.transferSource.findMany({ where: { sourceSystem: 'Pro Consona' } });
    expect(sources).toHaveLength(300);
    const clients = await stack.db.client.count({ where: { id: { in: sources.map((s) => s.clientId) } } });
    expect(clients).toBe(300);
    // Each import is audit-logged exactly once, the retried batch's too.
    const audited = await stack.db.auditEvent.count({
      where: { action: 'transfer.import', subjectId: { in: sources.map((s) => s.clientId) } },
    });
    expect(audited).toBe(300);
  }, 400_000);

  it('is for the municipality’s admin or its system user, and names the bad field', async () => {
    const officer = await stack.call(helsinki, 'POST', '/api/v1/transfers', {
      sourceSystem: 'x',
      dryRun: true,
      records: [],
    });
    expect(officer.status).toBe(403);
    const missing = await sendNdjson([active], 'dryRun=true');
    expect(missing.status).toBe(400);
    const bad = await stack.call(admin, 'POST', '/api/v1/transfers', {
      sourceSystem: 'x',
      dryRun: 'yes',
      records: [],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].pointer).toBe('/dryRun');
    const sent = await stack.call(admin, 'POST', '/api/v1/transfers', {
      sourceSystem: 'x',
      dryRun: true,
      records: [],
    });
    const other = await stack.call('kunta-837.admin', 'GET', `/api/v1/transfers/${sent.body.id}`);
    expect(other.status).toBe(404);
    // The municipality's own system sends its records and reads the report with its system user.
    const bySystem = await sendNdjson(
      [record('src-6')],
      'sourceSystem=Effica&dryRun=true',
      'kunta-091.system',
    );
    expect(bySystem.status).toBe(202);
    expect(
      (await stack.call('kunta-091.system', 'GET', `/api/v1/transfers/${bySystem.body.id}`)).status,
    ).toBe(200);
    expect(
      (await stack.call('kunta-837.system', 'GET', `/api/v1/transfers/${bySystem.body.id}`)).status,
    ).toBe(404);
    const audit = await stack.db.auditEvent.findMany({ where: { action: 'transfer.create' } });
    expect(audit.some((a) => a.outcome === 'ALLOWED' && a.resourceId === sent.body.id)).toBe(true);
    expect(today()).toBeTruthy();
  });
});
