/**
 * Reports as A4 PDF: headless Chromium (Debian's, via playwright-core; nothing downloaded) prints
 * the dashboard's print page of a report, with page numbers in the footer and table headers
 * repeated on every page. The page reads the report through a short-lived print token (a
 * capability URL, no session), so the schedule can print without a user.
 */
import { randomBytes } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_LAUNCH } from '../../lib/chromium.ts';

const TOKEN_TTL_MS = 120_000;

export interface PrintJob {
  heading: { title: string; number: string; issuer: string; date: string };
  content: unknown;
}

const FOOTER = `<div style="width:100%;font-size:9px;color:#444;text-align:center;font-family:'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif">
  第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</div>`;

/**
 * @example const pdf = createPdfRenderer(() => 'http://127.0.0.1:3000'); const bytes = await pdf.render(job);
 */
export function createPdfRenderer(baseUrl: () => string) {
  let browser: Promise<Browser> | null = null;
  const jobs = new Map<string, { job: PrintJob; expires: number }>();

  return {
    /** The job behind a print token, while it lasts (the print page's data). */
    job(token: string): PrintJob | null {
      const found = jobs.get(token);
      if (!found || found.expires < Date.now()) return null;
      return found.job;
    },

    /** Prints a report's print page to PDF bytes. */
    async render(job: PrintJob): Promise<Buffer> {
      const token = randomBytes(24).toString('hex');
      jobs.set(token, { job, expires: Date.now() + TOKEN_TTL_MS });
      browser ??= chromium.launch(CHROMIUM_LAUNCH).catch((err: Error) => {
        browser = null;
        throw new Error(`cannot start Chromium at ${CHROMIUM} to print the report (apt-get install -y chromium fonts-noto-cjk; xinyong start installs them when run as root): ${err.message}`);
      });
      const context = await (await browser).newContext();
      try {
        const page = await context.newPage();
        const res = await page.goto(`${baseUrl()}/print/${token}`, { waitUntil: 'load' });
        if (res?.status() === 404) {
          throw Object.assign(new Error('reports print the dashboard\'s print page, and this server has no dashboard mounted (run `npm run build`)'), { statusCode: 503 });
        }
        if (!res?.ok()) throw new Error(`the print page answered ${res?.status()}: ${(await res?.text())?.slice(0, 200)}`);
        await page.waitForSelector('[data-print-ready="true"]', { timeout: 30_000 });
        await page.emulateMedia({ media: 'print' });
        return await page.pdf({
          format: 'A4', printBackground: true, preferCSSPageSize: true,
          displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: FOOTER,
          margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
        });
      } finally {
        jobs.delete(token);
        await context.close();
      }
    },

    async close(): Promise<void> {
      const b = browser;
      browser = null;
      if (b) await (await b).close().catch(() => undefined);
    },
  };
}

export type PdfRenderer = ReturnType<typeof createPdfRenderer>;
