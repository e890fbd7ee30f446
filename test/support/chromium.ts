import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Launches Debian's headless Chromium (installed on demand by ensure-chromium.sh). */
export async function launchChromium(): Promise<Browser> {
  execFileSync('bash', [resolve(__dirname, 'ensure-chromium.sh')], { stdio: 'inherit' });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
}
