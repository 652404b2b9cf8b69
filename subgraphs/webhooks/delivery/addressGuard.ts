import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

// Addresses a webhook must never reach: loopback, private, link-local (cloud metadata at
// 169.254.169.254), carrier-grade NAT, "this network", multicast, reserved, and their IPv6 kin.
const BLOCKED = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Which addresses are let through besides public ones: `loopback` only in development and tests. */
export type AddressAllowance = 'public' | 'loopback';

/** Whether `address` (an IP literal) may receive a webhook. IPv4-mapped IPv6 addresses are judged as IPv4. */
export function isAllowedAddress(address: string, allowance: AddressAllowance = 'public'): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (isIP(ip) === 0) return false;
  if (allowance === 'loopback' && LOOPBACK.check(ip, family)) return true;
  return !BLOCKED.check(ip, family);
}

/** A refused address: the delivery fails without a request, and says why. */
export class BlockedAddressError extends Error {
  readonly code = 'WEBHOOK_ADDRESS_BLOCKED';
}

/**
 * A `lookup` for the sockets webhooks open: resolves the host and refuses the connection when
 * any address it resolves to is not allowed. It runs at connect time, so a name that resolved
 * to a public address when the endpoint was registered and to a private one now (DNS
 * rebinding) is refused then.
 */
export function guardedLookup(allowance: AddressAllowance): LookupFunction {
  return ((hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = addresses.find((a) => !isAllowedAddress(a.address, allowance));
      if (refused) return callback(new BlockedAddressError(`${hostname} resolves to ${refused.address}, which webhooks may not reach`), []);
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as LookupFunction;
}
