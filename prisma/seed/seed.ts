import type { Database } from '../../platform/database';
import { referenceOrganisations } from './referenceData';
import { seededUsers } from './users';

/** Reference organisations and the seeded users, idempotently: a second run changes nothing. */
export async function seedReferenceData(
  db: Database,
  options: { users: boolean } = { users: true },
): Promise<void> {
  await db.$transaction(
    async (tx) => {
      for (const org of referenceOrganisations) {
        const data = {
          kind: org.kind,
          nameFi: org.name.fi,
          nameSv: org.name.sv ?? null,
          municipalityCode: org.municipalityCode ?? null,
          welfareAreaId: org.welfareAreaId ?? null,
          elinvoimakeskusId: org.elinvoimakeskusId ?? null,
          aland: org.aland ?? false,
        };
        await tx.organisation.upsert({
          where: { id: org.id },
          create: { id: org.id, ...data },
          update: data,
        });
      }
      if (!options.users) return;
      const users = seededUsers();
      await tx.user.createMany({
        data: users.map((u) => ({ id: u.id, organisationId: u.organisationId, displayName: u.displayName })),
        skipDuplicates: true,
      });
      // Fixed IDs: a right an admin has since revoked is not granted again by a restart.
      await tx.userRight.createMany({
        data: users.flatMap((u) =>
          u.roles.map((role) => ({ id: `seed:${u.id}:${role}`, userId: u.id, role, grantedBy: 'seed' })),
        ),
        skipDuplicates: true,
      });
    },
    { timeout: 60_000 },
  );
}
