import { unstorableText } from '../../api/validation';

describe('text PostgreSQL cannot store as sent', () => {
  it('finds a NUL or a lone surrogate anywhere in a body, keys included, with its JSON pointer', () => {
    expect(unstorableText({ a: { b: ['ok', 'x\u0000'] } })).toEqual({
      pointer: '/a/b/1',
      detail: 'must not contain the NUL character (U+0000)',
    });
    expect(unstorableText({ 'a/b~': '\udc00' })?.pointer).toBe('/a~1b~0');
    expect(unstorableText({ ['k\ud800']: 1 })?.detail).toMatch(/lone UTF-16 surrogate/);
    expect(unstorableText('\ud83d')?.pointer).toBe('');
  });

  it('passes ordinary text, emoji (surrogate pairs) and non-text values', () => {
    expect(
      unstorableText({ name: 'Åsa Öberg 🙂', n: 1, ok: true, none: null, list: ['%00', '\\u0000'] }),
    ).toBe(undefined);
    expect(unstorableText(undefined)).toBe(undefined);
  });
});
