/**
 * Runs read well in the Temporal UI: a dev server of this file's own with the UI on, a
 * worker on it, a connect (and its first sync) and a time-off request through the real
 * client; then headless Chromium opens the UI's pages and checks what an operator sees:
 * static summaries and details, current details, search attributes, activity summaries
 * in the event history, and how a failed run reads. Screenshots go to test-results/ui/.
 *
 * Needs Debian's Chromium at /usr/bin/chromium (`apt-get install -y chromium`); without
 * it this test fails, it is never skipped.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { searchAttributeNames } from '../temporal.config';
import { connect } from '../src/client/connections';
import { waitForSync } from '../src/client/sync';
import { createTimeOffRequest } from '../src/client/timeoff';
import type { SyncSummary } from '../src/shared/sync';
import type { TimeOffRequestInput, TimeOffStatus } from '../src/shared/timeoff';
import { startSimulator, type RunningSimulator } from '../src/simulator';
import { startDevServer, type RunningDevServer } from '../src/temporal/dev-server';
import { SERVICE_USER } from './support/connector';
import { createTestDatabase, startTestWorker, testConfig, type TestDatabase, type TestWorker } from './support/harness';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** How long the UI may take to show a thing (it loads lazily, and CI machines are slow). */
const UI_TIMEOUT = 30_000;
const SCREENSHOTS = join(__dirname, '..', 'test-results', 'ui');
const PAGE_SIZE = 25;

let server: RunningDevServer | undefined;
let sim: RunningSimulator | undefined;
let database: TestDatabase | undefined;
let worker: TestWorker | undefined;
let browser: Browser | undefined;
let page: Page;

let connectionId: string;
let syncWorkflowId: string;
let sync: SyncSummary;
let timeOffInput: TimeOffRequestInput;
let timeOff: TimeOffStatus;
let failedWorkflowId: string;

before(
  async () => {
    // First, before starting anything: a missing browser is a setup error to fix, not a reason to skip.
    assert.ok(
      existsSync(CHROMIUM),
      `Chromium is not installed at ${CHROMIUM}; the Temporal UI test needs it. ` +
        'Install it with: apt-get update && apt-get install -y chromium',
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const stale of ['list', 'sync-history', 'sync-metadata', 'sync-search-attributes', 'timeoff-history', 'timeoff-metadata', 'timeoff-search-attributes', 'failed-history', 'failed-metadata']) {
      rmSync(join(SCREENSHOTS, `${stale}.png`), { force: true });
    }

    // This file's own dev server, with the UI: the shared one of the harness is headless.
    [server, sim, database] = await Promise.all([
      startDevServer({ ui: true }),
      startSimulator({
        employees: 120,
        seed: 7,
        serviceUsers: [{ id: SERVICE_USER.id, token: SERVICE_USER.token }],
        rateLimits: { peopleSearch: 1000 },
      }),
      createTestDatabase(),
    ]);
    assert.ok(server.uiUrl, 'the dev server was started with its UI');
    const config = await testConfig(database.url, {
      TEMPORAL_ADDRESS: server.address,
      HIBOB_BASE_URL: sim.baseUrl,
      SYNC_PAGE_SIZE: String(PAGE_SIZE),
      HIBOB_STALE_READ_WINDOW_MS: '1500',
    });
    worker = await startTestWorker(config);
    const ctx = { db: database.db, temporal: worker.client, config };
    const taskQueue = config.temporal.taskQueue;

    const connected = await connect(ctx, { serviceUserId: SERVICE_USER.id, token: SERVICE_USER.token, baseUrl: sim.baseUrl, name: 'Acme' });
    connectionId = connected.connection.id;
    syncWorkflowId = connected.sync.workflowId;
    sync = await waitForSync(connected.sync.handle);
    assert.equal(sync.status, 'succeeded');

    const employee = sim.company.employees.find((e) => e.lifecycleStatus === 'employed' && e.email)!;
    timeOffInput = {
      connectionId,
      employee: employee.email!,
      policyType: 'Holiday',
      startDate: '2027-07-01',
      endDate: '2027-07-03',
      description: 'Family trip',
      requestedBy: 'ravenna-ui-test',
      idempotencyKey: `ui-${randomUUID()}`,
    };
    timeOff = await createTimeOffRequest(worker.client, timeOffInput, { taskQueue, wait: true });
    assert.equal(timeOff.status, 'confirmed');

    // And one that fails, to see how a failure reads.
    const failing = { ...timeOffInput, policyType: 'Sabbatical', startDate: '2027-08-02', endDate: '2027-08-03', idempotencyKey: `ui-fail-${randomUUID()}` };
    failedWorkflowId = `hibob-timeoff/${failing.idempotencyKey}`;
    await assert.rejects(createTimeOffRequest(worker.client, failing, { taskQueue, wait: true }), { name: 'UnknownPolicyType' });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    page.setDefaultTimeout(UI_TIMEOUT);
    page.setDefaultNavigationTimeout(UI_TIMEOUT);
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close().catch(() => {});
  await worker?.stop();
  await database?.drop();
  await sim?.close();
  await server?.stop();
});

// ---------------------------------------------------------------- helpers

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `read` until its text contains every expected piece; fails with the last text seen. */
async function waitForText(what: string, read: () => Promise<string>, expected: (string | RegExp)[]): Promise<string> {
  const deadline = Date.now() + UI_TIMEOUT;
  let last = '';
  for (;;) {
    last = await read().catch(() => last);
    const missing = expected.filter((e) => (typeof e === 'string' ? !last.includes(e) : !e.test(last)));
    if (missing.length === 0) return last;
    if (Date.now() > deadline) {
      await screenshot(`failure-${what.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
      assert.fail(`${what}: not shown within ${UI_TIMEOUT / 1000} s: ${missing.map(String).join(', ')}\nLast text seen:\n${last.slice(0, 1500)}`);
    }
    await sleep(250);
  }
}

/** Everything the page renders as text (SVG labels of the timeline included). */
const pageText = () => page.locator('body').innerText({ timeout: 2000 });

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }).catch(() => {});
}

const workflowUrl = (workflowId: string) => `${server!.uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`;

/** Opens a run's page the way a link from elsewhere would (no run id): the UI lands on its history. */
async function openRun(workflowId: string): Promise<void> {
  await page.goto(workflowUrl(workflowId));
  await page.waitForURL(/\/history(\?|$)/);
  await waitForText(`heading of ${workflowId}`, () => page.getByTestId('workflow-id-heading').innerText({ timeout: 2000 }), [workflowId]);
}

async function openTab(testId: 'user-metadata-tab' | 'search-attributes-tab' | 'history-tab', path: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.waitForURL(new RegExp(`/${path}(\\?|$)`));
}

/**
 * The text of a User Metadata section (Summary, Details, Current Details). The UI renders
 * each as Markdown inside an iframe of its own, under an h3 with the section's name.
 */
async function metadataSection(heading: 'Summary' | 'Details' | 'Current Details', expected: (string | RegExp)[]): Promise<string> {
  const iframe = page
    .locator(
      `xpath=//h3[normalize-space()="${heading}"]/ancestor::div[contains(concat(" ", normalize-space(@class), " "), " surface-information ")][1]/following-sibling::*[1]//iframe`,
    )
    .first();
  return waitForText(`${heading} of ${page.url()}`, () => iframe.contentFrame().locator('body').innerText({ timeout: 2000 }), expected);
}

/** The Search Attributes tab shows them as JSON in a code viewer: `{ indexedFields: { Name: value } }`. */
async function shownSearchAttributes(expected: Record<string, string>): Promise<Record<string, unknown>> {
  const viewer = page.locator('xpath=//h3[normalize-space()="Search Attributes"]/following-sibling::*//div[contains(@class, "cm-content")]').first();
  let shown: Record<string, unknown> = {};
  await waitForText(
    `search attributes of ${page.url()}`,
    async () => {
      const text = await viewer.innerText({ timeout: 2000 });
      try {
        shown = (JSON.parse(text) as { indexedFields?: Record<string, unknown> }).indexedFields ?? {};
      } catch {
        // Still rendering.
      }
      return text;
    },
    Object.keys(expected).map((name) => `"${name}"`),
  );
  return shown;
}

// ---------------------------------------------------------------- tests

describe('the Temporal UI', { timeout: 60_000 }, () => {
  test('the workflow list shows the sync and the time-off runs', async () => {
    await page.goto(`${server!.uiUrl}/namespaces/default/workflows`);
    await waitForText('workflow list', pageText, [syncWorkflowId, timeOff.workflowId, failedWorkflowId, 'hibobSyncWorkflow', 'createTimeOffRequestWorkflow']);
    await screenshot('list');
  });

  test('sync run: activity summaries in the event history', async () => {
    await openRun(syncWorkflowId);
    const pages = Math.ceil(sync.employeesSeen / PAGE_SIZE);
    const lastFrom = (pages - 1) * PAGE_SIZE + 1;
    const text = await waitForText('sync event history', pageText, [
      'Completed',
      'Begin initial sync run',
      'Read groups: department',
      'List employee ids in HiBob',
      `Read employees 1-${PAGE_SIZE} of ${sync.employeesSeen}`,
      `Read employees ${lastFrom}-${sync.employeesSeen} of ${sync.employeesSeen}`,
      'Finish: mark employees and groups HiBob no longer lists as removed',
    ]);
    // The activity type stays visible next to its summary (timeline labels read "type • summary").
    assert.match(text, /syncEmployeePage\s*•\s*Read employees 1-25 of/);
    await screenshot('sync-history');
  });

  test('sync run: static summary and details, and the final current details', async () => {
    await openTab('user-metadata-tab', 'user-metadata');
    await metadataSection('Summary', ['Sync HiBob: Acme']);
    await metadataSection('Details', [`Connection ${connectionId}`, 'trigger initial', 'Query progress for live counts']);
    await metadataSection('Current Details', [
      `Done (succeeded): ${sync.employeesSeen} employees, ${sync.employeesChanged} changed, 0 removed; ${sync.groupsSeen} groups`,
    ]);
    await screenshot('sync-metadata');
  });

  test('sync run: search attributes HiBobConnectionId and HiBobSyncTrigger', async () => {
    await openTab('search-attributes-tab', 'search-attributes');
    const shown = await shownSearchAttributes({ [searchAttributeNames.connectionId]: connectionId, [searchAttributeNames.syncTrigger]: 'initial' });
    assert.equal(shown[searchAttributeNames.connectionId], connectionId);
    assert.equal(shown[searchAttributeNames.syncTrigger], 'initial');
    await screenshot('sync-search-attributes');
  });

  test('time-off run: activity summaries in the event history', async () => {
    await openRun(timeOff.workflowId);
    await waitForText('time-off event history', pageText, [
      'Completed',
      `Resolve employee ${timeOffInput.employee}`,
      'Check policy type "Holiday"',
      'Submit Holiday 2027-07-01 to 2027-07-03',
      `Read back HiBob request ${timeOff.hibobRequestId}`,
    ]);
    await screenshot('timeoff-history');
  });

  test('time-off run: static summary and details, and the final current details', async () => {
    await openTab('user-metadata-tab', 'user-metadata');
    await metadataSection('Summary', [`Time off: Holiday for ${timeOffInput.employee}, 2027-07-01 to 2027-07-03`]);
    await metadataSection('Details', [`Idempotency key ${timeOffInput.idempotencyKey}`, 'requested by ravenna-ui-test', `Connection ${connectionId}`]);
    await metadataSection('Current Details', [`HiBob request ${timeOff.hibobRequestId}: pending approval`]);
    await screenshot('timeoff-metadata');
  });

  test('time-off run: search attributes HiBobEmployeeId and TimeOffPolicyType', async () => {
    await openTab('search-attributes-tab', 'search-attributes');
    const shown = await shownSearchAttributes({ [searchAttributeNames.employeeId]: timeOff.employeeHibobId!, [searchAttributeNames.policyType]: 'Holiday' });
    assert.equal(shown[searchAttributeNames.employeeId], timeOff.employeeHibobId);
    assert.equal(shown[searchAttributeNames.policyType], 'Holiday');
    await screenshot('timeoff-search-attributes');
  });

  test('a failed time-off run reads as failed, with the reason in its history and current details', async () => {
    await openRun(failedWorkflowId);
    await waitForText('failed run history', pageText, ['Failed', 'Workflow Execution Failed', 'Unknown time-off policy type "Sabbatical"']);
    await screenshot('failed-history');
    await openTab('user-metadata-tab', 'user-metadata');
    await metadataSection('Summary', [`Time off: Sabbatical for ${timeOffInput.employee}, 2027-08-02 to 2027-08-03`]);
    await metadataSection('Current Details', [/Failed: Unknown time-off policy type .Sabbatical./, 'Available: Holiday']);
    await screenshot('failed-metadata');
  });
});
