import type { Page } from 'playwright-core';
import {
  expectAccessible,
  signedIn,
  withScreenshots,
  chooseOption,
  pickOption,
  settled,
  browserSuite,
} from '../support/web';

/**
 * The placement process in the officers' web application, in a real browser against the real
 * stack: three parties at once, each in their own browser context, deciding through the pages.
 */
describe('placement proposals in the web application', () => {
  const suite = browserSuite();
  const { pages, as } = suite;

  /** Opens one decision's form by its button and submits it. */
  async function decide(page: Page, action: string, fill: () => Promise<void> = async () => undefined) {
    await page.getByTestId('allowed-actions').getByRole('button', { name: action }).click();
    const form = page.getByRole('form', { name: action });
    await fill();
    await form.getByRole('button', { name: action }).click();
    await page.getByTestId('notice').waitFor();
  }

  async function createDraft(page: Page, options: { evidentServiceNeeds: boolean; lastName: string }) {
    await page.goto('/proposals/new');
    await page.getByRole('heading', { level: 1, name: 'Uusi esitys' }).waitFor();
    await expectAccessible(page, 'the new proposal form');
    await chooseOption(page, 'Esityksen laji', 'Kiintiöpakolainen');
    await page.getByLabel('Etunimi').fill('Amal');
    await page.getByLabel('Sukunimi').fill(options.lastName);
    await page.getByLabel('Syntymäaika').fill('1.5.1990');
    await page.getByLabel('Kansalaisuus').fill('SYR');
    await page.getByLabel(/^Kielet/).fill('ar, en');
    if (options.evidentServiceNeeds) await page.getByText(/Ilmeinen sosiaali- tai terveydenhuollon/).click();
    await page.getByRole('button', { name: 'Tallenna luonnos' }).click();
    await page.waitForURL(/\/proposals\/[0-9a-f-]{36}$/);
    // The address changes before the proposal has loaded: wait for the page itself.
    await page.getByTestId('allowed-actions').waitFor();
    return page.url().split('/').pop()!;
  }

  const actions = (page: Page) => page.getByTestId('allowed-actions').getByRole('button');
  /** The decisions offered on the proposal page, once it has loaded. */
  async function offered(page: Page): Promise<string[]> {
    await page.getByTestId('allowed-actions').waitFor();
    return actions(page).allTextContents();
  }

  it('runs the whole process across three parties at once, with the § 43 hearing in the system', async () => {
    const evk = await as('evk-uusimaa.officer');
    const helsinki = await as('kunta-091.officer');
    const welfare = await as('hva-helsinki.officer');
    await withScreenshots(
      'placement-three-parties',
      () => pages,
      async () => {
        const id = await createDraft(evk, { evidentServiceNeeds: true, lastName: 'Kolmikko' });
        await expectAccessible(evk, 'the proposal page');
        // Rules edition 2: the owner may also edit its draft.
        expect(await offered(evk)).toEqual(['Lähetä kuntaan', 'Peru esitys', 'Muokkaa luonnosta']);
        await decide(evk, 'Lähetä kuntaan', () => pickOption(evk, 'Kunta', 'Helsinki'));
        await evk.getByText('Odottaa kunnan vastausta').first().waitFor();

        // The municipality finds it in its inbox and hears the welfare area in the system.
        await helsinki.goto('/');
        await helsinki
          .getByTestId('inbox')
          .getByRole('link', { name: 'Vastattava esitys' })
          .first()
          .waitFor();
        await expectAccessible(helsinki, 'the home page with the inbox');
        await helsinki.goto(`/proposals/${id}`);
        expect(await offered(helsinki)).toEqual(['Kuule hyvinvointialuetta', 'Vastaa esitykseen']);
        await decide(helsinki, 'Kuule hyvinvointialuetta');

        // The welfare area answers from its own view.
        await welfare.goto('/hearings');
        const hearing = welfare
          .getByTestId('hearings')
          .getByRole('link', { name: new RegExp(id.slice(0, 8)) });
        await hearing.waitFor();
        await expectAccessible(welfare, 'the hearings page');
        await hearing.click();
        await welfare.waitForURL(`**/proposals/${id}`);
        await decide(welfare, 'Vastaa kuulemiseen', async () => {
          await welfare.getByText('Kyllä, palvelut voidaan järjestää').click();
          await welfare.getByLabel('Lausunto').fill('Palvelut järjestyvät Helsingissä.');
        });
        await welfare.getByText('Sinulle ei ole tässä vaiheessa toimenpiteitä.').waitFor();

        // The municipality accepts; the elinvoimakeskus confirms.
        await helsinki.reload();
        await decide(helsinki, 'Vastaa esitykseen', async () => {
          await helsinki.getByText('Hyväksy', { exact: true }).click();
        });
        await evk.reload();
        await decide(evk, 'Vahvista kuntapaikka');
        await evk.getByText('Sinulle ei ole tässä vaiheessa toimenpiteitä.').waitFor();
        const timeline = await evk.getByTestId('timeline').innerText();
        for (const step of [
          'Esitys luotu',
          'Lähetetty kuntaan',
          'Hyvinvointialuetta kuultu',
          'Kuulemiseen vastattu',
          'Kunta hyväksyi',
          'Kuntapaikka vahvistettu',
        ]) {
          expect(timeline).toContain(step);
        }
        expect(timeline).toContain('hva-helsinki.officer');
      },
    );
  });

  it('redistributes a rejected proposal to another municipality', async () => {
    const evk = await as('evk-uusimaa.officer');
    const helsinki = await as('kunta-091.officer');
    const espoo = await as('kunta-049.officer');
    await withScreenshots(
      'placement-redistribution',
      () => pages,
      async () => {
        const id = await createDraft(evk, { evidentServiceNeeds: false, lastName: 'Uudelleen' });
        await decide(evk, 'Lähetä kuntaan', () => pickOption(evk, 'Kunta', 'Helsinki'));
        await helsinki.goto(`/proposals/${id}`);
        await decide(helsinki, 'Vastaa esitykseen', async () => {
          await helsinki.getByText('Hylkää', { exact: true }).click();
          await helsinki.getByLabel(/^Perustelu/).fill('Ei vapaita asuntoja.');
        });
        await evk.reload();
        expect(await offered(evk)).toEqual([
          'Jaa toiseen kuntaan',
          'Siirrä toiselle elinvoimakeskukselle',
          'Palauta Maahanmuuttovirastolle',
          'Peru esitys',
        ]);
        await decide(evk, 'Jaa toiseen kuntaan', () => pickOption(evk, 'Kunta', 'Espoo'));
        await espoo.goto(`/proposals/${id}`);
        expect(await offered(espoo)).toEqual(['Kuule hyvinvointialuetta', 'Vastaa esitykseen']);
        const rounds = await espoo.locator('#rounds-title').locator('..').innerText();
        expect(rounds).toContain('Ei vapaita asuntoja.');
        // Helsinki's round is over: it no longer sees the proposal.
        await helsinki.reload();
        await helsinki.getByText('Tietoa ei löytynyt, tai se ei näy organisaatiollesi.').waitFor();
      },
    );
  });

  it('shows a validation error at its field and in the summary, keeping what was typed', async () => {
    const evk = await as('evk-uusimaa.officer');
    await withScreenshots(
      'placement-validation',
      () => pages,
      async () => {
        await evk.goto('/proposals/new');
        await chooseOption(evk, 'Esityksen laji', 'Perheenjäsen');
        await evk.getByLabel('Etunimi').fill('Sara');
        await evk.getByLabel('Sukunimi').fill('Tulevainen');
        await evk.getByLabel('Syntymäaika').fill('1.1.2099');
        await evk.getByLabel('Kansalaisuus').fill('AFG');
        await evk.getByLabel(/^Henkilötunnus/).fill('010190-123X');
        await evk.getByRole('button', { name: 'Tallenna luonnos' }).click();
        // The browser checks the identity code with the server's own module: nothing is sent.
        await evk.getByText('Henkilötunnus ei kelpaa').first().waitFor();
        await evk.getByRole('link', { name: 'Henkilötunnus ei kelpaa' }).waitFor();
        await evk.getByLabel(/^Henkilötunnus/).fill('');
        await evk.getByRole('button', { name: 'Tallenna luonnos' }).click();
        // The server refuses a birth date in the future: the error lands at that field.
        const summary = evk.getByRole('link', { name: 'Päivämäärä ei voi olla tulevaisuudessa' });
        await summary.waitFor();
        await expectAccessible(evk, 'the form with errors');
        await summary.click();
        expect(await evk.getByLabel('Sukunimi').inputValue()).toBe('Tulevainen');
        expect(evk.url()).toMatch(/\/proposals\/new/);
      },
    );
  });

  it('offers no decision to a party who may not act, and hides other authorities’ proposals', async () => {
    const evk = await as('evk-uusimaa.officer');
    const keha = await as('keha.supervisor');
    const tampere = await as('kunta-837.officer');
    await withScreenshots(
      'placement-refusals',
      () => pages,
      async () => {
        const id = await createDraft(evk, { evidentServiceNeeds: false, lastName: 'Valvottu' });
        await keha.goto(`/proposals/${id}`);
        await keha.getByText('Sinulle ei ole tässä vaiheessa toimenpiteitä.').waitFor();
        expect(await actions(keha).count()).toBe(0);
        await keha.getByRole('link', { name: 'Prosessin historia Temporal-käyttöliittymässä' }).waitFor();
        await tampere.goto(`/proposals/${id}`);
        await tampere.getByText('Tietoa ei löytynyt, tai se ei näy organisaatiollesi.').waitFor();
        await tampere.goto('/proposals');
        // Counted once the list has loaded (nothing is Tampere's to see), not on a page still rendering.
        await tampere.getByRole('heading', { level: 1, name: 'Sijoitusesitykset' }).waitFor();
        await tampere.getByText('Ei tuloksia.').waitFor();
        expect(await tampere.getByRole('link', { name: 'Uusi esitys' }).count()).toBe(0);
        await expectAccessible(tampere, 'the proposals list');
      },
    );
  });

  it('offers a retry after a network failure, and the retry decides only once', async () => {
    const evk = await as('evk-uusimaa.officer');
    await withScreenshots(
      'placement-network-retry',
      () => pages,
      async () => {
        const id = await createDraft(evk, { evidentServiceNeeds: false, lastName: 'Verkkokatko' });
        await evk.getByTestId('allowed-actions').getByRole('button', { name: 'Lähetä kuntaan' }).click();
        const form = evk.getByRole('form', { name: 'Lähetä kuntaan' });
        await pickOption(evk, 'Kunta', 'Vantaa');
        // The first attempt reaches the server, but its answer is lost on the way back.
        let keys: string[] = [];
        await evk.route('**/send', async (route) => {
          keys.push((await route.request().allHeaders())['idempotency-key']);
          const response = await route.fetch();
          if (keys.length === 1) return route.abort('connectionreset');
          return route.fulfill({ response });
        });
        await form.getByRole('button', { name: 'Lähetä kuntaan' }).click();
        await evk.getByText(/Yhteys palvelimeen katkesi/).waitFor();
        expect(await evk.getByLabel('Kunta', { exact: true }).inputValue()).toBe('Vantaa');
        await evk.getByRole('button', { name: 'Yritä uudelleen' }).click();
        await evk.getByTestId('notice').waitFor();
        expect(keys).toHaveLength(2);
        expect(keys[1]).toBe(keys[0]);
        const sent = (await suite.stack.call('keha.supervisor', 'GET', `/api/v1/placement-proposals/${id}`))
          .body;
        expect(sent.timeline.filter((e: { type: string }) => e.type === 'SENT')).toHaveLength(1);
        keys = [];
        await evk.unroute('**/send');
      },
    );
  });

  it('sends an officer whose session ended to log in, and back to the same page', async () => {
    const { context, page: evk } = await signedIn(suite.browser, suite.stack, 'evk-uusimaa.officer');
    pages.push(evk);
    await withScreenshots(
      'placement-session-expired',
      () => pages,
      async () => {
        await evk.goto('/proposals');
        await evk.getByRole('heading', { level: 1, name: 'Sijoitusesitykset' }).waitFor();
        await context.clearCookies();
        await evk.getByRole('link', { name: 'Uusi esitys' }).click();
        await evk.getByRole('heading', { level: 1, name: 'Uusi esitys' }).waitFor();
        await evk.getByRole('link', { name: 'Etusivu' }).click();
        await evk.waitForURL(/\/login\?returnTo=%2F.*expired=1/);
        await evk.getByText('Istuntosi on päättynyt. Kirjaudu uudelleen.').waitFor();
        await evk.getByLabel('Suodata käyttäjiä nimellä tai organisaatiolla').fill('evk-uusimaa');
        await evk.getByTestId('login-evk-uusimaa.officer').click();
        await evk.getByRole('heading', { level: 1, name: 'Etusivu' }).waitFor();
      },
    );
  });

  /** `<html lang>` once it has changed from `before`: the page sets it in an effect, after the texts. */
  const documentLanguage = (page: Page, before: string) =>
    settled(
      () => page.locator('html').getAttribute('lang'),
      (lang) => lang !== before,
    );

  it('switches the language, remembers it, and names things in it', async () => {
    const evk = await as('evk-uusimaa.officer');
    await withScreenshots(
      'placement-language',
      () => pages,
      async () => {
        await evk.goto('/proposals');
        await evk.getByRole('heading', { level: 1, name: 'Sijoitusesitykset' }).waitFor();
        await evk.getByRole('button', { name: /Kieli: Suomi/ }).click();
        await evk
          .getByRole('menuitem', { name: 'Svenska' })
          .or(evk.getByText('Svenska', { exact: true }))
          .first()
          .click();
        await evk.getByRole('heading', { level: 1, name: 'Placeringsförslag' }).waitFor();
        expect(await documentLanguage(evk, 'fi')).toBe('sv');
        await evk.reload();
        await evk.getByRole('heading', { level: 1, name: 'Placeringsförslag' }).waitFor();
        await evk.getByRole('link', { name: 'Nytt förslag' }).waitFor();
        await expectAccessible(evk, 'the proposals list in Swedish');
        await evk.getByRole('button', { name: /Språk: Svenska/ }).click();
        await evk
          .getByRole('menuitem', { name: 'English' })
          .or(evk.getByText('English', { exact: true }))
          .first()
          .click();
        await evk.getByRole('heading', { level: 1, name: 'Placement proposals' }).waitFor();
        expect(await documentLanguage(evk, 'sv')).toBe('en');
      },
    );
  });

  it('passes axe on the public pages: login and the accessibility statement', async () => {
    const context = await suite.browser.newContext({ baseURL: suite.stack.url });
    const page = await context.newPage();
    pages.push(page);
    await withScreenshots(
      'public-pages',
      () => pages,
      async () => {
        await page.goto('/proposals');
        await page.waitForURL(/\/login\?returnTo=%2Fproposals/);
        await page.getByRole('heading', { level: 1, name: 'Kirjaudu' }).waitFor();
        await expectAccessible(page, 'the login page');
        await page.getByRole('link', { name: 'Saavutettavuusseloste' }).click();
        await page.getByRole('heading', { level: 1, name: 'Saavutettavuusseloste' }).waitFor();
        await expectAccessible(page, 'the accessibility statement');
        // Signing in through the page returns to where the officer was going.
        await page.goto('/login?returnTo=%2Fproposals');
        await page.getByLabel('Suodata käyttäjiä nimellä tai organisaatiolla').fill('evk-uusimaa');
        await page.getByTestId('login-evk-uusimaa.officer').click();
        await page.getByRole('heading', { level: 1, name: 'Sijoitusesitykset' }).waitFor();
        await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
        await page.waitForURL(/\/login/);
        await page.goto('/proposals');
        await page.waitForURL(/\/login\?returnTo=/);
      },
    );
    await context.close();
  });
});
