import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { registerClient } from '../support/clients';
import { eventually, startStack } from '../support/stack';
import { expectAccessible, withScreenshots, browserSuite } from '../support/web';

/**
 * Webhooks in the officers' web application, in a real browser against the real stack and a real
 * receiver: a municipality's admin creates a webhook and sees its secret once, sees a delivery
 * fail into a dead letter, sends it again, and deletes the webhook; in Finnish, Swedish and English.
 */
describe('webhooks in the web application', () => {
  const suite = browserSuite(() =>
    startStack({
      env: {
        WEBHOOK_POLL_INTERVAL: '300ms',
        WEBHOOK_MAX_ATTEMPTS: '2',
        WEBHOOK_RETRY_INTERVAL: '200ms',
        WEBHOOK_MAX_RETRY_INTERVAL: '500ms',
        WEBHOOK_TIMEOUT: '2s',
      },
    }),
  );
  const { pages, as } = suite;
  let secret = '';
  let failing = true;
  const accepted: { type: string }[] = [];
  const refused: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = new Webhook(secret).verify(
          Buffer.concat(chunks).toString('utf8'),
          req.headers as Record<string, string>,
        ) as { type: string };
        if (failing) return void res.writeHead(503).end();
        accepted.push(body);
        res.writeHead(200).end();
      } catch (error) {
        refused.push(String(error));
        res.writeHead(401).end();
      }
    });
  });
  let receiverUrl = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/koto-events`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
  });

  it('lets an admin create a webhook, see the secret once, retry a dead letter and delete it', async () => {
    const admin = await as('kunta-091.admin');
    await withScreenshots(
      'webhooks',
      () => pages,
      async () => {
        await admin.goto('/');
        const nav = admin.getByRole('navigation', { name: 'Päävalikko' });
        await nav.getByRole('link', { name: 'Webhookit' }).click();
        await admin.getByRole('heading', { level: 1, name: 'Tapahtumat lisäosille (webhookit)' }).waitFor();
        await admin.getByText('Organisaatiolla ei ole webhookeja.').waitFor();

        // A bad address and type are named at their fields.
        await admin.getByLabel('Osoite (URL)').fill('ftp://example.com');
        await admin.getByLabel('Tapahtumatyypit').fill('client.*, huono');
        await admin.getByRole('button', { name: 'Luo webhook' }).click();
        await admin.getByRole('heading', { name: 'Tarkista seuraavat kohdat' }).waitFor();
        expect(await admin.locator('#field-url').getAttribute('aria-invalid')).toBe('true');
        expect(await admin.locator('#field-events').getAttribute('aria-invalid')).toBe('true');

        // An address inside the network (the cloud's metadata service) is refused at its field.
        await admin.getByLabel('Osoite (URL)').fill('https://169.254.169.254/latest/meta-data/');
        await admin.getByLabel('Tapahtumatyypit').fill('client.*');
        await admin.getByRole('button', { name: 'Luo webhook' }).click();
        const internal = admin.getByText(/^Osoite ei saa johtaa sisäverkkoon \(/);
        await internal.first().waitFor();
        expect(await internal.count()).toBe(2); // at the field and in the summary
        expect(await admin.locator('#field-url').getAttribute('aria-invalid')).toBe('true');
        await expectAccessible(admin, 'the webhooks page with a refused address');

        await admin.getByLabel('Osoite (URL)').fill(receiverUrl);
        await admin.getByLabel('Tapahtumatyypit').fill('client.*');
        await admin.getByRole('button', { name: 'Luo webhook' }).click();
        const shown = admin.getByTestId('webhook-secret');
        await shown.waitFor();
        secret = ((await shown.locator('code').textContent()) ?? '').trim();
        expect(secret).toMatch(/^whsec_/);
        await admin.getByRole('heading', { level: 3, name: `Webhook: ${receiverUrl}` }).waitFor();
        await expectAccessible(admin, 'the webhooks page with a new webhook');

        // The secret is not shown again.
        await admin.reload();
        await admin.getByRole('heading', { level: 3, name: `Webhook: ${receiverUrl}` }).waitFor();
        expect(await admin.getByTestId('webhook-secret').count()).toBe(0);
        expect(await admin.content()).not.toContain(secret);

        // A client registered while the add-on is down: its event becomes a dead letter.
        const clientId = await registerClient(suite.stack);
        await eventually(
          async () => {
            await admin.reload();
            await admin.getByRole('heading', { level: 3 }).first().waitFor();
            // A failed delivery is listed while it is still retried; the retry button comes with
            // the dead letter itself (its attempts used up), so reload until that is shown.
            return (await admin.getByRole('button', { name: 'Lähetä epäonnistuneet uudelleen' }).count())
              ? true
              : undefined;
          },
          30_000,
          'a dead letter on the page',
        );
        const deadLetters = admin.getByTestId('dead-letters');
        await deadLetters.getByRole('cell', { name: 'client.REGISTERED' }).waitFor();
        await deadLetters.getByText(clientId).waitFor();
        await deadLetters.getByRole('cell', { name: 'HTTP 503' }).waitFor();
        await expectAccessible(admin, 'the webhooks page with a dead letter');

        failing = false;
        await admin.getByRole('button', { name: 'Lähetä epäonnistuneet uudelleen' }).click();
        await admin.getByTestId('notice').getByText('1 tapahtumaa lähetetään uudelleen.').waitFor();
        await eventually(async () => (accepted.length ? true : undefined), 30_000, 'the retried delivery');
        expect(accepted.map((e) => e.type)).toEqual(['client.REGISTERED']);
        expect(refused).toEqual([]);
        await eventually(
          async () => {
            await admin.reload();
            const cells = admin.getByTestId('delivery-state').getByRole('cell');
            await cells.first().waitFor();
            return (await cells.first().textContent()) === '1' ? true : undefined;
          },
          15_000,
          'the delivery shown as delivered',
        );
        expect(await admin.getByTestId('dead-letters').count()).toBe(0);

        await admin.getByRole('button', { name: `Poista webhook ${receiverUrl}` }).click();
        await admin.getByRole('heading', { name: 'Poistetaanko webhook?' }).waitFor();
        await admin.getByRole('button', { name: 'Poista', exact: true }).click();
        await admin.getByTestId('notice').getByText(`Webhook ${receiverUrl} poistettu.`).waitFor();
        await admin.getByText('Organisaatiolla ei ole webhookeja.').waitFor();
      },
    );
  }, 120_000);

  it('is in Swedish and English too, and not offered to an officer', async () => {
    await withScreenshots(
      'webhooks-languages',
      () => pages,
      async () => {
        const swedish = await as('evk-uusimaa.admin', 'sv');
        await swedish.goto('/admin/webhooks');
        await swedish
          .getByRole('heading', { level: 1, name: 'Händelser för tilläggstjänster (webhookar)' })
          .waitFor();
        await swedish.getByRole('button', { name: 'Skapa webhook' }).waitFor();
        await expectAccessible(swedish, 'the webhooks page in Swedish');
        // A public address over plain http: refused at its field, in Swedish.
        await swedish.getByLabel('Adress (URL)').fill('http://8.8.8.8/hooks');
        await swedish.getByRole('button', { name: 'Skapa webhook' }).click();
        await swedish.getByRole('heading', { name: 'Kontrollera följande punkter' }).waitFor();
        expect(await swedish.getByText('Adressen måste börja med https://', { exact: true }).count()).toBe(2);
        expect(await swedish.locator('#field-url').getAttribute('aria-invalid')).toBe('true');

        const english = await as('keha.admin', 'en');
        await english.goto('/');
        await english.getByRole('link', { name: 'Webhooks', exact: true }).click();
        await english.getByRole('heading', { level: 1, name: 'Events for add-ons (webhooks)' }).waitFor();
        await english.getByText('The organisation has no webhooks.').waitFor();
        await english.getByLabel('Address (URL)').fill('https://169.254.169.254/latest/meta-data/');
        await english.getByRole('button', { name: 'Create webhook' }).click();
        await english.getByRole('heading', { name: 'Please check the following' }).waitFor();
        expect(
          await english
            .getByText('must not point to an internal address (loopback, private, link-local or reserved)', {
              exact: true,
            })
            .count(),
        ).toBe(2);
        expect(await english.locator('#field-url').getAttribute('aria-invalid')).toBe('true');
        expect(await english.getByText('The organisation has no webhooks.').count()).toBe(1);

        const officer = await as('kunta-091.officer');
        await officer.goto('/');
        const nav = officer.getByRole('navigation', { name: 'Päävalikko' });
        await nav.getByRole('link', { name: 'Etusivu' }).waitFor();
        expect(await nav.getByRole('link').allTextContents()).not.toContain('Webhookit');
        await officer.goto('/admin/webhooks');
        await officer.getByRole('alert').first().waitFor();
      },
    );
  }, 90_000);
});
