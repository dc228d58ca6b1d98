/**
 * Debian's Chromium, as the report printer, the browser tests and the page benchmark launch it
 * (playwright-core; no browser is ever downloaded). `XINYONG_CHROMIUM` points elsewhere.
 */
export const CHROMIUM = process.env.XINYONG_CHROMIUM ?? '/usr/bin/chromium';

/** Launch options: headless, no sandbox (containers), no GPU, no background network. */
export const CHROMIUM_LAUNCH = {
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
};
