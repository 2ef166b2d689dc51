import { describe, expect, it } from 'vitest';
import { cleanForwardedFor } from './forwarded.ts';

describe('cleanForwardedFor', () => {
  it('keeps IP addresses, nearest proxy last, in the form proxies send them', () => {
    expect(cleanForwardedFor('203.0.113.9')).toBe('203.0.113.9');
    expect(cleanForwardedFor('198.51.100.1,203.0.113.9')).toBe('198.51.100.1, 203.0.113.9');
    expect(cleanForwardedFor(' 2001:db8::1 , 203.0.113.9 ')).toBe('2001:db8::1, 203.0.113.9');
    // Some load balancers add the client's port.
    expect(cleanForwardedFor('203.0.113.9:51234')).toBe('203.0.113.9');
    expect(cleanForwardedFor('[2001:db8::1]:443')).toBe('2001:db8::1');
  });

  it('drops a value that is not an IP address, and everything the client wrote before it', () => {
    const hostile = ['not-an-ip', '=cmd|calc!A1', '<script>', '', ' , ', '127.1', '0x7f000001', '1.2.3.4.5', 'fe80::1%eth0', '[::1'];
    hostile.push('1.2.3.4:99999');
    for (const value of hostile) {
      expect(cleanForwardedFor(value), value).toBeUndefined();
    }
    expect(cleanForwardedFor('198.51.100.1, not-an-ip, 203.0.113.9')).toBe('203.0.113.9');
    expect(cleanForwardedFor('198.51.100.1, 203.0.113.9, =cmd|calc!A1')).toBeUndefined();
  });
});
