// screenshots.mjs: writes docs/screenshots/{home,results,article,codes}-{light,dark}.png from the
// real kb/, served by the real kb-server. Run: node tests/browser/screenshots.mjs (after a build).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser } from './harness.mjs';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const pages = {
  home: '/',
  results: '/search?q=' + encodeURIComponent('HTTP Error 401.3 - Unauthorized\nYou do not have permission to view this directory or page because of the access control list (ACL) configuration or encryption settings for this resource on the Web server.\nError Code 0x80070005'),
  article: '/articles/iis-401-3-acl-on-resource',
  codes: '/codes/0x80070005',
};

const server = await startServer();
const browser = await launchBrowser();
try {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    for (const [name, url] of Object.entries(pages)) {
      await page.goto(server.url + url);
      await page.screenshot({ path: path.join(out, `${name}-${scheme}.png`) });
      console.log(`wrote docs/screenshots/${name}-${scheme}.png`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
