import type { Page } from 'playwright-core';
import { endOfHelsinkiDay, helsinkiDate } from '../../domain/time';
import { registerClient } from '../support/clients';
import { createProposal, expectStatus, sentProposal } from '../support/placement';
import {
  expectAccessible,
  withScreenshots,
  chooseOption,
  optionTexts,
  pickOption,
  settled,
  browserSuite,
} from '../support/web';

/**
 * Administration in the officers' web application, in a real browser against the real stack:
 * a municipality's main user manages its staff's rights (§ 80) and reads the audit log, a TEM
 * analyst reads the aggregate reports, and an officer without those rights neither sees nor
 * gets them.
 */
describe('administration, audit log and reports in the web application', () => {
  const suite = browserSuite();
  const { pages, as } = suite;

  /** 2026-05-31 as the officer types it: 31.5.2026. */
  const typed = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return `${d}.${m}.${y}`;
  };
  const daysFromNow = (days: number) => helsinkiDate(new Date(Date.now() + days * 86_400_000));

  const navigationLinks = async (page: Page) => {
    const nav = page.getByRole('navigation', { name: 'Päävalikko' });
    await nav.getByRole('link', { name: 'Etusivu' }).waitFor();
    return nav.getByRole('link').allTextContents();
  };

  it('lets a municipality’s main user create a user, grant a time-limited right and remove it', async () => {
    const admin = await as('kunta-091.admin');
    await withScreenshots(
      'administration-users',
      () => pages,
      async () => {
        await admin.goto('/');
        expect(await navigationLinks(admin)).toEqual(
          expect.arrayContaining(['Käyttäjät ja oikeudet', 'Lokitiedot']),
        );
        expect(await navigationLinks(admin)).not.toContain('Raportit');
        await admin.getByRole('link', { name: 'Käyttäjät ja oikeudet' }).click();
        await admin.getByRole('heading', { level: 1, name: 'Käyttäjät ja oikeudet' }).waitFor();
        await admin.getByRole('heading', { level: 2, name: 'Käyttäjät: Helsinki' }).waitFor();
        await admin
          .getByTestId('user-kunta-091-officer')
          .getByRole('cell', { name: 'Virkailija', exact: true })
          .waitFor();
        expect(await admin.getByRole('heading', { level: 1 }).count()).toBe(1);

        // Helsinki's admin manages Helsinki and the city's own welfare-area staff, nobody else.
        expect(
          await optionTexts(
            admin,
            admin.getByRole('button', { name: /Organisaatio, jonka käyttäjiä hallinnoit/ }),
          ),
        ).toEqual(['Helsinki (oma organisaatio)', 'Helsingin kaupunki (sosiaali- ja terveyspalvelut)']);
        await expectAccessible(admin, 'the users and rights page');

        // A user name the API refuses: its reason appears at the field and in the summary.
        const newUser = admin.getByRole('form', { name: 'Uusi käyttäjä' });
        await newUser.getByLabel('Käyttäjätunnus').fill('Maija Virtanen');
        await newUser.getByLabel('Nimi').fill('Maija Virtanen');
        await newUser.getByRole('button', { name: 'Luo käyttäjä' }).click();
        await newUser.getByRole('heading', { name: 'Tarkista seuraavat kohdat' }).waitFor();
        expect(await newUser.getByText(/Käyttäjätunnus pienillä kirjaimilla/).count()).toBe(2);
        expect(await newUser.getByLabel('Käyttäjätunnus').getAttribute('aria-invalid')).toBe('true');
        await expectAccessible(admin, 'the new user form with a field error');

        await newUser.getByLabel('Käyttäjätunnus').fill('kunta-091.mvirtanen');
        await newUser.getByRole('button', { name: 'Luo käyttäjä' }).click();
        await admin
          .getByTestId('notice')
          .getByText('Käyttäjä kunta-091.mvirtanen luotu.', { exact: false })
          .waitFor();
        const card = admin.getByTestId('user-kunta-091-mvirtanen');
        await card.getByText('Ei oikeuksia.').waitFor();

        // Grant OFFICER until the end of a day a month from now.
        const until = daysFromNow(30);
        await card.getByRole('button', { name: 'Myönnä oikeus käyttäjälle Maija Virtanen' }).click();
        const grant = admin.getByRole('form', { name: 'Myönnä oikeus käyttäjälle Maija Virtanen' });
        await chooseOption(admin, /^Rooli/, 'Virkailija');
        await grant.getByLabel(/^Voimassa asti/).fill(typed(until));
        await expectAccessible(admin, 'the grant form');
        await grant.getByRole('button', { name: 'Myönnä oikeus' }).click();
        await admin
          .getByTestId('notice')
          .getByText('Oikeus (Virkailija) myönnetty käyttäjälle Maija Virtanen.')
          .waitFor();
        const row = card.getByRole('row').filter({ hasText: 'Virkailija' });
        await row.getByRole('cell', { name: 'Voimassa', exact: true }).waitFor();
        expect(await row.innerText()).toContain(typed(until));
        expect(await row.innerText()).toContain('kunta-091.admin');

        let user = await suite.stack.call('kunta-091.admin', 'GET', '/api/v1/users/kunta-091.mvirtanen');
        expectStatus(user, 200);
        expect(user.body.rights).toEqual([
          expect.objectContaining({
            role: 'OFFICER',
            validUntil: endOfHelsinkiDay(until).toISOString(),
            grantedBy: 'kunta-091.admin',
            inForce: true,
          }),
        ]);

        // Removing asks first; cancelling changes nothing.
        const remove = card.getByRole('button', {
          name: 'Poista oikeus (Virkailija) käyttäjältä Maija Virtanen',
        });
        await remove.click();
        let dialog = admin.getByRole('dialog', { name: 'Poistetaanko oikeus?' });
        await dialog.waitFor();
        await expectAccessible(admin, 'the removal confirmation');
        await dialog.getByRole('button', { name: 'Peruuta' }).click();
        await dialog.waitFor({ state: 'hidden' });
        user = await suite.stack.call('kunta-091.admin', 'GET', '/api/v1/users/kunta-091.mvirtanen');
        expect(user.body.rights[0].revokedAt).toBeUndefined();

        await remove.click();
        dialog = admin.getByRole('dialog', { name: 'Poistetaanko oikeus?' });
        await dialog.getByRole('button', { name: 'Poista', exact: true }).click();
        await admin
          .getByTestId('notice')
          .getByText('Oikeus (Virkailija) poistettu käyttäjältä Maija Virtanen.')
          .waitFor();
        await row.getByRole('cell', { name: /^Poistettu / }).waitFor();
        expect(await remove.count()).toBe(0);
        user = await suite.stack.call('kunta-091.admin', 'GET', '/api/v1/users/kunta-091.mvirtanen');
        expect(user.body.rights[0]).toEqual(
          expect.objectContaining({ inForce: false, revokedAt: expect.any(String) }),
        );

        // The welfare area's staff: only OFFICER may be granted there.
        await chooseOption(
          admin,
          /Organisaatio, jonka käyttäjiä hallinnoit/,
          'Helsingin kaupunki (sosiaali- ja terveyspalvelut)',
        );
        await admin
          .getByRole('heading', { name: 'Käyttäjät: Helsingin kaupunki (sosiaali- ja terveyspalvelut)' })
          .waitFor();
        await admin
          .getByRole('button', { name: /Myönnä oikeus käyttäjälle Helsingin kaupunki.*virkailija/ })
          .click();
        const welfareGrant = admin.getByRole('form', {
          name: /Myönnä oikeus käyttäjälle Helsingin kaupunki.*virkailija/,
        });
        expect(await optionTexts(admin, welfareGrant.getByRole('button', { name: /Rooli/ }))).toEqual([
          'Virkailija',
        ]);
      },
    );
  });

  it('shows a municipality’s main user the audit log filtered by user and by day', async () => {
    const proposalId = await sentProposal(suite.stack);
    expectStatus(
      await suite.stack.call('kunta-091.officer', 'GET', `/api/v1/placement-proposals/${proposalId}`),
      200,
    );
    expectStatus(await suite.stack.call('kunta-091.officer', 'GET', '/api/v1/placement-proposals'), 200);
    const admin = await as('kunta-091.admin');
    await withScreenshots(
      'administration-audit',
      () => pages,
      async () => {
        await admin.goto('/admin/audit');
        await admin.getByRole('heading', { level: 1, name: 'Lokitiedot' }).waitFor();
        const filters = admin.getByRole('search', { name: 'Rajaa lokitietoja' });
        await filters.getByLabel(/^Käyttäjätunnus/).fill('kunta-091.officer');
        await filters.getByLabel(/^Alkaen/).fill(typed(daysFromNow(0)));
        await filters.getByLabel(/^Päättyen/).fill(typed(daysFromNow(0)));
        await filters.getByRole('button', { name: 'Hae' }).click();
        await admin.waitForURL(/userId=kunta-091.officer/);

        const table = admin.getByRole('table', { name: 'Lokitapahtumat, uusimmat ensin' });
        // The new address comes before the filtered answer: the unfiltered rows (with this very
        // read among them) are still shown, then none while it loads. Wait for the answer.
        const users = await settled(
          () => table.locator('tbody tr td:nth-child(2)').allTextContents(),
          (cells) => cells.length > 0 && cells.every((cell) => cell === 'kunta-091.officer'),
        );
        expect(users.length).toBeGreaterThan(0);
        expect(new Set(users)).toEqual(new Set(['kunta-091.officer']));
        const read = table
          .getByRole('row')
          .filter({ hasText: 'proposal.read' })
          .filter({ hasText: proposalId });
        await read.first().waitFor();
        expect(await read.first().innerText()).toContain('Sallittu');
        expect(await read.first().innerText()).toContain('Helsinki');
        await expectAccessible(admin, 'the audit log with results');

        // A day long ago has nothing; an end before the start is refused at the field.
        await filters.getByLabel(/^Alkaen/).fill('1.1.2020');
        await filters.getByLabel(/^Päättyen/).fill('1.1.2020');
        await filters.getByRole('button', { name: 'Hae' }).click();
        await admin.getByText('Ei tuloksia.').waitFor();
        await filters.getByLabel(/^Alkaen/).fill('2.1.2020');
        await filters.getByRole('button', { name: 'Hae' }).click();
        await filters.getByText('Päättymispäivä ei voi olla ennen alkamispäivää').waitFor();
        expect(admin.url()).toContain('from=2020-01-01');
      },
    );
  });

  it('lets a KEHA supervisor read everyone’s audit log in English, filtered by organisation', async () => {
    const proposalId = await sentProposal(suite.stack);
    expectStatus(
      await suite.stack.call('kunta-091.officer', 'GET', `/api/v1/placement-proposals/${proposalId}`),
      200,
    );
    const supervisor = await as('keha.supervisor', 'en');
    await withScreenshots(
      'administration-audit-keha',
      () => pages,
      async () => {
        await supervisor.goto('/admin/audit');
        await supervisor.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
        await supervisor.getByText('You see the events of all organisations.').waitFor();
        const filters = supervisor.getByRole('search', { name: 'Filter the audit log' });
        // The Suomi.fi SingleSelect: type to filter, then pick.
        await pickOption(supervisor, 'Organisation', 'Helsinki (Municipality)', {
          typed: 'Helsinki',
          within: filters,
        });
        await filters.getByRole('button', { name: 'Search' }).click();
        await supervisor.waitForURL(/organisationId=kunta-091/);
        const table = supervisor.getByRole('table', { name: 'Audit events, newest first' });
        // The filtered answer replaces the unfiltered one: wait until only Helsinki's rows remain.
        const organisations = await settled(
          () => table.locator('tbody tr td:nth-child(3)').allTextContents(),
          (cells) => cells.length > 0 && cells.every((cell) => cell === 'Helsinki'),
        );
        expect(organisations.length).toBeGreaterThan(0);
        expect(new Set(organisations)).toEqual(new Set(['Helsinki']));
        await table.getByRole('row').filter({ hasText: proposalId }).first().waitFor();
        expect(await table.getByRole('row').filter({ hasText: proposalId }).first().innerText()).toContain(
          'Allowed',
        );
        await expectAccessible(supervisor, 'the audit log with the organisation picker');
      },
    );
  });

  it('shows a TEM analyst the reports as charts and tables, small counts suppressed', async () => {
    for (let i = 0; i < 5; i++) await createProposal(suite.stack);
    await sentProposal(suite.stack);
    await registerClient(suite.stack);
    const expected = await suite.stack.call(
      'tem.analyst',
      'GET',
      '/api/v1/reports/placements?groupBy=status',
    );
    expectStatus(expected, 200);
    const cell = (key: string) => expected.body.items.find((c: { key: string }) => c.key === key);
    expect(cell('DRAFT').suppressed).toBe(false);
    expect(cell('AWAITING_MUNICIPALITY').suppressed).toBe(true);

    const analyst = await as('tem.analyst');
    await withScreenshots(
      'administration-reports',
      () => pages,
      async () => {
        await analyst.goto('/');
        const links = await navigationLinks(analyst);
        expect(links).toContain('Raportit');
        expect(links).not.toContain('Käyttäjät ja oikeudet');
        expect(links).not.toContain('Lokitiedot');
        await analyst.getByRole('link', { name: 'Raportit' }).click();
        await analyst.getByRole('heading', { level: 1, name: 'Raportit' }).waitFor();

        const placements = analyst.getByRole('table', { name: 'Sijoitusesitykset tilan mukaan' });
        const draft = placements.getByRole('row', { name: /^Luonnos/ });
        expect(await draft.getByRole('cell').innerText()).toBe(String(cell('DRAFT').count));
        const awaiting = placements.getByRole('row', { name: /^Odottaa kunnan vastausta/ });
        // On screen "< 5", in words for screen readers; never a zero.
        expect(await awaiting.getByRole('cell').innerText()).toMatch(/^< 5\s/);
        await awaiting.getByRole('cell', { name: 'alle 5', exact: true }).waitFor();
        const chart = analyst.getByRole('img', { name: /^Sijoitusesitykset tilan mukaan:/ });
        expect(await chart.getAttribute('aria-label')).toContain(`Luonnos ${cell('DRAFT').count}`);
        expect(await chart.getAttribute('aria-label')).toContain('Odottaa kunnan vastausta alle 5');
        await analyst.getByText(/Alle viiden suuruisia lukuja ei näytetä/).waitFor();

        const clients = analyst.getByRole('table', { name: 'Asiakkuudet tilan mukaan' });
        expect(
          await clients
            .getByRole('row', { name: /^Aktiivinen/ })
            .getByRole('cell')
            .innerText(),
        ).toMatch(/^< 5\s/);
        await expectAccessible(analyst, 'the reports page');

        // Other groupings: by kind (the placement vocabulary) and by municipality (names).
        const byKindExpected = await suite.stack.call(
          'tem.analyst',
          'GET',
          '/api/v1/reports/placements?groupBy=kind',
        );
        const quota = byKindExpected.body.items.find((c: { key: string }) => c.key === 'QUOTA_REFUGEE');
        await analyst
          .getByRole('group', { name: 'Ryhmittely' })
          .first()
          .getByText('Laji', { exact: true })
          .click();
        const byKind = analyst.getByRole('table', { name: 'Sijoitusesitykset lajin mukaan' });
        expect(
          await byKind
            .getByRole('row', { name: /^Kiintiöpakolainen/ })
            .getByRole('cell')
            .innerText(),
        ).toBe(String(quota.count));
        await analyst
          .getByRole('group', { name: 'Ryhmittely' })
          .nth(1)
          .getByText('Kunta', { exact: true })
          .click();
        await analyst
          .getByRole('table', { name: 'Asiakkuudet kunnan mukaan' })
          .getByRole('row', { name: /^Helsinki/ })
          .waitFor();
        await expectAccessible(analyst, 'the reports page grouped by kind and municipality');
      },
    );
  });

  it('shows the reports in Swedish, organisations by their Swedish names', async () => {
    const analyst = await as('tem.analyst', 'sv');
    await withScreenshots(
      'administration-reports-sv',
      () => pages,
      async () => {
        await analyst.goto('/reports?clientsBy=municipality');
        await analyst.getByRole('heading', { level: 1, name: 'Rapporter' }).waitFor();
        await analyst
          .getByRole('table', { name: 'Placeringsförslag efter status' })
          .getByRole('row', { name: /^Utkast/ })
          .waitFor();
        await analyst
          .getByRole('table', { name: 'Klientrelationer efter kommun' })
          .getByRole('row', { name: /^Helsingfors/ })
          .waitFor();
      },
    );
  });

  it('hides administration from an officer and shows the API’s refusal politely at the addresses', async () => {
    const officer = await as('kunta-091.officer');
    await withScreenshots(
      'administration-refused',
      () => pages,
      async () => {
        await officer.goto('/');
        const links = await navigationLinks(officer);
        expect(links).toContain('Sijoitusesitykset');
        for (const hidden of ['Käyttäjät ja oikeudet', 'Lokitiedot', 'Raportit'])
          expect(links).not.toContain(hidden);

        for (const [path, title] of [
          ['/admin/users', 'Käyttäjät ja oikeudet'],
          ['/admin/audit', 'Lokitiedot'],
          ['/reports', 'Raportit'],
        ]) {
          await officer.goto(path);
          await officer.getByRole('heading', { level: 1, name: title }).waitFor();
          await officer
            .getByRole('alert')
            .getByText('Sinulla ei ole oikeutta tähän toimintoon.')
            .first()
            .waitFor();
          expect(await officer.getByRole('table').count()).toBe(0);
          expect(await officer.getByRole('form').count()).toBe(0);
          await expectAccessible(officer, `the refused ${path}`);
        }
      },
    );
  });
});
