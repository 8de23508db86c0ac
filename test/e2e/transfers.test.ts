import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clientBody } from '../support/clients';
import { expectAccessible, withScreenshots, browserSuite } from '../support/web';

/**
 * Data transfer in the officers' web application, in a real browser against the real stack: the
 * municipality's admin uploads a JSON file, reads the dry run's report with the refused record's
 * field, imports, and follows the progress to the end; in fi, sv and en.
 */
describe('data transfer in the web application', () => {
  const suite = browserSuite();
  const { pages, as } = suite;
  let dir = '';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'koto-transfer-'));
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const it_ = (name: string, body: () => Promise<void>) =>
    it(name, () => withScreenshots(name, () => pages, body));

  function file(name: string, records: unknown[], ndjson = false): string {
    const at = path.join(dir, name);
    fs.writeFileSync(
      at,
      ndjson ? records.map((r) => JSON.stringify(r)).join('\n') : JSON.stringify(records, null, 2),
    );
    return at;
  }

  it_('dry run first, the report with refusals, then the import with its progress (fi)', async () => {
    const records = [
      { sourceId: 'e2e-1', status: 'ACTIVE', ...clientBody() },
      { sourceId: 'e2e-2', status: 'ENDED', endedOn: '2025-06-30', ...clientBody() },
      { sourceId: 'e2e-3', status: 'ACTIVE', ...clientBody({ residenceRight: undefined }) },
    ];
    const upload = file('asiakkaat.json', records);
    const page = await as('kunta-091.admin');
    await page.goto('/');
    await page.getByRole('link', { name: 'Tiedonsiirto' }).first().click();
    await page.getByRole('heading', { name: 'Tiedonsiirto kunnan aiemmasta järjestelmästä' }).waitFor();
    await page.getByLabel('Lähdejärjestelmä').fill('Effica');
    await page.getByLabel('Tiedosto (JSON tai NDJSON)').setInputFiles(upload);
    await expectAccessible(page, 'the transfer form');
    await page.getByRole('button', { name: 'Tee koeajo' }).click();
    await page.getByRole('heading', { name: 'Koeajon raportti' }).waitFor();
    await page.getByTestId('transfer-status').filter({ hasText: 'Valmis.' }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('count-imported').textContent()).toBe('2');
    expect(await page.getByTestId('count-refused').textContent()).toBe('1');
    const refusals = page.getByTestId('transfer-refusals');
    expect(await refusals.textContent()).toContain('/residenceRight');
    expect(await refusals.textContent()).toContain('e2e-3');
    expect(await suite.stack.db.transferSource.count()).toBe(0);
    await expectAccessible(page, 'the dry run report');

    await page.getByRole('button', { name: 'Siirrä asiakkuudet' }).click();
    await page.getByRole('heading', { name: 'Raportti', exact: true }).waitFor();
    await page.getByTestId('transfer-status').filter({ hasText: 'Valmis.' }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('count-imported').textContent()).toBe('2');
    expect(await page.locator('#transfer-progress').getAttribute('value')).toBe('3');
    expect(await suite.stack.db.transferSource.count()).toBe(2);
  });

  it_('works in Swedish and English, NDJSON too, and the same file again changes nothing', async () => {
    const records = [{ sourceId: 'e2e-sv-1', status: 'ACTIVE', ...clientBody() }];
    const upload = file('klienter.ndjson', records, true);
    const sv = await as('kunta-091.admin', 'sv');
    await sv.goto('/admin/transfers');
    await sv.getByRole('heading', { name: 'Dataöverföring från kommunens tidigare system' }).waitFor();
    await sv.getByLabel('Källsystem').fill('Pro Consona');
    await sv.getByLabel('Fil (JSON eller NDJSON)').setInputFiles(upload);
    await sv.getByRole('button', { name: 'Överför klientskapen' }).click();
    await sv.getByTestId('transfer-status').filter({ hasText: 'Klar.' }).waitFor({ timeout: 60_000 });
    expect(await sv.getByTestId('count-imported').textContent()).toBe('1');

    const en = await as('kunta-091.admin', 'en');
    await en.goto('/admin/transfers');
    await en.getByRole('heading', { name: 'Data transfer from the municipality’s earlier system' }).waitFor();
    await en.getByLabel('Source system').fill('Pro Consona');
    await en.getByLabel('File (JSON or NDJSON)').setInputFiles(upload);
    await en.getByRole('button', { name: 'Transfer the cases' }).click();
    await en.getByTestId('transfer-status').filter({ hasText: 'Done.' }).waitFor({ timeout: 60_000 });
    expect(await en.getByTestId('count-unchanged').textContent()).toBe('1');
    expect(await en.getByTestId('count-imported').textContent()).toBe('0');
    await en.getByText('No refused records.').waitFor();
    await expectAccessible(en, 'the report in English');
  });
});
