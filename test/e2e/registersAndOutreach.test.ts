import { registerRetry } from '../../platform/registers/config';
import { startRegisterSimulators, type RegisterSimulators } from '../../platform/registers/simulators';
import { simulatedData } from '../../platform/registers/testData';
import { clientBody, today } from '../support/clients';
import { expectStatus } from '../support/placement';
import { eventually, startStack } from '../support/stack';
import { expectAccessible, withScreenshots, chooseOption, browserSuite } from '../support/web';

/**
 * The registers and outreach in the officers' web application, in a real browser against the real
 * stack and the register simulators: the outreach list with outcomes, and the client page's
 * register data with its expiring-permit flag and the "refresh from VTJ" button, in fi, sv and en.
 */
describe('registers and outreach in the web application', () => {
  let sims: RegisterSimulators;
  const data = simulatedData(today());
  const person = (first: string) => data.population.find((p) => p.firstName === first)!;
  const suite = browserSuite(async () => {
    sims = await startRegisterSimulators({ data });
    return startStack({
      env: { ...sims.env, REGISTER_FIRST_RETRY_INTERVAL: '200ms', REGISTER_MAX_RETRY_INTERVAL: '1s' },
    });
  });
  const { pages, as } = suite;

  beforeAll(async () => {
    await suite.stack.client.workflow.execute('outreachSync', {
      taskQueue: suite.stack.taskQueue,
      workflowId: `outreach-e2e-${process.pid}`,
      args: [{ municipalityIds: ['kunta-091'], retry: registerRetry(suite.stack.config.registers) }],
    });
  });
  afterAll(async () => {
    await sims?.close();
  });

  const it_ = (name: string, body: () => Promise<void>) =>
    it(name, () => withScreenshots(name, () => pages, body));

  it_('lists the people to reach and records outcomes, with the server’s field errors', async () => {
    const page = await as('kunta-091.officer');
    await page.goto('/');
    await page.getByRole('link', { name: 'Tavoittaminen' }).first().click();
    await page.getByRole('heading', { name: 'Asiakkaiden tavoittaminen' }).waitFor();
    const list = page.getByTestId('outreach-list');
    await list.waitFor();
    expect(await list.locator('tbody tr').count()).toBe(4);
    const amina = person('Amina');
    const row = page.getByTestId(`outreach-${amina.personalIdentityCode}-SOCIAL_ASSISTANCE`);
    expect(await row.textContent()).toContain('Toimeentulotuki');
    await expectAccessible(page, 'the outreach list');

    await page.getByRole('button', { name: 'Kirjaa tulos: Amina Hassan' }).click();
    const form = page.getByRole('form', { name: 'Kirjaa tulos: Amina Hassan' });
    // REGISTERED without the case: the server names the field.
    await chooseOption(page, /Tulos/, 'Rekisteröity asiakkaaksi');
    await form.getByRole('button', { name: 'Tallenna tulos' }).click();
    await form.getByText('required with REGISTERED').first().waitFor();
    await chooseOption(page, /Tulos/, 'Ei tavoitettu');
    await form.getByLabel(/Muistiinpano/).fill('Ei vastannut, soitetaan uudelleen');
    await form.getByRole('button', { name: 'Tallenna tulos' }).click();
    await page.getByTestId('notice').filter({ hasText: 'Tulos tallennettu.' }).waitFor();
    await row.getByTestId('outreach-status').filter({ hasText: 'Ei tavoitettu' }).waitFor();
    expect(await row.getByTestId('outreach-status').textContent()).toContain('soitetaan uudelleen');
    await expectAccessible(page, 'the outreach list after an outcome');
  });

  it_('speaks Swedish and English too; other organisations have no outreach page', async () => {
    const sv = await as('kunta-091.officer', 'sv');
    await sv.goto('/outreach');
    await sv.getByRole('heading', { name: 'Uppsökande arbete' }).waitFor();
    await sv.getByText('Utkomststöd').first().waitFor();
    const en = await as('kunta-091.officer', 'en');
    await en.goto('/outreach');
    await en.getByRole('heading', { name: 'Outreach' }).waitFor();
    await en.getByText('Child home-care allowance').first().waitFor();
    await expectAccessible(en, 'the outreach list in English');
    const evk = await as('evk-uusimaa.officer', 'en');
    await evk.goto('/');
    await evk.getByRole('navigation').first().waitFor();
    expect(await evk.getByRole('link', { name: 'Outreach' }).count()).toBe(0);
  });

  it_(
    'shows the register data on the client page, flags an expiring permit, refreshes from VTJ',
    async () => {
      const ahmad = person('Ahmad');
      const reply = await suite.stack.call(
        'kunta-091.officer',
        'POST',
        '/api/v1/clients',
        clientBody(
          {},
          {
            firstName: 'Ahmad',
            lastName: 'R',
            birthDate: ahmad.birthDate,
            personalIdentityCode: ahmad.personalIdentityCode,
          },
        ),
      );
      expectStatus(reply, 201);
      const id = reply.body.id as string;
      await eventually(async () => {
        const r = await suite.stack.call('kunta-091.officer', 'GET', `/api/v1/clients/${id}/registers`);
        return r.body.vtj.status === 'FOUND' && r.body.uma.status === 'FOUND' ? true : undefined;
      });
      const page = await as('kunta-091.officer');
      await page.goto(`/clients/${id}`);
      await page.getByRole('heading', { name: 'Rekisteritiedot' }).waitFor();
      const vtj = page.getByTestId('register-vtj');
      await vtj.getByText('Ahmad Rahimi').waitFor();
      expect(await vtj.textContent()).toContain('Itäkatu 7 C 41, 00930 HELSINKI');
      expect(await page.getByTestId('register-uma').textContent()).toContain('Oleskelulupa (A)');
      await page.getByTestId('permit-expiring').waitFor();
      await expectAccessible(page, 'the client page with register data');
      await page.getByRole('button', { name: 'Päivitä tiedot VTJ:stä' }).click();
      await page.getByTestId('refresh-notice').waitFor();
      // Read again, at the officer's request.
      await eventually(async () => {
        const r = await suite.stack.call('kunta-091.officer', 'GET', `/api/v1/clients/${id}/registers`);
        return r.body.vtj.requestedBy ? true : undefined;
      });

      // The expiring permit waits in the inbox too.
      await page.goto('/');
      await page.getByText('Oleskelulupa päättymässä (UMA)').first().waitFor();

      const en = await as('kunta-091.officer', 'en');
      await en.goto(`/clients/${id}`);
      await en.getByRole('heading', { name: 'Register data' }).waitFor();
      await en.getByRole('button', { name: 'Refresh from VTJ' }).waitFor();
      const sv = await as('kunta-091.officer', 'sv');
      await sv.goto(`/clients/${id}`);
      await sv.getByRole('heading', { name: 'Registeruppgifter' }).waitFor();
      // KEHA's supervisor reads but does not refresh.
      const keha = await as('keha.supervisor');
      await keha.goto(`/clients/${id}`);
      await keha.getByRole('heading', { name: 'Rekisteritiedot' }).waitFor();
      expect(await keha.getByRole('button', { name: 'Päivitä tiedot VTJ:stä' }).count()).toBe(0);
    },
  );
});
