import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress, LOCAL_NAMES, mayDeliverTo } from './address-guard';

export interface HttpAttempt {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export class BlockedAddressError extends Error {}

/**
 * Resolves the host and refuses private and loopback addresses at connect time, so a name that
 * resolves to a public address at registration and to an internal one later (DNS rebinding) is
 * still refused.
 */
function guardedLookup(host: string, allowed: readonly string[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as LookupAddress[];
      const blocked = list.find((a) => !mayDeliverTo(host, a.address, allowed));
      if (blocked) return callback(new BlockedAddressError(`${host} resolves to ${blocked.address}, a private or loopback address`), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/**
 * Checks a URL's host before any connection or DNS query: Node never looks up a literal
 * address, and local-only names are refused whatever DNS says. Null when the host may be tried.
 */
export function blockedHost(url: URL, allowed: readonly string[]): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (allowed.includes(host)) return null;
  if (isIP(host)) return isPrivateAddress(host) ? `${host} is a private or loopback address` : null;
  if (LOCAL_NAMES.test(host)) return `${host} is a local name`;
  return null;
}

/** POSTs the signed body once; never follows redirects (a redirect could point inside). */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; allowedPrivateHosts: readonly string[] },
): Promise<HttpAttempt> {
  const started = Date.now();
  const target = new URL(url);
  const literal = blockedHost(target, options.allowedPrivateHosts);
  if (literal) return Promise.resolve({ statusCode: null, error: `Refused: ${literal}`, durationMs: 0 });
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Omit<HttpAttempt, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, durationMs: Date.now() - started });
    };
    const req = send(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'community-hub-webhooks/1', ...headers },
        lookup: guardedLookup(target.hostname, options.allowedPrivateHosts),
        timeout: options.timeoutMs,
      },
      (res) => {
        // Drain at most a little of the answer; only the status matters.
        res.resume();
        res.on('end', () => done({ statusCode: res.statusCode ?? null, error: null }));
        res.on('error', () => done({ statusCode: res.statusCode ?? null, error: null }));
      },
    );
    req.on('timeout', () => {
      req.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    });
    req.on('error', (error) => {
      const message = error instanceof BlockedAddressError ? `Refused: ${error.message}` : error.message;
      done({ statusCode: null, error: message.slice(0, 500) });
    });
    req.end(body);
  });
}
