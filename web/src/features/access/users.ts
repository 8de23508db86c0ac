import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { mayManage } from '@domain/access/rights';
import { organisationKinds } from '@domain/organisations/kinds';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/session';
import { useI18n } from '../../i18n/I18nProvider';
import { useOrganisations, type Organisation } from '../../shared/organisations';

/**
 * The organisations whose users the signed-in admin manages, by the same rule the API applies
 * (`mayManage`, act § 80): a municipality's admin its own municipality and its welfare area, KEHA's
 * admin KEHA, TEM and the elinvoimakeskus centres. Their own organisation comes first. Someone
 * who manages none gets their own organisation, so that the API's refusal is what they see.
 */
export function useManagedOrganisations(): {
  organisations: Organisation[];
  ownId?: string;
  pending: boolean;
} {
  const me = useMe();
  const all = useOrganisations();
  const { nameOf, lang } = useI18n();
  return useMemo(() => {
    const user = me.data;
    if (!user || !all.data) return { organisations: [], pending: me.isPending || all.isPending };
    const own = all.data.find((o) => o.id === user.organisation.id);
    const actor = {
      userId: user.userId,
      orgId: user.organisation.id,
      orgKind: user.organisation.kind,
      roles: user.roles,
    };
    const managed = all.data
      .filter((o) => mayManage(actor, { orgId: o.id, orgKind: o.kind }, own?.welfareAreaId))
      .sort(
        (a, b) =>
          Number(b.id === user.organisation.id) - Number(a.id === user.organisation.id) ||
          organisationKinds.indexOf(a.kind) - organisationKinds.indexOf(b.kind) ||
          nameOf(a.name).localeCompare(nameOf(b.name), lang),
      );
    return {
      organisations: managed.length > 0 ? managed : own ? [own] : [],
      ownId: user.organisation.id,
      pending: false,
    };
  }, [me.data, me.isPending, all.data, all.isPending, nameOf, lang]);
}

/** The users of one organisation with all their rights, past and present. */
export function useUsers(organisationId: string | undefined) {
  return useQuery({
    queryKey: ['users', organisationId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/users', { params: { query: { organisationId: organisationId! } } })),
    enabled: !!organisationId,
  });
}

export type ManagedUser = NonNullable<ReturnType<typeof useUsers>['data']>['items'][number];
export type UserRight = ManagedUser['rights'][number];
