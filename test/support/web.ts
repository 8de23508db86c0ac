import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { projectRoot } from '../../platform/projectRoot';
import { startStack, type Stack } from './stack';

/**
 * End-to-end tests drive the real web application in Debian's Chromium (never a downloaded
 * browser) against the real stack: API, PostgreSQL, Temporal. Nothing is mocked.
 */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      /* try the next name */
    }
  }
  throw new Error('no Chromium found: install Debian’s `chromium` package (apt-get install -y chromium)');
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** A browser context signed in as a seeded user through the development login (a real session cookie). */
export async function signedIn(
  browser: Browser,
  stack: Stack,
  userId: string,
  language: 'fi' | 'sv' | 'en' = 'fi',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: stack.url,
    locale: 'fi-FI',
    timezoneId: 'Europe/Helsinki',
  });
  await context.addInitScript(
    `if (!localStorage.getItem('koto.language')) localStorage.setItem('koto.language', ${JSON.stringify(language)});`,
  );
  const answer = await context.request.post('/auth/dev/login', { data: { userId } });
  if (!answer.ok())
    throw new Error(`dev login as ${userId} failed: ${answer.status()} ${await answer.text()}`);
  const page = await context.newPage();
  // E2E_CPU_THROTTLE=6 slows this page's CPU sixfold (DevTools throttling), as a loaded CI machine
  // does: a test that reads the page before it has settled then fails here too, not only on CI.
  const throttle = Number(process.env.E2E_CPU_THROTTLE ?? 0);
  if (throttle > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  }
  return { context, page };
}

/** One e2e file's stack and browser, and the signed-in pages it opened (screenshot on failure). */
export interface BrowserSuite {
  readonly stack: Stack;
  readonly browser: Browser;
  readonly pages: Page[];
  /** A new page signed in as a seeded user, in the given language. */
  as(userId: string, language?: 'fi' | 'sv' | 'en'): Promise<Page>;
}

/**
 * Starts the stack (`start`, the default stack unless given) and Chromium before the file's tests
 * and stops both after them. Call it in the `describe` body; use its members inside tests.
 */
export function browserSuite(start: () => Promise<Stack> = () => startStack()): BrowserSuite {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const pages: Page[] = [];
  beforeAll(async () => {
    stack = await start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} has not started: use it inside a test`);
    return value;
  };
  return {
    get stack() {
      return started(stack, 'stack');
    },
    get browser() {
      return started(browser, 'browser');
    },
    pages,
    async as(userId, language = 'fi') {
      const { page } = await signedIn(started(browser, 'browser'), started(stack, 'stack'), userId, language);
      pages.push(page);
      return page;
    },
  };
}

/**
 * Picks an option of a Suomi.fi Dropdown by the dropdown's label and the option's text, and waits
 * until its list has closed: the list is a floating layer, and a click made while it is still
 * closing (on a slow machine) can land on the layer instead of the next control.
 */
export async function chooseOption(
  page: Page,
  label: string | RegExp | Locator,
  option: string | RegExp,
  options: { exactLabel?: boolean; within?: Locator } = {},
): Promise<void> {
  const scope = options.within ?? page;
  const button =
    typeof label === 'string' || label instanceof RegExp
      ? scope.getByRole('button', { name: label, exact: options.exactLabel })
      : label;
  await button.click();
  await page
    .getByRole('option', typeof option === 'string' ? { name: option, exact: true } : { name: option })
    .click();
  await page.getByRole('listbox').waitFor({ state: 'detached' });
}

/**
 * Types into a Suomi.fi SingleSelect (searchable) and picks the matching option; waits until the
 * list has closed and the field shows the pick, so the next click goes where it is aimed.
 */
export async function pickOption(
  page: Page,
  label: string,
  option: string,
  options: { typed?: string; within?: Locator } = {},
): Promise<void> {
  const box = (options.within ?? page).getByLabel(label, { exact: true });
  await box.fill(options.typed ?? option);
  await page.getByRole('option', { name: option, exact: true }).click();
  await page.getByRole('listbox').waitFor({ state: 'detached' });
  const id = JSON.stringify((await box.getAttribute('id')) ?? '');
  await page.waitForFunction(`document.getElementById(${id})?.value === ${JSON.stringify(option)}`);
}

/**
 * The texts of a Suomi.fi Dropdown's options: opens its list with `button`, reads them, closes the
 * list (Escape) and waits until it has gone, so that neither the next click nor an axe check meets
 * the closing layer.
 */
export async function optionTexts(page: Page, button: Locator): Promise<string[]> {
  await button.click();
  await page.getByRole('option').first().waitFor();
  const texts = await page.getByRole('option').allTextContents();
  await page.keyboard.press('Escape');
  await page.getByRole('listbox').waitFor({ state: 'detached' });
  return texts;
}

/**
 * Reads the page again and again until `ready` holds of what `read` returns, and returns that
 * reading; at the deadline, returns the last reading, for the caller's `expect` to report. For a
 * one-shot read (`allTextContents`, `innerText`, `inputValue`...) of a page that may still be
 * updating: a filter's answer replacing the unfiltered list, a case reloaded after a decision, a
 * field the page fills in. `ready` says when the page has settled; the caller's `expect` then
 * checks the reading in full, so no assertion is weakened.
 */
export async function settled<T>(
  read: () => Promise<T>,
  ready: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ready(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The value of a field the page fills in by itself, in a render of its own (the date of birth from
 * a henkilötunnus, a household member's details), once `ready` holds of it: by default, once the
 * field is no longer empty.
 */
export function filledValue(
  field: Locator,
  ready: (value: string) => boolean = (value) => value !== '',
): Promise<string> {
  return settled(() => field.inputValue(), ready);
}

/** Zero serious or critical axe-core violations (WCAG 2.1 A and AA) on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const report = bad
      .map(
        (v) =>
          `${v.impact} ${v.id}: ${v.help}\n${v.nodes
            .map((n) => `  ${n.target.join(' ')}\n    ${n.html}\n    ${n.failureSummary ?? ''}`)
            .join('\n')}`,
      )
      .join('\n');
    throw new Error(`axe found serious or critical violations on ${what} (${page.url()}):\n${report}`);
  }
}

const artefacts = path.join(projectRoot(), 'test-artifacts');

/** Runs a test body; when it fails, keeps a screenshot of every open page under test-artifacts/. */
export async function withScreenshots(
  name: string,
  pages: () => Page[],
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (error) {
    fs.mkdirSync(artefacts, { recursive: true });
    const slug = name.replace(/[^\w-]+/g, '-').slice(0, 80);
    await Promise.all(
      pages().map((page, i) =>
        page.isClosed()
          ? undefined
          : page
              .screenshot({ path: path.join(artefacts, `${slug}-${i}.png`), fullPage: true })
              .catch(() => undefined),
      ),
    );
    throw error;
  }
}
