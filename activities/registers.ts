import crypto from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { Prisma } from '../generated/prisma/client';
import { canonical, type DataItem } from '../domain/clientCase/provenance';
import { validatePersonalIdentityCode } from '../domain/identity/personIdentifiers';
import {
  addDays,
  benefits,
  currentPermit,
  permitExpiresWithin,
  RegisterRefusal,
  type Registers,
  type ResidencePermit,
} from '../domain/registers/ports';
import { helsinkiDate } from '../domain/time';
import type { Database } from '../platform/database';

/**
 * Activities that read the registers (VTJ, UMA, Kelmu) and record what they say in the read model.
 * Each is idempotent (a retry writes the same rows again), reads the identifiers from the database
 * (so no personal data travels in the workflow's input) and lets a register that is down fail with
 * `RegisterUnavailable`, which Temporal retries; a register's refusal is not retried.
 */

export type RegisterCheckOutcome =
  'RECORDED' | 'NOT_FOUND' | 'NO_IDENTIFIER' | 'NOT_CONFIGURED' | 'NO_CLIENT';

export interface RegisterActivityDeps {
  db: Database;
  registers: Registers;
  permitWarningDays: number;
}

/** A register's refusal: retrying the same question would not help. */
async function asked<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RegisterRefusal)
      throw ApplicationFailure.create({
        type: 'RegisterRefusal',
        message: error.message,
        nonRetryable: true,
      });
    throw error;
  }
}

/** How long an outreach item stays after Kelmu last listed the person. */
const OUTREACH_KEPT_MS = 365 * 24 * 3_600_000;

const recorder = (requestedBy: string | undefined, register: string) => requestedBy ?? `register:${register}`;

export function createRegisterActivities(deps: RegisterActivityDeps) {
  const { db, registers } = deps;

  const liveClient = (clientId: string) =>
    db.client.findFirst({ where: { id: clientId, status: { not: 'DELETED' } } });

  async function keepRecord(
    tx: Prisma.TransactionClient,
    clientId: string,
    register: 'VTJ' | 'UMA',
    status: string,
    data: unknown,
    requestedBy?: string,
  ) {
    const row = {
      status,
      data: data === undefined ? Prisma.DbNull : (data as object),
      checkedAt: new Date(),
      requestedBy: requestedBy ?? null,
    };
    await tx.clientRegisterRecord.upsert({
      where: { clientId_register: { clientId, register } },
      create: { clientId, register, ...row },
      update: row,
    });
  }

  /** Records one item's new value and its provenance (§ 73), with a correction row where one is kept. */
  async function takeItem(
    tx: Prisma.TransactionClient,
    client: { id: string; municipalityId: string },
    item: DataItem,
    from: unknown,
    to: unknown,
    source: 'VTJ' | 'UMA',
    by: string,
    correctionId: string,
  ) {
    const at = new Date();
    await tx.clientDataItem.upsert({
      where: { clientId_item: { clientId: client.id, item } },
      create: { clientId: client.id, item, source, recordedBy: by, recordedAt: at },
      update: { source, recordedBy: by, recordedAt: at },
    });
    // The correction history lists the correctable items only (api/clients/everydaySchemas.ts).
    if (['/person/phone', '/person/email', '/residenceRight'].includes(item)) {
      await tx.clientCorrection.create({
        data: {
          clientId: client.id,
          correctionId,
          municipalityId: client.municipalityId,
          item,
          oldValue: from === null ? Prisma.DbNull : (canonical(from) as object),
          newValue: to === null ? Prisma.DbNull : (canonical(to) as object),
          source,
          reason: `${source} register check`,
          recordedBy: by,
          recordedAt: at,
        },
      });
    }
  }

  return {
    /** VTJ: the person's name and contact details by henkilötunnus, taken into the case with provenance VTJ. */
    async checkPopulationRegister(input: {
      clientId: string;
      requestedBy?: string;
    }): Promise<RegisterCheckOutcome> {
      const client = await liveClient(input.clientId);
      if (!client) return 'NO_CLIENT';
      if (!registers.population) return 'NOT_CONFIGURED';
      if (!client.personalIdentityCode) {
        await db.$transaction((tx) =>
          keepRecord(tx, client.id, 'VTJ', 'NO_IDENTIFIER', undefined, input.requestedBy),
        );
        return 'NO_IDENTIFIER';
      }
      const person = await asked(() => registers.population!.person(client.personalIdentityCode!));
      const by = recorder(input.requestedBy, 'VTJ');
      await db.$transaction(async (tx) => {
        if (!person) return keepRecord(tx, client.id, 'VTJ', 'NOT_FOUND', undefined, input.requestedBy);
        await keepRecord(tx, client.id, 'VTJ', 'FOUND', person, input.requestedBy);
        const correctionId = crypto.randomUUID();
        const update: Prisma.ClientUpdateInput = {};
        // VTJ is authoritative for the name; the contact details it has fill what nobody recorded,
        // so that a number an officer typed last week is not overwritten by an older one.
        const items: [DataItem, 'firstName' | 'lastName' | 'phone' | 'email', string | undefined, boolean][] =
          [
            ['/person/firstName', 'firstName', person.firstName, true],
            ['/person/lastName', 'lastName', person.lastName, true],
            ['/person/phone', 'phone', person.phone, !client.phone],
            ['/person/email', 'email', person.email, !client.email],
          ];
        for (const [item, field, value, take] of items) {
          if (!take || !value || client[field] === value) continue;
          update[field] = value;
          await takeItem(tx, client, item, client[field], value, 'VTJ', by, correctionId);
        }
        if (Object.keys(update).length) await tx.client.update({ where: { id: client.id }, data: update });
      });
      return person ? 'RECORDED' : 'NOT_FOUND';
    },

    /** UMA: the person's permits; the one in force becomes the case's right of residence (provenance UMA). */
    async checkImmigrationRegister(input: {
      clientId: string;
      requestedBy?: string;
    }): Promise<RegisterCheckOutcome> {
      const client = await liveClient(input.clientId);
      if (!client) return 'NO_CLIENT';
      if (!registers.immigration) return 'NOT_CONFIGURED';
      const identifier = client.personalIdentityCode
        ? { personalIdentityCode: client.personalIdentityCode }
        : client.umaNumber
          ? { umaNumber: client.umaNumber }
          : undefined;
      if (!identifier) {
        await db.$transaction((tx) =>
          keepRecord(tx, client.id, 'UMA', 'NO_IDENTIFIER', undefined, input.requestedBy),
        );
        return 'NO_IDENTIFIER';
      }
      const permits = await asked(() => registers.immigration!.permits(identifier));
      const today = helsinkiDate(new Date());
      const current = currentPermit(permits, today);
      const by = recorder(input.requestedBy, 'UMA');
      await db.$transaction(async (tx) => {
        if (!current)
          return keepRecord(tx, client.id, 'UMA', 'NOT_FOUND', { permits: [] }, input.requestedBy);
        await keepRecord(tx, client.id, 'UMA', 'FOUND', { permits, current }, input.requestedBy);
        const right = {
          type: current.type,
          ...(current.validUntil ? { validUntil: current.validUntil } : {}),
          ...(current.certificateId ? { certificateId: current.certificateId } : {}),
        };
        const recorded = client.residenceRight ?? null;
        if (JSON.stringify(canonical(recorded)) !== JSON.stringify(canonical(right))) {
          await tx.client.update({ where: { id: client.id }, data: { residenceRight: right } });
          await takeItem(tx, client, '/residenceRight', recorded, right, 'UMA', by, crypto.randomUUID());
        }
        await flag(tx, client, current, today);
      });
      return current ? 'RECORDED' : 'NOT_FOUND';
    },

    /** Links the open outreach items of the registered person (in the client's municipality) to the case. */
    async linkOutreach(input: { clientId: string }): Promise<number> {
      const client = await liveClient(input.clientId);
      if (!client?.personalIdentityCode) return 0;
      const linked = await db.outreachItem.updateMany({
        where: {
          municipalityId: client.municipalityId,
          personalIdentityCode: client.personalIdentityCode,
          status: { not: 'REGISTERED' },
        },
        data: { status: 'REGISTERED', clientId: client.id, outcomeBy: 'system', outcomeAt: new Date() },
      });
      return linked.count;
    },

    /**
     * Active clients the registers have never answered for, registered a while ago: their check was
     * not started (Temporal was down at registration) or is still waiting. The permit check starts
     * (or finds running) a check for each, so no registration is left without its register data.
     */
    async clientsAwaitingRegisterChecks(input: {
      olderThanMinutes: number;
      limit: number;
    }): Promise<string[]> {
      if (!registers.population && !registers.immigration) return [];
      const rows = await db.$queryRaw<{ id: string }[]>`
        SELECT c.id FROM client c
        WHERE c.status = 'ACTIVE'
          AND c.created_at < now() - make_interval(mins => ${input.olderThanMinutes}::int)
          AND NOT EXISTS (SELECT 1 FROM client_register_record r WHERE r.client_id = c.id)
        ORDER BY c.created_at LIMIT ${input.limit}`;
      return rows.map((r) => r.id);
    },

    /** The municipalities outreach runs for: every municipality that has a code. */
    async outreachMunicipalities(): Promise<string[]> {
      const rows = await db.organisation.findMany({
        where: { kind: 'MUNICIPALITY', municipalityCode: { not: null } },
        select: { id: true },
        orderBy: { id: 'asc' },
      });
      return rows.map((r) => r.id);
    },

    /**
     * Kelmu: the municipality's target-group benefit recipients who are not clients, kept as its
     * outreach list. Upserts by (municipality, person, benefit): running twice changes nothing; an
     * item whose person has since been registered in the municipality is linked to the case.
     */
    async syncOutreach(input: { municipalityId: string }): Promise<{
      received: number;
      created: number;
      linked: number;
      skipped: number;
    }> {
      if (!registers.benefits) return { received: 0, created: 0, linked: 0, skipped: 0 };
      const organisation = await db.organisation.findUnique({ where: { id: input.municipalityId } });
      if (!organisation?.municipalityCode) return { received: 0, created: 0, linked: 0, skipped: 0 };
      const recipients = await asked(() =>
        registers.benefits!.recipients(organisation.municipalityCode!, benefits),
      );
      const today = new Date();
      const valid = recipients.filter(
        (r) =>
          validatePersonalIdentityCode(r.personalIdentityCode, today).valid &&
          (benefits as readonly string[]).includes(r.benefit),
      );
      const clients = await db.client.findMany({
        where: {
          personalIdentityCode: { in: valid.map((r) => r.personalIdentityCode) },
          status: { not: 'DELETED' },
        },
        select: { id: true, municipalityId: true, personalIdentityCode: true },
      });
      const clientOf = new Map(clients.map((c) => [c.personalIdentityCode!, c]));
      // The act's target group: people UMA knows (a residence permit or registration); Kelmu alone
      // cannot tell an immigrant from anyone else. Asked once per person per run.
      const known = new Map<string, boolean>();
      const inTargetGroup = async (code: string) => {
        if (!registers.immigration) return true;
        if (!known.has(code)) {
          const permits = await asked(() => registers.immigration!.permits({ personalIdentityCode: code }));
          known.set(code, permits.length > 0);
        }
        return known.get(code)!;
      };
      let created = 0;
      let linked = 0;
      let skipped = recipients.length - valid.length;
      for (const r of valid) {
        const key = {
          municipalityId_personalIdentityCode_benefit: {
            municipalityId: input.municipalityId,
            personalIdentityCode: r.personalIdentityCode,
            benefit: r.benefit,
          },
        };
        const existing = await db.outreachItem.findUnique({ where: key });
        const client = clientOf.get(r.personalIdentityCode);
        if (client) {
          // A client already: never a new item; an item of this municipality's client is linked.
          if (
            existing &&
            existing.status !== 'REGISTERED' &&
            client.municipalityId === input.municipalityId
          ) {
            await db.outreachItem.update({
              where: key,
              data: { status: 'REGISTERED', clientId: client.id, outcomeBy: 'system', outcomeAt: today },
            });
            linked++;
          } else skipped++;
          continue;
        }
        const seen = { firstName: r.firstName, lastName: r.lastName, birthDate: r.birthDate, since: r.since };
        if (existing) {
          await db.outreachItem.update({ where: key, data: { ...seen, lastSeenAt: today } });
        } else if (!(await inTargetGroup(r.personalIdentityCode))) {
          skipped++;
        } else {
          await db.outreachItem.upsert({
            where: key,
            create: {
              id: crypto.randomUUID(),
              municipalityId: input.municipalityId,
              personalIdentityCode: r.personalIdentityCode,
              benefit: r.benefit,
              ...seen,
              status: 'OPEN',
              firstSeenAt: today,
              lastSeenAt: today,
            },
            update: { ...seen, lastSeenAt: today },
          });
          created++;
        }
      }
      // Personal data kept no longer than needed: a person Kelmu has not listed for a year is forgotten.
      await db.outreachItem.deleteMany({
        where: {
          municipalityId: input.municipalityId,
          lastSeenAt: { lt: new Date(today.getTime() - OUTREACH_KEPT_MS) },
        },
      });
      return { received: recipients.length, created, linked, skipped };
    },

    /**
     * UMA: the permits ending within the warning period; the active clients holding them are flagged
     * (and no longer flagged once UMA no longer lists them). Also forgets the register data of cases
     * erased since (§ 77).
     */
    async flagExpiringPermits(input: {
      warningDays?: number;
    }): Promise<{ flagged: number; cleared: number }> {
      await db.$executeRaw`DELETE FROM client_register_record r USING client c
        WHERE c.id = r.client_id AND c.status = 'DELETED'`;
      if (!registers.immigration) return { flagged: 0, cleared: 0 };
      const today = helsinkiDate(new Date());
      const until = addDays(today, input.warningDays ?? deps.permitWarningDays);
      const permits = await asked(() => registers.immigration!.expiringPermits(today, until));
      const codes = permits.map((p) => p.personalIdentityCode).filter((c): c is string => Boolean(c));
      const umaNumbers = permits.map((p) => p.umaNumber);
      const clients = await db.client.findMany({
        where: {
          status: 'ACTIVE',
          OR: [{ personalIdentityCode: { in: codes } }, { umaNumber: { in: umaNumbers } }],
        },
        select: { id: true, municipalityId: true, personalIdentityCode: true, umaNumber: true },
      });
      let flagged = 0;
      await db.$transaction(async (tx) => {
        for (const client of clients) {
          const permit = permits.find(
            (p) =>
              (client.personalIdentityCode && p.personalIdentityCode === client.personalIdentityCode) ||
              p.umaNumber === client.umaNumber,
          );
          if (permit && (await flag(tx, client, permit, today, input.warningDays))) flagged++;
        }
      });
      const cleared = await db.permitExpiryFlag.deleteMany({
        where: { clientId: { notIn: clients.map((c) => c.id) } },
      });
      return { flagged, cleared: cleared.count };
    },
  };

  /** Flags a permit that ends within the warning period, clears the flag of one that does not. */
  async function flag(
    tx: Prisma.TransactionClient,
    client: { id: string; municipalityId: string },
    permit: ResidencePermit,
    today: string,
    warningDays = deps.permitWarningDays,
  ): Promise<boolean> {
    if (permitExpiresWithin(permit, today, warningDays)) {
      const row = {
        municipalityId: client.municipalityId,
        validUntil: permit.validUntil!,
        flaggedAt: new Date(),
      };
      await tx.permitExpiryFlag.upsert({
        where: { clientId: client.id },
        create: { clientId: client.id, ...row },
        update: row,
      });
      return true;
    }
    await tx.permitExpiryFlag.deleteMany({ where: { clientId: client.id } });
    return false;
  }
}
