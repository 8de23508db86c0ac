import { isDeepStrictEqual } from 'node:util';
import type { Page, Request } from 'playwright-core';
import { birthDateOf, daysFromNow, registerClient, testIdentityCode } from '../support/clients';
import { expectStatus, sentProposal } from '../support/placement';
import {
  expectAccessible,
  withScreenshots,
  chooseOption,
  filledValue,
  pickOption,
  settled,
  browserSuite,
} from '../support/web';

/**
 * The client case (asiakkuus) in the officers' web application, in a real browser against the
 * real stack: registration, the whole lifecycle through the case page's decisions, search, field
 * errors from the browser's own checks and from the server, and a supervisor who only reads.
 */
describe('client cases in the web application', () => {
  const suite = browserSuite();
  const { pages, as } = suite;

  /** 2026-05-01 as the officer types it: 1.5.2026. */
  const finnish = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return `${d}.${m}.${y}`;
  };

  /** The block of a page's section (`Section` with an id), by the id. */
  const section = (page: Page, id: string) => page.locator(`#${id}-title`).locator('..');

  const actions = (page: Page) => page.getByTestId('allowed-actions').getByRole('button');

  /** Opens one decision's form by its button, fills it and submits it; waits for the saved notice. */
  async function decide(page: Page, action: string, fill: () => Promise<void> = async () => undefined) {
    await page.getByTestId('allowed-actions').getByRole('button', { name: action }).click();
    const form = page.getByRole('form', { name: action });
    await fill();
    await form.getByRole('button', { name: action }).click();
    await page.getByTestId('notice').filter({ hasText: 'Tallennettu.' }).waitFor();
  }

  /** Waits until the case offers exactly these decisions (the page reloads the case after each). */
  async function expectActions(page: Page, expected: string[]) {
    const offered = await settled(
      () => actions(page).allTextContents(),
      (now) => isDeepStrictEqual(now, expected),
    );
    expect(offered).toEqual(expected);
  }

  async function fillPerson(page: Page, person: { firstName: string; lastName: string; code?: string }) {
    await page.getByLabel('Etunimi').fill(person.firstName);
    await page.getByLabel('Sukunimi').fill(person.lastName);
    if (person.code) await page.getByLabel(/^Henkilötunnus/).fill(person.code);
    await page.getByLabel('Kansalaisuus', { exact: true }).fill('SYR');
    await page.getByLabel(/^Kielitaito/).fill('ar, en');
    await page.getByRole('radio', { name: 'suomi' }).check({ force: true });
  }

  async function register(page: Page, person: { firstName: string; lastName: string; code: string }) {
    await page.goto('/clients/new');
    await page.getByRole('heading', { level: 1, name: 'Rekisteröi asiakas' }).waitFor();
    await fillPerson(page, person);
    await chooseOption(page, 'Oleskeluoikeuden peruste', 'Oleskelulupa');
    await page.getByLabel(/^Voimassa asti/).fill('31.12.2030');
    await page.getByRole('button', { name: 'Rekisteröi asiakas' }).click();
    await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
    return page.url().split('/').pop()!;
  }

  it('registers a client and runs the case: expert, assessment, plan, review, end and resume', async () => {
    const officer = await as('kunta-091.officer');
    await withScreenshots(
      'clients-lifecycle',
      () => pages,
      async () => {
        await officer.goto('/clients');
        await officer.getByRole('heading', { level: 1, name: 'Asiakkaat' }).waitFor();
        await expectAccessible(officer, 'the clients list');
        await officer.getByRole('link', { name: 'Rekisteröi asiakas' }).click();
        await officer.getByRole('heading', { level: 1, name: 'Rekisteröi asiakas' }).waitFor();
        await expectAccessible(officer, 'the registration form');

        const code = testIdentityCode();
        await fillPerson(officer, { firstName: 'Amina', lastName: 'Selainen', code });
        // A valid henkilötunnus tells the date of birth.
        expect(await filledValue(officer.getByLabel('Syntymäaika'))).toBe(finnish(birthDateOf(code)));
        await chooseOption(officer, 'Oleskeluoikeuden peruste', 'Oleskelulupa');
        await officer.getByLabel(/^Voimassa asti/).fill('31.12.2030');
        await officer.getByLabel(/^Puhelinnumero/).fill('+358 40 123 4567');
        await officer.getByRole('button', { name: 'Rekisteröi asiakas' }).click();
        await officer.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
        const id = officer.url().split('/').pop()!;

        await officer.getByRole('heading', { level: 1, name: 'Asiakkuus' }).waitFor();
        expect(await officer.getByTestId('client-name').innerText()).toBe('Amina Selainen');
        expect(await section(officer, 'person').innerText()).toContain(code);
        await expectAccessible(officer, 'the client case page');
        await expectActions(officer, [
          'Nimeä vastuuasiantuntija',
          'Kirjaa arviointi',
          'Tallenna kotoutumissuunnitelma',
          'Lopeta asiakkuus',
          'Siirrä toiseen kuntaan',
        ]);

        await decide(officer, 'Nimeä vastuuasiantuntija', () =>
          officer.getByLabel('Vastuuasiantuntija', { exact: true }).fill('kunta-091.officer'),
        );
        await officer.getByTestId('responsible-expert').filter({ hasText: 'kunta-091.officer' }).waitFor();

        await decide(officer, 'Kirjaa arviointi', async () => {
          await officer.getByLabel('Yhteenveto').fill('Perustaidot kunnossa, kielitaito alkeistasolla.');
          await officer.getByLabel(/^Palvelutarpeet/).fill('Suomen kielen koulutus\nAsunnon haku');
        });
        await officer.getByTestId('assessments').filter({ hasText: 'Suomen kielen koulutus' }).waitFor();

        await decide(officer, 'Tallenna kotoutumissuunnitelma', async () => {
          await officer.getByLabel(/^Voimassa asti/).fill(finnish(daysFromNow(180)));
          await officer.getByLabel('Tavoite', { exact: true }).fill('Suomen kieli A2-tasolle');
          await officer.getByRole('button', { name: 'Lisää palvelu' }).click();
          await officer.getByLabel('Palvelu', { exact: true }).fill('Kotoutumiskoulutus');
        });
        await officer.getByTestId('plan-goals').filter({ hasText: 'Suomen kieli A2-tasolle' }).waitFor();
        await officer.getByTestId('plan-services').filter({ hasText: 'Kotoutumiskoulutus' }).waitFor();
        await expectActions(officer, [
          'Nimeä vastuuasiantuntija',
          'Kirjaa arviointi',
          'Tallenna kotoutumissuunnitelma',
          'Kirjaa suunnitelman tarkistus',
          'Lopeta asiakkuus',
          'Siirrä toiseen kuntaan',
        ]);
        expect(await officer.getByTestId('next-review').innerText()).toMatch(/\d+\.\d+\.\d{4}/);

        await decide(officer, 'Kirjaa suunnitelman tarkistus', () =>
          officer.getByLabel('Muutokset ja havainnot').fill('Kurssi alkanut, tavoitteet ennallaan.'),
        );
        await officer.getByTestId('reviews').filter({ hasText: 'Kurssi alkanut' }).waitFor();

        await decide(officer, 'Lopeta asiakkuus', () =>
          officer.getByLabel('Syy', { exact: true }).fill('Asiakas muutti ulkomaille.'),
        );
        await officer.getByTestId('end-reason').filter({ hasText: 'Asiakas muutti ulkomaille.' }).waitFor();
        await expectActions(officer, ['Jatka asiakkuutta']);
        await section(officer, 'facts').getByText('Päättynyt', { exact: true }).waitFor();

        await decide(officer, 'Jatka asiakkuutta', () =>
          officer.getByLabel(/^Syy/).fill('Palasi Helsinkiin.'),
        );
        await expectActions(officer, [
          'Nimeä vastuuasiantuntija',
          'Kirjaa arviointi',
          'Tallenna kotoutumissuunnitelma',
          'Kirjaa suunnitelman tarkistus',
          'Lopeta asiakkuus',
          'Siirrä toiseen kuntaan',
        ]);
        await section(officer, 'facts').getByText('Aktiivinen', { exact: true }).waitFor();

        const timeline = await officer.getByTestId('timeline').innerText();
        for (const step of [
          'Rekisteröity asiakkaaksi',
          'Vastuuasiantuntija nimetty',
          'Arviointi kirjattu',
          'Kotoutumissuunnitelma laadittu',
          'Suunnitelma tarkistettu',
          'Asiakkuus päättyi',
          'Asiakkuutta jatkettiin',
        ]) {
          expect(timeline).toContain(step);
        }
        expect(timeline).toContain('Syy: Asiakas muutti ulkomaille.');
        expect(timeline).toContain('kunta-091.officer');

        // The municipality finds the client by henkilötunnus, and in its own list.
        await officer.goto('/clients');
        await officer.getByLabel(/^Henkilötunnus tai UMA-numero/).fill(code.toLowerCase());
        await officer.getByRole('button', { name: 'Hae', exact: true }).click();
        await officer
          .getByTestId('client-search-results')
          .getByRole('link', { name: 'Amina Selainen' })
          .click();
        await officer.waitForURL(`**/clients/${id}`);
        await officer.goto('/clients?mine=true');
        await officer.getByTestId('clients').getByRole('link', { name: 'Amina Selainen' }).waitFor();
        await expectAccessible(officer, 'the clients list with results');

        // KEHA's supervisor sees the case but may decide nothing.
        const keha = await as('keha.supervisor');
        await keha.goto(`/clients/${id}`);
        await keha.getByRole('heading', { level: 1, name: 'Asiakkuus' }).waitFor();
        await keha.getByText('Sinulle ei ole tässä vaiheessa toimenpiteitä.').waitFor();
        expect(await actions(keha).count()).toBe(0);
        expect(await keha.getByTestId('client-name').innerText()).toBe('Amina Selainen');
        await keha.getByRole('link', { name: 'Prosessin historia Temporal-käyttöliittymässä' }).waitFor();
        await keha.goto('/clients');
        await keha.getByRole('heading', { level: 1, name: 'Asiakkaat' }).waitFor();
        expect(await keha.getByRole('link', { name: 'Rekisteröi asiakas' }).count()).toBe(0);
      },
    );
  });

  it('checks identifiers in the browser and shows the server’s refusals at their fields', async () => {
    const officer = await as('kunta-091.officer');
    const sent: string[] = [];
    officer.on('request', (request: Request) => {
      if (request.url().includes('/api/v1/clients')) sent.push(`${request.method()} ${request.url()}`);
    });
    await withScreenshots(
      'clients-validation',
      () => pages,
      async () => {
        // An invalid henkilötunnus in the search: an error at the field and in the summary, nothing sent.
        await officer.goto('/clients');
        await officer.getByRole('heading', { level: 1, name: 'Asiakkaat' }).waitFor();
        await officer.getByLabel(/^Henkilötunnus tai UMA-numero/).fill('010190-123X');
        await officer.getByRole('button', { name: 'Hae', exact: true }).click();
        const invalid = 'Tunniste ei kelpaa: anna henkilötunnus tai UMA-numero';
        await officer.getByRole('link', { name: invalid }).waitFor();
        await section(officer, 'client-search').getByText(invalid).first().waitFor();
        expect(sent.filter((s) => s.includes('identifier='))).toEqual([]);

        // The registration form: the same check, then the server's own refusal at its field.
        await officer.goto('/clients/new');
        await fillPerson(officer, { firstName: 'Sara', lastName: 'Virheellinen', code: '010190-123X' });
        await officer.getByLabel('Syntymäaika').fill('1.1.1990');
        await chooseOption(officer, 'Oleskeluoikeuden peruste', 'Oleskelulupa');
        await officer.getByLabel(/^Voimassa asti/).fill('1.1.2020');
        sent.length = 0;
        await officer.getByRole('button', { name: 'Rekisteröi asiakas' }).click();
        await officer.getByRole('link', { name: 'Henkilötunnus ei kelpaa' }).waitFor();
        await officer.getByText('Henkilötunnus ei kelpaa').nth(1).waitFor();
        expect(sent.filter((s) => s.startsWith('POST'))).toEqual([]);
        await expectAccessible(officer, 'the registration form with errors');

        const code = testIdentityCode();
        await officer.getByLabel(/^Henkilötunnus/).fill(code);
        await officer.getByLabel('Syntymäaika').fill(finnish(birthDateOf(code)));
        await officer.getByRole('button', { name: 'Rekisteröi asiakas' }).click();
        // The right of residence expired in 2020: the server names the field, the page shows it there.
        const expired = officer.getByRole('link', { name: 'Oleskeluoikeus on päättynyt' });
        await expired.waitFor();
        await officer.locator('#field-residenceRight').getByText('Oleskeluoikeus on päättynyt').waitFor();
        await expired.click();
        expect(await officer.getByLabel('Sukunimi').inputValue()).toBe('Virheellinen');
        expect(officer.url()).toMatch(/\/clients\/new$/);

        // Registered once; the second registration of the same person links to the existing case.
        const id = await register(officer, { firstName: 'Sara', lastName: 'Kahdesti', code });
        await officer.goto('/clients/new');
        await fillPerson(officer, { firstName: 'Sara', lastName: 'Kahdesti', code });
        await chooseOption(officer, 'Oleskeluoikeuden peruste', 'Oleskelulupa');
        await officer.getByRole('button', { name: 'Rekisteröi asiakas' }).click();
        await officer
          .getByTestId('duplicate')
          .filter({ hasText: 'Henkilö on jo rekisteröity asiakkaaksi.' })
          .waitFor();
        await officer.getByRole('link', { name: 'Avaa olemassa oleva asiakkuus' }).click();
        await officer.waitForURL(`**/clients/${id}`);
      },
    );
  });

  it('registers a household member of an accepted placement proposal, prefilled', async () => {
    const proposalId = await sentProposal(suite.stack);
    expectStatus(
      await suite.stack.call(
        'kunta-091.officer',
        'POST',
        `/api/v1/placement-proposals/${proposalId}/answer`,
        {
          decision: 'ACCEPT',
        },
      ),
      200,
    );
    const officer = await as('kunta-091.officer');
    await withScreenshots(
      'clients-from-proposal',
      () => pages,
      async () => {
        await officer.goto(`/clients/new?proposalId=${proposalId}`);
        await officer.getByRole('heading', { level: 1, name: 'Rekisteröi asiakas' }).waitFor();
        await chooseOption(officer, 'Kotitalouden jäsen', 'Testi1 Henkilö');
        // The first member's details come first, then the chosen one's.
        expect(await filledValue(officer.getByLabel('Etunimi'), (name) => name === 'Testi1')).toBe('Testi1');
        expect(await officer.getByLabel('Sukunimi').inputValue()).toBe('Henkilö');
        expect(await officer.getByLabel('Syntymäaika').inputValue()).toBe('2.5.1990');
        await expectAccessible(officer, 'the registration form from a proposal');
        const uma = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
        await officer.getByLabel(/^UMA-numero/).fill(uma);
        await officer.getByRole('radio', { name: 'ruotsi' }).check({ force: true });
        await chooseOption(officer, 'Oleskeluoikeuden peruste', 'Oleskelulupa');
        await officer.getByRole('button', { name: 'Rekisteröi asiakas' }).click();
        await officer.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
        expect(await officer.getByTestId('client-name').innerText()).toBe('Testi1 Henkilö');
        await officer.getByRole('link', { name: 'Avaa sijoitusesitys' }).waitFor();
        const person = await section(officer, 'person').innerText();
        expect(person).toContain(uma);
        expect(person).toContain('ar (native)');
        expect(person).toContain('ruotsi');
      },
    );
  });

  it('lets an officer who manages the users pick the responsible expert from a list, and moves the case', async () => {
    // kunta-091.admin, also an officer: may decide on cases and may list the municipality's users.
    expectStatus(
      await suite.stack.call('kunta-091.admin', 'POST', '/api/v1/users/kunta-091.admin/rights', {
        role: 'OFFICER',
      }),
      201,
    );
    const id = await registerClient(suite.stack, 'kunta-091.officer');
    const admin = await as('kunta-091.admin');
    await withScreenshots(
      'clients-expert-picker',
      () => pages,
      async () => {
        await admin.goto(`/clients/${id}`);
        await decide(admin, 'Nimeä vastuuasiantuntija', async () => {
          const form = admin.getByRole('form', { name: 'Nimeä vastuuasiantuntija' });
          await chooseOption(admin, /^Vastuuasiantuntija/, /\(kunta-091\.officer\)$/, { within: form });
        });
        await admin.getByTestId('responsible-expert').filter({ hasText: 'kunta-091.officer' }).waitFor();

        // § 85: the case moves with the client's consent; it is then no longer Helsinki's to see.
        await actions(admin).filter({ hasText: 'Siirrä toiseen kuntaan' }).click();
        const move = admin.getByRole('form', { name: 'Siirrä toiseen kuntaan' });
        await move.getByRole('button', { name: 'Siirrä toiseen kuntaan' }).click();
        await move.getByRole('link', { name: 'Asiakkaan suostumus tarvitaan siirtoon' }).waitFor();
        await pickOption(admin, 'Uusi kotikunta', 'Espoo', { within: move });
        await move.getByText(/^Asiakas on antanut suostumuksensa/).click();
        await move.getByRole('button', { name: 'Siirrä toiseen kuntaan' }).click();
        await admin.getByTestId('notice').filter({ hasText: 'siirretty toiseen kuntaan' }).waitFor();
        const espoo = await as('kunta-049.officer');
        await espoo.goto(`/clients/${id}`);
        await espoo.getByTestId('responsible-expert').filter({ hasText: 'Ei nimetty' }).waitFor();
        expect(await espoo.getByTestId('timeline').innerText()).toContain('Siirretty toiseen kuntaan');
        await admin.goto(`/clients/${id}`);
        await admin.getByText('Tietoa ei löytynyt, tai se ei näy organisaatiollesi.').waitFor();
      },
    );
  });

  it('speaks Swedish and English on the client pages', async () => {
    const sv = await as('kunta-091.officer', 'sv');
    const en = await as('kunta-091.officer', 'en');
    await withScreenshots(
      'clients-languages',
      () => pages,
      async () => {
        await sv.goto('/clients');
        await sv.getByRole('heading', { level: 1, name: 'Klienter' }).waitFor();
        await sv.getByRole('link', { name: 'Registrera klient' }).click();
        await sv.getByRole('heading', { level: 1, name: 'Registrera klient' }).waitFor();
        await expectAccessible(sv, 'the registration form in Swedish');
        await en.goto('/clients');
        await en.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
        await en.getByRole('link', { name: 'Register client' }).waitFor();
      },
    );
  });
});
