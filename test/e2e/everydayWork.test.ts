import type { Page } from 'playwright-core';
import { daysFromNow, registerClient, today } from '../support/clients';
import { expectStatus } from '../support/placement';
import { expectAccessible, withScreenshots, browserSuite } from '../support/web';

/**
 * Everyday work in the officers' web application, in a real browser against the real stack: the
 * summary at the top of the case, contacts, the to-do list, corrections with their provenance, plan
 * versions, "my to-dos", the inbox and anonymous visits; every page checked with axe.
 */
describe('everyday client work in the web application', () => {
  const suite = browserSuite();
  const { pages, as } = suite;
  const officer = 'kunta-091.officer';

  /** 2026-05-01 as the officer types it: 1.5.2026. */
  const finnish = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return `${d}.${m}.${y}`;
  };
  const section = (page: Page, id: string) => page.locator(`#${id}-title`).locator('..');

  async function openCase(page: Page, id: string) {
    await page.goto(`/clients/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Asiakkuus' }).waitFor();
    await page.getByTestId('summary').waitFor();
  }

  it('shows the summary, records contacts and to-dos, corrects details with provenance, and keeps plan versions', async () => {
    const id = await registerClient(suite.stack);
    const page = await as(officer);
    await withScreenshots(
      'everyday-case',
      () => pages,
      async () => {
        await openCase(page, id);
        // The summary is the first section, and says what needs attention.
        expect(await page.locator('main h2').first().innerText()).toBe('Tilannekatsaus');
        await page.getByTestId('summary-flags').getByText('Vastuuasiantuntijaa ei ole nimetty.').waitFor();
        expect(await page.getByTestId('summary-last-contact').innerText()).toBe('Ei yhteydenottoja');
        await expectAccessible(page, 'the client case page with everyday work');

        // A contact: the browser's own checks, then the server's refusal of a future time at its field.
        await page.getByRole('button', { name: 'Kirjaa yhteydenotto' }).click();
        const contact = page.getByRole('form', { name: 'Kirjaa yhteydenotto' });
        await contact.getByRole('button', { name: 'Kirjaa yhteydenotto' }).click();
        await contact.getByRole('link', { name: 'Pakollinen tieto puuttuu' }).waitFor();
        await contact.getByLabel('Yhteenveto').fill('Ensitapaaminen, asuminen ja kielikurssi.');
        await contact.getByLabel(/^Päivä/).fill(finnish(daysFromNow(2)));
        await contact.getByRole('radio', { name: 'Puhelu' }).check({ force: true });
        await contact.getByText('Tulkki oli käytössä').click();
        await contact.getByRole('button', { name: 'Kirjaa yhteydenotto' }).click();
        await contact.getByRole('link', { name: 'Päivämäärä ei voi olla tulevaisuudessa' }).waitFor();
        await expectAccessible(page, 'the contact form with errors');
        await contact.getByLabel(/^Päivä/).fill(finnish(today()));
        await contact.getByLabel(/^Kellonaika/).fill('0.01');
        await contact.getByRole('button', { name: 'Kirjaa yhteydenotto' }).click();
        await page.getByTestId('contacts-notice').filter({ hasText: 'Yhteydenotto kirjattu.' }).waitFor();
        const contacts = await page.getByTestId('contacts').innerText();
        expect(contacts).toContain('Ensitapaaminen, asuminen ja kielikurssi.');
        expect(contacts).toContain('Puhelu');
        expect(contacts).toContain('klo 00.01');
        await page.getByTestId('summary-last-contact').filter({ hasText: 'Puhelu' }).waitFor();

        // A to-do for myself due today; a colleague of another municipality is refused at the field.
        await page.getByRole('button', { name: 'Lisää tehtävä' }).click();
        const todo = page.getByRole('form', { name: 'Lisää tehtävä' });
        await todo.getByLabel('Tehtävä', { exact: true }).fill('Soita Kelaan asumistuesta');
        await todo.getByLabel(/^Määräpäivä/).fill(finnish(today()));
        expect(await todo.getByLabel(/^Vastuuhenkilö/).inputValue()).toBe(officer);
        await todo.getByLabel(/^Vastuuhenkilö/).fill('kunta-837.officer');
        await todo.getByRole('button', { name: 'Tallenna tehtävä' }).click();
        await todo.getByRole('link', { name: /kunnan virkailija/ }).waitFor();
        await todo.getByRole('button', { name: 'Osoita itselleni' }).click();
        await todo.getByRole('button', { name: 'Tallenna tehtävä' }).click();
        await page.getByTestId('todos-notice').filter({ hasText: 'Tehtävä tallennettu.' }).waitFor();
        const row = page.getByTestId('todos').getByRole('row', { name: /Soita Kelaan asumistuesta/ });
        await row.getByText('Avoin').waitFor();
        await page.getByTestId('summary-todos').filter({ hasText: '1 avointa' }).waitFor();
        await page.getByRole('button', { name: 'Muokkaa tehtävää: Soita Kelaan asumistuesta' }).click();
        const edit = page.getByRole('form', { name: 'Muokkaa tehtävää' });
        await edit.getByLabel('Tehtävä', { exact: true }).fill('Soita Kelaan asumistuesta ja lapsilisästä');
        await edit.getByRole('button', { name: 'Tallenna tehtävä' }).click();
        await page
          .getByTestId('todos')
          .getByRole('row', { name: /lapsilisästä/ })
          .waitFor();
        await page
          .getByRole('button', { name: 'Merkitse tehdyksi: Soita Kelaan asumistuesta ja lapsilisästä' })
          .click();
        await page
          .getByTestId('todos')
          .getByRole('row', { name: /lapsilisästä/ })
          .getByText('Tehty')
          .waitFor();

        // A correction: the new value with its provenance; the old one in the timeline.
        await page.getByRole('button', { name: 'Korjaa tietoja' }).click();
        const correction = page.getByRole('form', { name: 'Korjaa asiakkaan tietoja' });
        await correction.getByLabel(/^Puhelinnumero/).fill('soita');
        await correction.getByRole('button', { name: 'Tallenna korjaus' }).click();
        await correction
          .getByRole('link', { name: 'Anna puhelinnumero, esimerkiksi +358 40 123 4567' })
          .waitFor();
        await correction.getByLabel(/^Puhelinnumero/).fill('+358 40 555 1234');
        await correction.getByLabel(/^Kielitaito/).fill('ar (äidinkieli), fi (A2)');
        await correction.getByLabel(/^Korjauksen syy/).fill('Asiakas ilmoitti uuden numeron');
        await correction.getByRole('button', { name: 'Tallenna korjaus' }).click();
        await page.getByTestId('notice').filter({ hasText: 'Korjaus tallennettu.' }).waitFor();
        const phone = page.getByTestId('person-phone');
        await phone.filter({ hasText: '+358 40 555 1234' }).waitFor();
        expect(await phone.innerText()).toContain(`Lähde: käsin kirjattu, ${officer}`);
        expect(await page.getByTestId('person-languages').innerText()).toContain('fi (A2)');
        expect(await section(page, 'person').innerText()).toContain('Lähde: käsin kirjattu');
        const timeline = await page.getByTestId('timeline').innerText();
        expect(timeline).toContain('Tietoja korjattu');
        expect(timeline).toContain('Puhelinnumero: – → +358 40 555 1234');
        expect(timeline).toContain('Syy: Asiakas ilmoitti uuden numeron');
        expect(timeline).toContain('Yhteydenotto kirjattu');
        await expectAccessible(page, 'the client case page after everyday work');

        // Two plans saved: both versions are kept, and the timeline says what changed.
        const plan = (goal: string, until: number) => ({
          validFrom: today(),
          validUntil: daysFromNow(until),
          goals: [{ description: goal }],
          tasks: [],
          services: [],
        });
        for (const body of [plan('Suomen kieli A1', 150), plan('Suomen kieli A2', 200)]) {
          expectStatus(
            await suite.stack.call(officer, 'PUT', `/api/v1/clients/${id}/integration-plan`, body),
            200,
          );
        }
        await openCase(page, id);
        const versions = page.getByTestId('plan-versions');
        await versions.getByRole('button', { name: /^Versio 2 \(voimassa oleva\)/ }).waitFor();
        await versions.getByRole('button', { name: /^Versio 1:/ }).click();
        await versions.getByText('Suomen kieli A1').waitFor();
        const history = await page.getByTestId('timeline').innerText();
        expect(history).toContain('Versio 2');
        expect(history).toContain('Tavoitteet: lisätty Suomen kieli A2; poistettu Suomen kieli A1');
        await page.getByTestId('summary-plan').filter({ hasText: '(versio 2)' }).waitFor();
        await expectAccessible(page, 'the client case page with plan versions open');

        // KEHA's supervisor reads everything and may record nothing.
        const keha = await as('keha.supervisor');
        await openCase(keha, id);
        await keha.getByTestId('contacts').getByText('Ensitapaaminen, asuminen ja kielikurssi.').waitFor();
        for (const button of ['Kirjaa yhteydenotto', 'Lisää tehtävä', 'Korjaa tietoja']) {
          expect(await keha.getByRole('button', { name: button }).count()).toBe(0);
        }
      },
    );
  });

  it('lists my to-dos across clients, puts the overdue ones in the inbox, and marks them done', async () => {
    const [first, second] = [await registerClient(suite.stack), await registerClient(suite.stack)];
    for (const [client, title, dueDate] of [
      [first, 'Varaa tulkki', daysFromNow(-1)],
      [second, 'Tarkista oleskelulupa', daysFromNow(20)],
    ]) {
      expectStatus(
        await suite.stack.call(officer, 'POST', `/api/v1/clients/${client}/todos`, {
          title,
          dueDate,
          assigneeId: officer,
        }),
        201,
      );
    }
    const page = await as(officer);
    await withScreenshots(
      'everyday-my-todos',
      () => pages,
      async () => {
        await page.goto('/');
        await page.getByRole('heading', { level: 1, name: 'Etusivu' }).waitFor();
        await page.getByTestId('inbox').getByRole('link', { name: 'Oma tehtävä myöhässä' }).first().waitFor();
        await page.getByRole('link', { name: 'Omat tehtävät' }).click();
        await page.getByRole('heading', { level: 1, name: 'Omat tehtävät' }).waitFor();
        const list = page.getByTestId('my-todos');
        await list.getByRole('row', { name: /Tarkista oleskelulupa/ }).waitFor();
        const rows = await list.getByRole('row').allInnerTexts();
        const overdue = rows.findIndex((r) => r.includes('Varaa tulkki'));
        expect(overdue).toBeGreaterThan(0);
        expect(overdue).toBeLessThan(rows.findIndex((r) => r.includes('Tarkista oleskelulupa')));
        expect(rows[overdue]).toContain('Myöhässä');
        await list.getByRole('link', { name: 'Amina Testinen' }).first().waitFor();
        await expectAccessible(page, 'my to-dos');
        await page.getByRole('button', { name: 'Merkitse tehdyksi: Varaa tulkki' }).click();
        await page.getByTestId('todos-notice').filter({ hasText: 'Tehtävä tallennettu.' }).waitFor();
        await list.getByText('Varaa tulkki').waitFor({ state: 'detached' });
        await page.getByText('Näytä myös tehdyt tehtävät').click();
        await list
          .getByRole('row', { name: /Varaa tulkki/ })
          .getByText('Tehty')
          .waitFor();
      },
    );
  });

  it('records anonymous visits without personal data and shows the month’s figures, small ones suppressed', async () => {
    const page = await as(officer);
    await withScreenshots(
      'everyday-anonymous-visits',
      () => pages,
      async () => {
        await page.goto('/');
        await page.getByRole('link', { name: 'Anonyymit käynnit' }).click();
        await page.getByRole('heading', { level: 1, name: 'Anonyymit asiakaskäynnit' }).waitFor();
        await expectAccessible(page, 'the anonymous visits page');
        const form = page.getByRole('form', { name: 'Kirjaa käynti' });
        await form.getByRole('button', { name: 'Kirjaa käynti' }).click();
        await form.getByRole('link', { name: 'Valitse vähintään yksi aihe' }).waitFor();
        await form.getByText('Asuminen', { exact: true }).click();
        await form.getByLabel(/^Muu aihe/).fill('Matti Meikäläinen');
        await form.getByRole('button', { name: 'Kirjaa käynti' }).click();
        await form.getByRole('link', { name: /^Älä kirjaa henkilötietoja/ }).waitFor();
        await expectAccessible(page, 'the anonymous visit form with errors');
        await form.getByLabel(/^Muu aihe/).fill('bussikortti');
        await form.getByLabel(/^Kävijöiden määrä/).fill('3');
        await form.getByRole('button', { name: 'Kirjaa käynti' }).click();
        await page.getByTestId('notice').filter({ hasText: 'Käynti kirjattu.' }).waitFor();
        // Three people this month: fewer than five, so the month's figures are suppressed.
        const month = today().slice(0, 7).split('-');
        const row = page
          .getByTestId('visit-report')
          .getByRole('row', { name: new RegExp(`^${Number(month[1])}/${month[0]}`) });
        await row.waitFor();
        expect(await row.innerText()).toMatch(/< 5\s+< 5/);
        await form.getByText('Kielikoulutus', { exact: true }).click();
        await form.getByLabel(/^Kävijöiden määrä/).fill('4');
        await form.getByRole('button', { name: 'Kirjaa käynti' }).click();
        await row.getByText('Kielikoulutus: < 5').waitFor();
        const figures = await row.innerText();
        expect(figures).toMatch(/\b2\s+7\b/);
        expect(figures).toContain('Asuminen: < 5');
        expect(figures).toContain('bussikortti: < 5');
        const stored = JSON.stringify(await suite.stack.db.anonymousVisitTopic.findMany());
        expect(stored).not.toContain('Matti');
      },
    );
  });

  it('speaks Swedish and English in the everyday work', async () => {
    const id = await registerClient(suite.stack);
    const sv = await as(officer, 'sv');
    const en = await as(officer, 'en');
    await withScreenshots(
      'everyday-languages',
      () => pages,
      async () => {
        await sv.goto(`/clients/${id}`);
        await sv.getByRole('heading', { level: 2, name: 'Lägesöversikt' }).waitFor();
        await sv.getByRole('heading', { level: 2, name: 'Minneslista' }).waitFor();
        await sv.getByRole('heading', { level: 2, name: 'Klientmöten och kontakter' }).waitFor();
        await sv.getByRole('button', { name: 'Rätta uppgifter' }).waitFor();
        await sv.getByRole('link', { name: 'Mina uppgifter' }).click();
        await sv.getByRole('heading', { level: 1, name: 'Mina uppgifter' }).waitFor();
        await sv.getByRole('link', { name: 'Anonyma besök' }).click();
        await sv.getByRole('heading', { level: 1, name: 'Anonyma klientbesök' }).waitFor();
        await expectAccessible(sv, 'the anonymous visits page in Swedish');
        await en.goto(`/clients/${id}`);
        await en.getByRole('heading', { level: 2, name: 'Summary' }).waitFor();
        await en.getByRole('heading', { level: 2, name: 'To-do list' }).waitFor();
        await en.getByRole('heading', { level: 2, name: 'Plan versions' }).waitFor();
        await en.getByRole('link', { name: 'My to-dos' }).click();
        await en.getByRole('heading', { level: 1, name: 'My to-dos' }).waitFor();
      },
    );
  });
});
