/**
 * The console at `/console/`: the movement's own app for people with a role (join by invite link,
 * record and approve cash, invite people, edit team pages). Its files are built from `console-src/` into `console/`
 * (not in git; published with the package) and served under a strict policy. Its screens are
 * addresses of one page (`/console/join` carries an invite code in its fragment), so any
 * `/console/<word>` answers the page. A clone that has not been built answers a short page
 * saying so, never an error. The console replaced the cash book: its old addresses (bookmarks,
 * printed QR codes) answer a redirect here, keeping the language asked for.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStaticHandler, type StaticHandler } from './serve.js';

/** Where the build writes the console (beside `src/` and `dist/`). */
export const CONSOLE_DIR = fileURLToPath(new URL('../../console/', import.meta.url));

/** Ours alone: nothing inline, nothing from elsewhere, never framed. */
export const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Console not built</title>
<h1>The console is not built yet</h1>
<p>This server runs from a copy without the console's build. Run <code>npm run build</code> in the rescuekit folder, then reload this page.</p>
</html>
`;

/** One word after `/console/`: a screen of the app, answered with its page. */
const SCREEN = /^\/console\/[a-z][a-z-]*$/;

/** The cash book's addresses, which the console took over. */
const CASH_BOOK = new Set(['/cash-book', '/cash-book/', '/cash-book/index.html']);

/**
 * Where an old cash book address goes: `/console/`, with its `lang` when it names a language (its
 * `campaign` is not needed: the key signed in with says which campaign).
 */
export function consoleAddressFor(query: string): string {
  const lang = new URLSearchParams(query).get('lang');
  return lang && /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i.test(lang) ? `/console/?lang=${lang}` : '/console/';
}

/** Serves `/console/…` from `dir`, or resolves false for every other path. */
export function createConsoleHandler(dir: string = CONSOLE_DIR): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const files: StaticHandler = createStaticHandler([{ prefix: '/console/', dir, headers: CONSOLE_HEADERS }]);
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    if (CASH_BOOK.has(path)) {
      const to = consoleAddressFor(q === -1 ? '' : url.slice(q + 1));
      res.writeHead(302, { ...CONSOLE_HEADERS, location: to, 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : `<!doctype html><html lang="en"><meta charset="utf-8"><title>Console</title><p>The cash book is now part of the console: <a href="${to}">${to}</a></p></html>\n`);
      return true;
    }
    if (path !== '/console' && !path.startsWith('/console/')) return false;
    if (!existsSync(join(dir, 'console.js'))) {
      res.writeHead(503, { ...CONSOLE_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : NOT_BUILT);
      return true;
    }
    if (SCREEN.test(path)) req.url = `/console/${q === -1 ? '' : url.slice(q)}`;
    return files(req, res);
  };
}
