import type { Page } from 'playwright-core';
import { birthDateOf, clientBody, daysFromNow, testIdentityCode, today } from '../support/clients';
import { expectStatus } from '../support/placement';
import { expectAccessible, withScreenshots, chooseOption, filledValue, browserSuite } from '../support/web';

/**
 * Issue 9 in the officers' web application: taking over a client case that ENDED in another
 * municipality (§ 85), a Finnish citizen's § 2 exception chosen from the act's cases and shown,
 * and the assessment (§ 14) and first plan (§ 20) deadlines on the home page's inbox.
 */
describe('client case rules in the web application', () => {
  const suite = browserSuite();
  const { pages, as } = suite;

  const finnish = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return `${d}.${m}.${y}`;
  };

  async function fillPerson(page: Page, person: { firstName: string; lastName: string; code: string }) {
    await page.getByLabel('Etunimi').fill(person.firstName);
    await page.getByLabel('Sukunimi').fill(person.lastName);
    await page.getByLabel(/^Henkilötunnus/).fill(person.code);
    await page.getByLabel('Kansalaisuus', { exact: true }).fill('SYR');
    await page.getByRole('radio', { name: 'suomi' }).check({ force: true });
  }

  it('takes over a case that ended in another municipality, with the client’s consent (§ 85)', async () => {
    const body = clientBody();
    const code = body.person.personalIdentityCode;
    const created = await suite.stack.call('kunta-091.officer', 'POST', '/api/v1/clients', body);
    expectStatus(created, 201);
    const id = created.body.id as string;
    expectStatus(
      await suite.stack.call('kunta-091.officer', 'POST', `/api/v1/clients/${id}/end`, { reason: 'Muutti' }),
      200,
    );

    const officer = await as('kunta-837.officer');
    await withScreenshots(
      'client-takeover',
      () => pages,
      async () => {
        await officer.goto('/clients/new');
        await officer.getByRole('heading', { level: 1, name: 'Rekisteröi asiakas' }).waitFor();
        await fillPerson(officer, { firstName: 'Amina', lastName: 'Testinen', code });
        // The page fills in the date of birth from the henkilötunnus, in a render of its own.
        expect(await filledValue(officer.getByLabel('Syntymäaika'))).toBe(finnish(birthDateOf(code)));
        await chooseOption(officer, 'Oleskeluoikeuden peruste', 'Oleskelulupa', { exactLabel: true });
        await officer.getByRole('button', { name: 'Rekisteröi asiakas' }).click();
        // The duplicate says the ENDED case can be taken over, and the form asks for the consent.
        await officer.getByTestId('duplicate').waitFor();
        const takeOver = officer.getByTestId('take-over');
        await takeOver.getByText(/Kuntanne voi ottaa sen vastaan/).waitFor();
        await expectAccessible(officer, 'the take-over form');
        await officer.getByRole('button', { name: 'Ota asiakkuus vastaan' }).click();
        await officer.getByText('Asiakkaan suostumus tarvitaan').first().waitFor();
        await takeOver.getByRole('checkbox').check({ force: true });
        await takeOver.getByLabel(/^Suostumus annettu/).fill(finnish(today()));
        await officer.getByRole('button', { name: 'Ota asiakkuus vastaan' }).click();
        await officer.waitForURL(`**/clients/${id}`);
        await officer.getByRole('heading', { level: 1, name: 'Asiakkuus' }).waitFor();
        await officer.getByText('Otettu vastaan toisesta kunnasta (85 §)').first().waitFor();
      },
    );
    const now = await suite.stack.call('kunta-837.officer', 'GET', `/api/v1/clients/${id}`);
    expect(now.body).toMatchObject({ status: 'ACTIVE', municipalityId: 'kunta-837' });
  });

  it('registers a Finnish citizen under a § 2 case chosen from the act’s list, shows it, and puts the assessment in the inbox', async () => {
    const officer = await as('kunta-091.officer');
    await withScreenshots(
      'client-finnish-citizen',
      () => pages,
      async () => {
        const code = testIdentityCode();
        await officer.goto('/clients/new');
        await fillPerson(officer, { firstName: 'Ilmari', lastName: 'Kansalainen', code });
        await officer.getByRole('checkbox', { name: 'Henkilö on Suomen kansalainen' }).check({ force: true });
        await chooseOption(
          officer,
          'Lain 2 §:n poikkeus, jonka perusteella henkilö rekisteröidään',
          'Tullut alaikäisenä ilman huoltajaa, alle 23-vuotias (2 § 6 kohta)',
          { exactLabel: true },
        );
        await expectAccessible(officer, 'the registration form of a Finnish citizen');
        await officer.getByRole('button', { name: 'Rekisteröi asiakas' }).click();
        await officer.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
        const id = officer.url().split('/').pop()!;
        const exception = officer.getByTestId('finnish-citizen-exception');
        await exception
          .getByText('Tullut alaikäisenä ilman huoltajaa, alle 23-vuotias (2 § 6 kohta)')
          .waitFor();
        await exception.getByText('Suomen kansalaiselle ei laadita kotoutumissuunnitelmaa (2 §).').waitFor();
        // No plan is offered.
        await officer
          .getByTestId('allowed-actions')
          .getByRole('button', { name: 'Kirjaa arviointi' })
          .waitFor();
        expect(
          await officer
            .getByTestId('allowed-actions')
            .getByRole('button', { name: 'Tallenna kotoutumissuunnitelma' })
            .count(),
        ).toBe(0);

        // § 14: the assessment's deadline on the home page's inbox.
        await officer.goto('/');
        const row = officer.locator('tr', { hasText: id.slice(0, 8) });
        await row.getByText('Osaamisen ja palvelutarpeen arviointi tekemättä (14 §)').waitFor();
        await expectAccessible(officer, 'the inbox with an assessment due');
      },
    );
  });

  it('saves a plan with several § 23 grounds, and shows the refusal of too many at its field', async () => {
    // The first plan started elsewhere 700 days ago: the two years are nearly used up.
    const created = await suite.stack.call(
      'kunta-091.officer',
      'POST',
      '/api/v1/clients',
      clientBody({ firstPlanStartedOn: daysFromNow(-700) }),
    );
    expectStatus(created, 201);
    const id = created.body.id as string;
    const officer = await as('kunta-091.officer');
    await withScreenshots(
      'client-plan-grounds',
      () => pages,
      async () => {
        await officer.goto(`/clients/${id}`);
        const action = 'Tallenna kotoutumissuunnitelma';
        await officer.getByTestId('allowed-actions').getByRole('button', { name: action }).click();
        const form = officer.getByRole('form', { name: action });
        await form.getByLabel(/^Voimassa asti/).fill(finnish(daysFromNow(300)));
        await form.getByLabel('Tavoite', { exact: true }).fill('Suomen kielen taito A2');
        const addGround = form.getByRole('button', { name: 'Lisää jatkamisen peruste' });
        await addGround.click();
        await chooseOption(officer, 'Jatkamisen peruste', 'Vähäinen koulutustausta (23 § 2 mom.)', {
          exactLabel: true,
        });
        await form.getByLabel('Jatkaminen kuukausina').fill('20');
        await addGround.click();
        await chooseOption(
          officer,
          officer.locator('#field-extensions-1-basis_button'),
          'Monialaisen tuen tarve (23 § 2 mom.)',
        );
        await form.getByLabel('Jatkaminen kuukausina').nth(1).fill('10');
        await expectAccessible(officer, 'the plan form with two grounds');
        await form.getByRole('button', { name: action }).click();
        // 30 months of § 23(2) grounds: refused at the list of grounds.
        await officer
          .getByText(/at most two years on the grounds of § 23\(2\) together/)
          .first()
          .waitFor();
        await form.getByRole('button', { name: 'Poista peruste 2' }).click();
        await addGround.click();
        await chooseOption(
          officer,
          officer.locator('#field-extensions-1-basis_button'),
          'Sairaus (23 § 3 mom.)',
        );
        await form.getByLabel('Jatkaminen kuukausina').nth(1).fill('4');
        await form.getByRole('button', { name: action }).click();
        await officer.getByTestId('notice').filter({ hasText: 'Tallennettu.' }).waitFor();
        const grounds = officer.getByTestId('plan-grounds');
        await grounds.getByText('Vähäinen koulutustausta (23 § 2 mom.), 20 kk').waitFor();
        await grounds.getByText('Sairaus (23 § 3 mom.), 4 kk').waitFor();
      },
    );
  });

  it('names the assessment and first plan deadlines in Swedish and English too', async () => {
    const id = (await suite.stack.call('kunta-091.officer', 'POST', '/api/v1/clients', clientBody())).body
      .id as string;
    const sv = await as('kunta-091.officer', 'sv');
    await sv.goto('/');
    await sv
      .locator('tr', { hasText: id.slice(0, 8) })
      .getByText('Kartläggning av kompetens och servicebehov ogjord (14 §)')
      .waitFor();
    expectStatus(
      await suite.stack.call('kunta-091.officer', 'POST', `/api/v1/clients/${id}/assessments`, {
        type: 'INITIAL',
        completedOn: today(),
        summary: 'Arvio',
        serviceNeeds: [],
      }),
      201,
    );
    const en = await as('kunta-091.officer', 'en');
    await en.goto('/');
    await en
      .locator('tr', { hasText: id.slice(0, 8) })
      .getByText('First integration plan to draw up (§ 20)')
      .waitFor();
  });
});
