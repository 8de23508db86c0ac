import type { Page } from 'playwright-core';
import { helsinkiDate } from '../../domain/time';
import { createProposal, evk, expectStatus } from '../support/placement';
import { expectAccessible, withScreenshots, browserSuite } from '../support/web';

/** A birth date `years` years and a few days before today in Helsinki. */
function bornYearsAgo(years: number): string {
  const [y, m, d] = helsinkiDate(new Date()).split('-').map(Number);
  const date = new Date(Date.UTC(y - years, m - 1, d));
  date.setUTCDate(date.getUTCDate() - 3);
  return date.toISOString().slice(0, 10);
}

/**
 * The owner edits its draft on its own page (fi, sv, en), the API's refusal shows at the field,
 * and the housing agreement with the welfare area is recorded and shown (§ 2(6)).
 */
describe('editing a draft and recording the housing agreement in the web application', () => {
  const suite = browserSuite();
  const { pages, as } = suite;

  const offered = async (page: Page) => {
    await page.getByTestId('allowed-actions').waitFor();
    return page.getByTestId('allowed-actions').getByRole('button').allTextContents();
  };

  it('the owner edits the household and notes; a minor flag against the birth date is refused at the field', async () => {
    const id = await createProposal(suite.stack, {
      household: [{ firstName: 'Amal', lastName: 'Luonnos', birthDate: '1990-05-01', nationality: 'SYR' }],
      notes: 'Alustava',
    });
    const page = await as('evk-uusimaa.officer');
    await withScreenshots(
      'placement-edit-draft',
      () => pages,
      async () => {
        await page.goto(`/proposals/${id}`);
        expect(await offered(page)).toEqual(['Lähetä kuntaan', 'Peru esitys', 'Muokkaa luonnosta']);
        await page.getByTestId('allowed-actions').getByRole('button', { name: 'Muokkaa luonnosta' }).click();
        await page.waitForURL(new RegExp(`/proposals/${id}/edit$`));
        const form = page.getByRole('form', { name: 'Muokkaa luonnosta' });
        expect(await form.getByLabel('Sukunimi').inputValue()).toBe('Luonnos');
        await expectAccessible(page, 'the edit form of a draft');

        await form.getByLabel('Sukunimi').fill('Muokattu');
        await form.getByText('Alaikäinen', { exact: true }).click();
        await form.getByRole('button', { name: 'Tallenna muutokset' }).click();
        // 422 at /household/0/minor: the message shows at the checkbox's person.
        await page
          .getByText(/not a minor/)
          .first()
          .waitFor();
        expect(page.url()).toMatch(/\/edit$/);

        await form.getByText('Alaikäinen', { exact: true }).click();
        await form.getByLabel(/^Lisätiedot/).fill('Tarkennettu esitys');
        await form.getByRole('button', { name: 'Tallenna muutokset' }).click();
        await page.waitForURL(new RegExp(`/proposals/${id}$`));
        await page.getByRole('cell', { name: 'Amal Muokattu' }).waitFor();
        await page.getByText('Tarkennettu esitys').waitFor();
        await page.getByText('Luonnosta muokattu').waitFor();
      },
    );
  });

  it.each([
    ['sv', 'Redigera utkastet', 'Spara ändringarna'],
    ['en', 'Edit the draft', 'Save the changes'],
  ] as const)('the edit page in %s', async (language, title, save) => {
    const id = await createProposal(suite.stack);
    const page = await as('evk-uusimaa.officer', language);
    await page.goto(`/proposals/${id}`);
    await page.getByTestId('allowed-actions').getByRole('button', { name: title }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.getByRole('button', { name: save }).waitFor();
  });

  it('records the housing agreement for a young person who came without a guardian, shown with the timeline', async () => {
    const id = await createProposal(suite.stack, {
      household: [
        {
          firstName: 'Nuori',
          lastName: 'Yksin',
          birthDate: bornYearsAgo(20),
          nationality: 'AFG',
          unaccompanied: true,
        },
      ],
    });
    const page = await as('evk-uusimaa.officer');
    await page.goto(`/proposals/${id}`);
    expect(await offered(page)).toContain('Kirjaa asumisjärjestelyistä sovittu');
    await page
      .getByTestId('allowed-actions')
      .getByRole('button', { name: 'Kirjaa asumisjärjestelyistä sovittu' })
      .click();
    const form = page.getByRole('form', { name: 'Kirjaa asumisjärjestelyistä sovittu' });
    const [y, m, d] = helsinkiDate(new Date()).split('-');
    await form.getByLabel('Sovittu päivänä').fill(`${Number(d)}.${Number(m)}.${y}`);
    await form.getByLabel(/^Mitä sovittiin/).fill('Tukiasunto sovittu hyvinvointialueen kanssa.');
    await expectAccessible(page, 'the housing agreement form');
    await form.getByRole('button', { name: 'Kirjaa asumisjärjestelyistä sovittu' }).click();
    await page.getByTestId('notice').waitFor();
    await page
      .getByTestId('housing-agreements')
      .getByText('Tukiasunto sovittu hyvinvointialueen kanssa.')
      .waitFor();
    await page.getByText('Asumisjärjestelyistä sovittu hyvinvointialueen kanssa').first().waitFor();
    const detail = await suite.stack.call(evk, 'GET', `/api/v1/placement-proposals/${id}`);
    expectStatus(detail, 200);
    expect(detail.body.housingAgreements).toHaveLength(1);
  });
});
