import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INPUT_MESSAGES,
  isCleanText,
  isoDate,
  isoDateOrDateTime,
  isoDateTime,
  issuerUrl,
  plainInt,
  printable,
  safeString,
  safeText,
  webUrl,
} from './input.ts';

type Parsed = { success: boolean; error?: { issues: { message: string }[] } };
const messages = (result: Parsed) => (result.success ? [] : result.error!.issues.map((i) => i.message));
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]+$/u;

describe('safeText', () => {
  it('refuses NUL and other control characters, lone surrogates and invisible-only text', () => {
    const text = safeText(50);
    for (const value of ['a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u0085b']) {
      expect(messages(text.safeParse(value))).toEqual([INPUT_MESSAGES.control]);
    }
    for (const value of ['a\ud800b', '\udc00', 'x\udbff']) expect(messages(text.safeParse(value))).toEqual([INPUT_MESSAGES.surrogate]);
    for (const value of ['\u200b\u200b', '\u2060\ufeff\u00ad', '\u3164', ' \u200d ']) {
      expect(messages(text.safeParse(value))).toEqual([INPUT_MESSAGES.invisible]);
    }
    expect(INPUT_MESSAGES.control).toBe('must not contain control characters (such as NUL)');
  });

  it('keeps ordinary text, emoji, tabs and new lines, trimmed', () => {
    expect(safeText(50).parse('  Bydel Grünerløkka 😀\n\tto linjer ')).toBe('Bydel Grünerløkka 😀\n\tto linjer');
    expect(safeText(50).parse('   ')).toBe('');
  });

  it('passes only clean text, whatever the input (property)', () => {
    const schema = safeText(100);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        const result = schema.safeParse(value);
        expect(result.success).toBe(isCleanText(value) && (value.trim() === '' || !INVISIBLE_ONLY.test(value.trim())));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('safeString', () => {
  it('keeps the string exactly as sent, spaces included, but refuses NUL and lone surrogates', () => {
    expect(safeString(50).parse('  pass word  ')).toBe('  pass word  ');
    expect(safeString(50).safeParse('pass\u0000word').success).toBe(false);
    expect(safeString(50).safeParse('pass\ud800word').success).toBe(false);
  });
});

describe('printable', () => {
  it('replaces control characters and lone surrogates and cuts at 100 characters', () => {
    expect(printable('a\u0000b\ud800c')).toBe('a\ufffdb\ufffdc');
    expect(printable('x'.repeat(300))).toHaveLength(100);
  });
});

describe('plainInt', () => {
  it('reads plain decimal digits and nothing else', () => {
    expect(plainInt(1, 100).parse('16')).toBe(16);
    expect(plainInt(1, 100).parse('007')).toBe(7);
    for (const value of ['0x10', '1e2', '1.5', '', ' 1', '1 ', '+1', 'Infinity', '99999999999999999999', '١٢']) {
      expect(messages(plainInt(1, 100).safeParse(value)), value).toEqual(['must be a whole number written in decimal digits, like 12']);
    }
    expect(messages(plainInt(1, 100).safeParse('-1'))).toEqual(['must be 1 or more']);
    expect(messages(plainInt(1, 100).safeParse('101'))).toEqual(['must be at most 100']);
  });
});

describe('dates', () => {
  it('refuses dates outside 1900–2999 and dates that do not exist', () => {
    expect(messages(isoDate().safeParse('0000-01-01'))).toEqual(['must be between 1900-01-01 and 2999-12-31']);
    expect(messages(isoDate().safeParse('9999-12-31'))).toEqual(['must be between 1900-01-01 and 2999-12-31']);
    expect(messages(isoDate().safeParse('2026-02-30'))).toEqual(['must be a date as YYYY-MM-DD']);
    expect(messages(isoDate().safeParse('10000-01-01'))).toEqual(['must be a date as YYYY-MM-DD']);
    expect(isoDate().parse('2026-02-28')).toBe('2026-02-28');
  });

  it('refuses offsets outside -12:00…+14:00 and instants past 2999', () => {
    expect(messages(isoDateTime().safeParse('9999-12-31T23:59:59+14:59'))).toEqual(['must have a UTC offset between -12:00 and +14:00']);
    expect(messages(isoDateTime().safeParse('2026-06-01T12:00:00-12:30'))).toEqual(['must have a UTC offset between -12:00 and +14:00']);
    expect(messages(isoDateTime().safeParse('2999-12-31T23:00:00-12:00'))).toEqual(['must be between 1900-01-01 and 2999-12-31']);
    expect(isoDateTime().parse('2026-06-01T12:00:00+14:00')).toBe('2026-06-01T12:00:00+14:00');
    expect(isoDateTime().parse('2026-06-01T12:00:00Z')).toBe('2026-06-01T12:00:00Z');
  });

  it('takes a date or a date-time where filters take either, with one message', () => {
    expect(isoDateOrDateTime().parse('2026-06-01')).toBe('2026-06-01');
    expect(isoDateOrDateTime().parse('2026-06-01T12:00:00Z')).toBe('2026-06-01T12:00:00Z');
    const oddOffset = isoDateOrDateTime().safeParse('9999-12-31T23:59:59-14:59');
    expect(messages(oddOffset)).toEqual(['must have a UTC offset between -12:00 and +14:00']);
    expect(messages(isoDateOrDateTime().safeParse('0000-01-01'))).toEqual(['must be between 1900-01-01 and 2999-12-31']);
  });
});

describe('URLs', () => {
  it('takes an https issuer (http only on this machine) without credentials, query or fragment', () => {
    expect(issuerUrl().parse('https://login.microsoftonline.com/tenant/v2.0')).toBe('https://login.microsoftonline.com/tenant/v2.0');
    expect(issuerUrl().parse('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    const refused = ['http://idp.example.no', 'ftp://idp.example.no', 'javascript://idp.example.no/%0aalert(1)'];
    for (const value of [...refused, 'https://u:p@idp.example.no', 'https://idp.example.no/?a=1', 'https://idp.example.no/#x']) {
      expect(issuerUrl().safeParse(value).success, value).toBe(false);
    }
  });

  it('takes only http and https web addresses for links', () => {
    expect(webUrl().parse('https://www.oslo.kommune.no/')).toBe('https://www.oslo.kommune.no/');
    for (const value of ['javascript:alert(1)', 'data:text/html,x', 'https://u:p@example.no']) {
      expect(webUrl().safeParse(value).success, value).toBe(false);
    }
  });
});
