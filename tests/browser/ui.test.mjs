// End-to-end tests of the web UI: the real kb-server with the real kb/, in headless chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function page(options = {}) {
  const context = await browser.newContext(options);
  const p = await context.newPage();
  p.errors = [];
  p.on('pageerror', (e) => p.errors.push(String(e)));
  p.on('console', (m) => {
    if (m.type() === 'error') p.errors.push(m.text());
  });
  return p;
}

const errorPage = `HTTP Error 401.3 - Unauthorized
You do not have permission to view this directory or page because of the access control list (ACL) configuration or encryption settings for this resource on the Web server.
Module IIS Web Core
Notification AuthenticateRequest
Handler StaticFile
Error Code 0x80070005
Requested URL http://localhost:80/index.html
Physical Path C:\\inetpub\\wwwroot\\index.html
Logon Method Anonymous
Logon User Anonymous`;

test('pasting an error page and pressing Ctrl+Enter shows the right article first', async () => {
  const p = await page();
  await p.goto(server.url + '/');
  await p.fill('#q', errorPage);
  await p.press('#q', 'Control+Enter');
  await p.waitForURL(/\/search\?/);
  const first = p.locator('ol.results > li').first();
  assert.equal(await first.locator('h2 a').getAttribute('href'), '/articles/iis-401-3-acl-on-resource');
  const detected = await p.locator('.detected').innerText();
  assert.match(detected, /We read:/);
  assert.match(detected, /401\.3/);
  assert.match(detected, /0x80070005/);
  assert.match(await first.locator('.why').innerText(), /Matched: code .*401\.3.* known message/);
  assert.ok(await first.locator('.snippet mark').count() > 0, 'snippet highlights matched words');
  assert.deepEqual(p.errors, []);
});

test('an article shows rendered Markdown, code links, related articles and backlinks; links are followable', async () => {
  const p = await page();
  await p.goto(server.url + '/articles/iis-401-3-acl-on-resource');
  assert.match(await p.locator('h1').innerText(), /401\.3/);
  assert.equal(await p.locator('nav.breadcrumb a').nth(1).getAttribute('href'), '/categories/iis-401');
  assert.ok(await p.locator('article h2', { hasText: 'Fix' }).count() === 1);
  assert.ok(await p.locator('dl.meta a.badge[href="/codes/401.3"]').count() === 1);
  assert.ok(await p.locator('article pre button.copy').count() > 0, 'code blocks get a copy button');
  assert.ok(await p.locator('h2', { hasText: 'Linked from' }).count() === 1);
  const related = p.locator('h2:has-text("Related articles") + ul a').first();
  const href = await related.getAttribute('href');
  await related.click();
  await p.waitForURL(server.url + href);
  assert.notEqual(href, '/articles/iis-401-3-acl-on-resource');
  assert.ok((await p.locator('h1').innerText()).length > 0);
  assert.deepEqual(p.errors, []);
});

test('a code page accepts any typed form and shows the equivalents', async () => {
  const p = await page();
  await p.goto(server.url + '/codes/-2147024891');
  assert.equal(await p.locator('h1').innerText(), '0x80070005');
  const meta = await p.locator('dl.meta').innerText();
  assert.match(meta, /win32:5/);
  assert.match(meta, /ERROR_ACCESS_DENIED/);
  assert.ok(await p.locator('main ul li a[href^="/articles/"]').count() > 3);
  await p.goto(server.url + '/codes');
  for (const family of ['401.x', '403.x', '404.x', '5xx', 'HRESULT', 'Win32', 'NTSTATUS', 'Events', 'FTP']) {
    assert.equal(await p.locator(`h2[id="${family}"]`).count(), 1, `family ${family}`);
  }
});

test('a category facet narrows the results and is kept in a shareable URL', async () => {
  const p = await page();
  await p.goto(server.url + '/search?q=' + encodeURIComponent('access denied anonymous user'));
  const facet = p.locator('aside.facets a', { hasText: 'Identities' }).first();
  await facet.click();
  await p.waitForURL(/category=identity/);
  const cats = await p.locator('ol.results .cat').allInnerTexts();
  assert.ok(cats.length > 0);
  for (const c of cats) assert.match(c, /Identities/);
  assert.equal(await p.locator('aside.facets a[aria-current="true"]', { hasText: 'Identities' }).count(), 1);
});

test('pasted script and markup are shown as text and never run', async () => {
  const p = await page();
  const hostile = `<script>window.__xss=1</script>"><img src=x onerror="window.__xss=2"> 401.3`;
  await p.goto(server.url + '/search?q=' + encodeURIComponent(hostile));
  assert.equal(await p.evaluate(() => window.__xss), undefined);
  assert.equal(await p.locator("main img").count(), 0);
  assert.equal(await p.inputValue('#top-q'), hostile);
  const csp = (await p.request.get(server.url + '/')).headers()['content-security-policy'];
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
});

test('with JavaScript disabled the pages still work', async () => {
  const p = await page({ javaScriptEnabled: false });
  await p.goto(server.url + '/');
  await p.fill('#q', '0x80070005');
  await p.click('button[type=submit]');
  await p.waitForURL(/\/search\?q=0x80070005/);
  assert.ok(await p.locator('ol.results > li').count() > 0);
  await p.locator('ol.results > li h2 a').first().click();
  await p.waitForURL(/\/articles\//);
  assert.ok(await p.locator('article h2', { hasText: 'Diagnose' }).count() === 1);
});

test('the keyboard alone reaches the search box and the results', async () => {
  const p = await page();
  await p.goto(server.url + '/articles/iis-401-3-acl-on-resource');
  await p.keyboard.press('Tab');
  assert.equal(await p.evaluate(() => document.activeElement.className), 'skip');
  await p.locator('body').click({ position: { x: 1, y: 300 } });
  await p.keyboard.press('/');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'top-q');
  await p.keyboard.type('401.2');
  await p.keyboard.press('Enter');
  await p.waitForURL(/\/search\?q=401\.2/);
  assert.ok(await p.locator('ol.results > li').count() > 0);
});

test('an unknown page answers 404 and offers a search', async () => {
  const p = await page();
  const response = await p.goto(server.url + '/no/such/page');
  assert.equal(response.status(), 404);
  assert.equal(await p.locator('form[action="/search"] textarea').count(), 1);
});

test('pages are readable on a phone-sized screen', async () => {
  const p = await page({ viewport: { width: 375, height: 740 } });
  await p.goto(server.url + '/articles/iis-401-3-acl-on-resource');
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
});
