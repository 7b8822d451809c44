import { defineConfig, devices } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The repository root: the server runs from there so `target/site` resolves.
const repoRoot = path.resolve(__dirname, '..');

const port = Number(process.env.PARLEY_E2E_PORT ?? 3999);
const baseURL = `http://127.0.0.1:${port}`;

// The server binary. A relative PARLEY_BIN is taken relative to this directory (end2end/),
// so `PARLEY_BIN=../target/release/parley` works; an absolute path is used as is.
const serverBin = path.resolve(__dirname, process.env.PARLEY_BIN ?? '../target/debug/parley');

// A fresh data directory (SQLite file, demo credentials) per run. Playwright loads this file
// in the runner and again in each worker; the variable makes them all agree on one directory.
if (!process.env.PARLEY_E2E_DATA_DIR) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-'));
  process.env.PARLEY_E2E_DATA_DIR = dataDir;
  if (!process.env.PARLEY_E2E_KEEP_DATA) {
    process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  }
}
const dataDir = process.env.PARLEY_E2E_DATA_DIR;

const demoPassword = process.env.PARLEY_DEMO_PASSWORD ?? 'demo-password-e2e';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    locale: 'en-US',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        // Browsers cannot be downloaded here: drive Debian's Chromium.
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          headless: true,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `"${serverBin}" serve`,
    cwd: repoRoot,
    env: {
      PARLEY_BIND: `127.0.0.1:${port}`,
      PARLEY_DATA_DIR: dataDir,
      PARLEY_DEMO_PASSWORD: demoPassword,
      PARLEY_SITE_ROOT: 'target/site',
      // Many test sign-ins come from one address: keep the rate limit out of the way.
      PARLEY_LOGIN_MAX_FAILURES: '50',
    },
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    // Let the server close its database cleanly, then kill it if it lingers.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
