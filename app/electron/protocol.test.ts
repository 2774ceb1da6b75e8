// The app:// protocol handler with Node's own Request and Response: the
// built files with the security headers, and nothing outside them.

import { afterEach, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../host/static-files';
import { APP_JS, INDEX_HTML, SECRET, fakeUi } from '../host/testing/fake-ui';
import { APP_SCHEME_PRIVILEGES, APP_URL, createAppProtocolHandler, originOf } from './protocol';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

async function handler() {
  const ui = await fakeUi();
  cleanup.push(() => ui.remove());
  return createAppProtocolHandler(ui.root);
}

describe('app:// protocol', () => {
  it('serves index.html with the CSP and no caching', async () => {
    const handle = await handler();
    const response = await handle(new Request(APP_URL));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX_HTML);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy('ipc'));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const root = await handle(new Request('app://sigil/'));
    expect(await root.text()).toBe(INDEX_HTML);
  });

  it('serves assets by relative path', async () => {
    const handle = await handler();
    const response = await handle(new Request('app://sigil/assets/app.js'));
    expect(await response.text()).toBe(APP_JS);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    'app://sigil/%2e%2e/package.json',
    'app://sigil/..%2fsecret.txt',
    'app://sigil/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://sigil/escape.txt',
    'app://other/index.html',
    'app://sigil/missing.js',
  ])('answers 404 to %s', async (url) => {
    const handle = await handler();
    const response = await handle(new Request(url));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(SECRET);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy('ipc'));
  });

  it('refuses anything but GET and HEAD', async () => {
    const handle = await handler();
    const response = await handle(new Request(APP_URL, { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
  });

  it('registers the scheme as standard and secure, without bypassing the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });

  it('knows the origin of our URLs', () => {
    expect(originOf(APP_URL)).toBe('app://sigil');
    expect(originOf('app://sigil/')).toBe('app://sigil');
    expect(originOf('https://a.example:8443/x')).toBe('https://a.example:8443');
    expect(originOf('not a url')).toBeNull();
  });
});
