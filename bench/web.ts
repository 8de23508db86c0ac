/**
 * `npm run bench:web`: the built web application in headless Chromium on this machine. Prints the
 * gzipped JavaScript and CSS a first load fetches (signed in, on the front page) and the time from
 * navigation until the front page shows the inbox, median of 10 cold loads. Targets (issue): JS
 * ≤ 300 KB gzipped, inbox ≤ 1 s. No thresholds here: numbers to compare (bench/results.md).
 *
 * It runs the same real stack as the tests (Temporal dev server, PostgreSQL, worker, API serving
 * web/dist); `prebench:web` builds the web application first.
 */
import zlib from 'node:zlib';
import globalSetup from '../test/support/globalSetup';
import globalTeardown from '../test/support/globalTeardown';
import { startStack } from '../test/support/stack';
import { launchBrowser } from '../test/support/web';
import { recordResults } from './results';

const LOADS = Number(process.env.BENCH_WEB_LOADS || 10);
const USER = 'kunta-091.officer';

async function main() {
  await globalSetup();
  const stack = await startStack();
  const browser = await launchBrowser();
  try {
    // Something in the inbox: proposals sent to Helsinki.
    for (let i = 0; i < 5; i++) {
      const created = await stack.call('evk-uusimaa.officer', 'POST', '/api/v1/placement-proposals', {
        kind: 'QUOTA_REFUGEE',
        household: [
          { firstName: 'Bench', lastName: `Henkilö${i}`, birthDate: '1990-01-01', nationality: 'SYR' },
        ],
        evidentServiceNeeds: false,
      });
      await stack.call('evk-uusimaa.officer', 'POST', `/api/v1/placement-proposals/${created.body.id}/send`, {
        municipalityId: 'kunta-091',
      });
    }

    const times: number[] = [];
    let js = 0;
    let css = 0;
    let requests = 0;
    for (let load = 0; load < LOADS; load++) {
      const context = await browser.newContext({ baseURL: stack.url });
      await context.request.post('/auth/dev/login', { data: { userId: USER } });
      const page = await context.newPage();
      const bodies: Promise<void>[] = [];
      let jsBytes = 0;
      let cssBytes = 0;
      if (load === 0) {
        page.on('response', (response) => {
          const type = response.request().resourceType();
          if (type !== 'script' && type !== 'stylesheet') return;
          requests++;
          bodies.push(
            response.body().then((body) => {
              const gz = zlib.gzipSync(body, { level: 9 }).length;
              if (type === 'script') jsBytes += gz;
              else cssBytes += gz;
            }),
          );
        });
      }
      const started = performance.now();
      await page.goto('/');
      await page.getByTestId('inbox').waitFor({ state: 'visible' });
      times.push(performance.now() - started);
      if (load === 0) {
        await page.waitForLoadState('networkidle');
        await Promise.all(bodies);
        js = jsBytes;
        css = cssBytes;
      }
      await context.close();
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const figures: [string, string | number][] = [
      ['first-load JS KB gzip', (js / 1024).toFixed(1)],
      ['first-load CSS KB gzip', (css / 1024).toFixed(1)],
      ['first-load script and style requests', requests],
      ['inbox visible median ms', Math.round(median)],
      ['inbox visible max ms', Math.round(times[times.length - 1])],
    ];
    for (const [name, value] of figures) console.log(`${name.padEnd(40)} ${value}`);
    recordResults('bench:web', figures);
  } finally {
    await browser.close();
    await stack.stop();
    await globalTeardown();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
