// harness.mjs: index a knowledge base, start the real kb-server on an ephemeral loopback port,
// and launch Debian's chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const buildDir = process.env.KB_BUILD_DIR || path.join(root, 'build');

export const bin = {
  indexer: process.env.KB_INDEXER || path.join(buildDir, 'indexer/kb-indexer'),
  server: process.env.KB_SERVER || path.join(buildDir, 'server/kb-server'),
};

// Builds the database of `kbDir` and starts kb-server on it. Resolves to {url, stop}.
export async function startServer(kbDir = process.env.KB_DIR || path.join(root, 'kb')) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kb-browser-'));
  execFileSync(bin.indexer, ['--kb', kbDir, '--db', dir], { stdio: 'pipe' });
  const child = spawn(bin.server, ['--db', dir, '--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('kb-server did not start: ' + out)), 15000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`kb-server exited with ${code}: ${out}`)));
  });
  return {
    url,
    stop() {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
}
