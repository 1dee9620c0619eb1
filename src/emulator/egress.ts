// Where the emulator's bot may send requests (webhook deliveries, operation staging URLs): only
// where `serve` was told. A webhook URL or a staging URL is written by whoever registers a bot or
// applies a scenario; on a server reachable from a network (`serve --host 0.0.0.0`) an open
// destination would let them make the host call its own private services. So:
// - bound to loopback (the default), the bot may call loopback (any port) unless told otherwise;
// - bound to anything else, it calls nothing until `--allow-outgoing` names destinations;
// - never the emulator's own API (a bot calling its own message API would feed itself).
// Destinations are compared as written (host and port of the URL): a name is not resolved, so a
// name that resolves to loopback is not loopback unless listed.
import { networkInterfaces } from 'node:os';

/** `loopback`, or `HOST` (any port), or `HOST:PORT`; an IPv6 host in brackets: `[fd00::1]:8080`. */
type EgressRule = string;

export interface EgressPolicy {
  /** undefined when the bot may send a request to `url`; otherwise why not, for a person. */
  refusal(url: string): string | undefined;
}

export interface EgressOptions {
  /** The rules; undefined: `loopback` when `listenHost` is loopback, else none. */
  allow?: readonly EgressRule[] | undefined;
  listenHost: string;
  /** The emulator's own port (known once it listens). */
  ownPort: () => number;
}

const LOOPBACK_NAMES = new Set(['localhost', '::1', '0:0:0:0:0:0:0:1']);

function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return LOOPBACK_NAMES.has(bare) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

interface ParsedRule {
  host: string;
  port: number | undefined;
}

/** A rule as written on the command line, or a message saying what is wrong with it. */
function parseEgressRule(rule: string): ParsedRule | 'loopback' | string {
  if (rule === 'loopback') return 'loopback';
  const match = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+)(?::(\d{1,5}))?$/.exec(rule);
  const port = match?.[2] === undefined ? undefined : Number(match[2]);
  if (!match || (port !== undefined && (port < 1 || port > 65535)))
    return `--allow-outgoing "${rule}": expected loopback, HOST or HOST:PORT (an IPv6 host in brackets)`;
  return { host: (match[1] as string).replace(/^\[|\]$/g, '').toLowerCase(), port };
}

function defaultPort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** The addresses this machine answers on, for "never the emulator's own API" when bound to all. */
function ownAddresses(listenHost: string): Set<string> {
  const out = new Set<string>([listenHost.replace(/^\[|\]$/g, '').toLowerCase()]);
  const wildcard = listenHost === '0.0.0.0' || listenHost === '::' || listenHost === '';
  if (wildcard) {
    out.add('0.0.0.0');
    out.add('::');
    for (const list of Object.values(networkInterfaces()))
      for (const address of list ?? []) out.add(address.address.toLowerCase());
  }
  return out;
}

export function createEgressPolicy(options: EgressOptions): EgressPolicy {
  const rules = (options.allow ?? (isLoopbackHost(options.listenHost) ? ['loopback'] : [])).map(
    (rule) => {
      const parsed = parseEgressRule(rule);
      if (typeof parsed === 'string' && parsed !== 'loopback') throw new Error(parsed);
      return parsed as ParsedRule | 'loopback';
    },
  );
  const own = ownAddresses(options.listenHost);
  return {
    refusal(value) {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return 'it is not a URL';
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https';
      const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
      const port = defaultPort(url);
      if (port === options.ownPort() && (isLoopbackHost(host) || own.has(host)))
        return "it is the emulator's own API";
      const allowed = rules.some((rule) =>
        rule === 'loopback'
          ? isLoopbackHost(host)
          : rule.host === host && (rule.port === undefined || rule.port === port),
      );
      if (allowed) return undefined;
      return rules.length === 0
        ? `this emulator calls out nowhere (it listens on ${options.listenHost}); start it with --allow-outgoing ${url.host}`
        : `${url.host} is not allowed (allowed: ${(options.allow ?? ['loopback']).join(', ')}); start the emulator with --allow-outgoing ${url.host}`;
    },
  };
}
