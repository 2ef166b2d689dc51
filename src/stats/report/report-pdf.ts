import { access, constants } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { AppError } from '../../platform/errors.ts';

/*
 * HTML → PDF through Chromium's print engine (docs/statistics.md, "The report"): the print CSS of
 * the report's HTML typesets it; `tagged` gives the PDF a structure tree (headings, tables, lists)
 * for screen readers, `outline` gives bookmarks from the headings. Text stays text. The page runs
 * with JavaScript off and every network request refused: the document is self-contained.
 */

const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'];

/** Throws a clear 503 when the Chromium the PDF needs is not installed. */
async function requireChromium(path: string): Promise<void> {
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new AppError('UNAVAILABLE', `The PDF needs Chromium at ${path} (set VEIVISER_CHROMIUM_PATH); the HTML report works without it`);
  }
}

export async function htmlToPdf(html: string, options: { chromiumPath: string; lang: 'nb' | 'en' }): Promise<Uint8Array> {
  await requireChromium(options.chromiumPath);
  const browser = await chromium.launch({ executablePath: options.chromiumPath, args: ARGS });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: options.lang === 'nb' ? 'nb-NO' : 'en-GB' });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const footer =
      '<div style="font-size:8pt;width:100%;text-align:center;color:#4b4a6b;font-family:Arial,sans-serif">' +
      '<span class="pageNumber"></span> / <span class="totalPages"></span></div>';
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      tagged: true,
      outline: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footer,
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
