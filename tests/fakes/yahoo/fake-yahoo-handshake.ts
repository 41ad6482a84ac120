// The fake's side of yahoo-finance2's cookie/crumb handshake. Outside the EU, finance.yahoo.com/quote/AAPL sets the
// session cookie (A3, Domain=.yahoo.com) at once. With `consent` on, it first redirects to guce.yahoo.com as Yahoo
// does in the EU: /consent -> /v2/collectConsent (a form with hidden inputs) -> POST the form -> /copyConsent, which
// sets EuConsent and sends the client back to /quote/AAPL, which then sets A3. /v1/test/getcrumb answers the crumb
// to a client holding A3; everything else must carry both.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HandshakeState {
  readonly consent: boolean;
  cookieValue(): string;
  crumbValue(): string;
  countCrumb(): void;
}

const SESSION = '3_cc-session_fake-0001';
const CSRF = 'XjJfOYU';
const yahooCookie = (name: string, value: string, domain = '.yahoo.com'): string =>
  `${name}=${value}; Max-Age=31557600; Domain=${domain}; Path=/; Secure; HttpOnly; SameSite=None`;

export function hasSessionCookie(req: IncomingMessage, state: HandshakeState): boolean {
  return (req.headers.cookie ?? '').includes(`A3=${state.cookieValue()}`);
}

function redirect(res: ServerResponse, location: string, cookies: string[] = []): void {
  res.writeHead(302, { location, ...(cookies.length > 0 ? { 'set-cookie': cookies } : {}) });
  res.end();
}

function text(res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': status === 200 && body.startsWith('<') ? 'text/html' : 'text/plain', ...headers });
  res.end(body);
}

/** Answers a handshake request and returns true, or returns false for any other path. */
export function handshake(req: IncomingMessage, res: ServerResponse, url: URL, body: string, state: HandshakeState): boolean {
  const cookie = req.headers.cookie ?? '';
  switch (url.pathname) {
    case '/quote/AAPL':
      if (state.consent && !cookie.includes('EuConsent=')) {
        redirect(res, 'https://guce.yahoo.com/consent?brandType=eu&gcrumb=gfake&done=https%3A%2F%2Ffinance.yahoo.com%2Fquote%2FAAPL', [yahooCookie('GUCS', 'gucs-fake')]);
      } else {
        text(res, 200, '<html><body>AAPL</body></html>', { 'set-cookie': yahooCookie('A3', state.cookieValue()) });
      }
      return true;
    case '/consent':
      if (!cookie.includes('GUCS=')) text(res, 400, 'no GUCS cookie');
      else redirect(res, `https://consent.yahoo.com/v2/collectConsent?sessionId=${SESSION}`);
      return true;
    case '/v2/collectConsent':
      if (req.method !== 'POST') {
        text(res, 200, `<html><form method="post"><input type="hidden" name="csrfToken" value="${CSRF}"><input type="hidden" name="sessionId" value="${SESSION}"><button name="agree" value="agree">Accept all</button></form></html>`);
      } else {
        const form = new URLSearchParams(body);
        if (form.get('csrfToken') !== CSRF || form.get('sessionId') !== SESSION || form.get('agree') !== 'agree') text(res, 400, 'bad consent form');
        else redirect(res, `https://guce.yahoo.com/copyConsent?sessionId=${SESSION}&lang=en-GB`, [yahooCookie('CFC', 'cfc-fake', 'consent.yahoo.com')]);
      }
      return true;
    case '/copyConsent':
      redirect(res, 'https://finance.yahoo.com/quote/AAPL?guccounter=1', [yahooCookie('EuConsent', 'CPfake')]);
      return true;
    case '/v1/test/getcrumb':
      state.countCrumb();
      if (hasSessionCookie(req, state)) text(res, 200, state.crumbValue());
      else text(res, 403, 'Forbidden');
      return true;
    default:
      return false;
  }
}
