import type { Browser, Page } from 'playwright-core';
import { startOidcStack, type OidcStack } from '../support/oidcStack';
import { expectAccessible, launchBrowser, withScreenshots } from '../support/web';

/**
 * Logging in and out of the web application through a real OpenID provider running locally
 * (oidc-provider), in a real browser: the officer never sees a token, only the pages.
 */
describe('OpenID Connect login in the web application', () => {
  let oidc: OidcStack;
  let browser: Browser;
  let page: Page | undefined;

  beforeAll(async () => {
    oidc = await startOidcStack();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await oidc?.stop();
  });

  it('signs in at the provider, returns to the page asked for, and signs out at the provider too', async () => {
    const context = await browser.newContext();
    page = await context.newPage();
    const p = page;
    await withScreenshots(
      'oidc-login',
      () => (page ? [page] : []),
      async () => {
        await p.goto(`${oidc.api}/proposals`);
        await p.waitForURL(/\/login\?returnTo=%2Fproposals/);
        await p.getByRole('heading', { level: 1, name: 'Kirjaudu' }).waitFor();
        await expectAccessible(p, 'the login page with OpenID Connect');
        await p.locator('section').getByRole('button', { name: 'Kirjaudu', exact: true }).click();

        // The provider's own pages: its login form, then its consent.
        await p.waitForURL(`${oidc.issuer}/**`);
        await p.locator('input[name="login"]').fill('evk-uusimaa.officer');
        await p.locator('input[name="password"]').fill('any');
        await p.locator('button[type="submit"], input[type="submit"]').first().click();
        // The consent page has the same kind of address as the login page (/interaction/…): wait for
        // the consent form itself, or for the page asked for if the provider asks for no consent.
        const consent = p.locator('form:has(input[name="prompt"][value="consent"])');
        const proposals = p.getByRole('heading', { level: 1, name: 'Sijoitusesitykset' });
        await consent.or(proposals).first().waitFor();
        if (await consent.count()) await consent.locator('button[type="submit"]').click();

        await p.waitForURL(`${oidc.api}/proposals`);
        await p.getByRole('heading', { level: 1, name: 'Sijoitusesitykset' }).waitFor();
        await p.getByTestId('signed-in-user').getByText('Uudenmaan elinvoimakeskus').waitFor();
        const cookies = await context.cookies(oidc.api);
        expect(cookies.find((c) => c.name === 'koto_session')).toMatchObject({
          httpOnly: true,
          sameSite: 'Strict',
        });
        expect(await p.evaluate('document.cookie')).toBe('');

        await p.getByRole('button', { name: 'Kirjaudu ulos' }).click();
        await p.waitForURL(`${oidc.issuer}/**`);
        // The provider confirms the sign-out, then sends the browser back to the login page.
        await p.locator('button[type="submit"], input[type="submit"], button[autofocus]').first().click();
        await p.waitForURL(`${oidc.api}/login**`);
        await p.getByRole('heading', { level: 1, name: 'Kirjaudu' }).waitFor();
        await p.goto(`${oidc.api}/proposals`);
        await p.waitForURL(/\/login\?returnTo=/);
      },
    );
    await context.close();
  });
});
