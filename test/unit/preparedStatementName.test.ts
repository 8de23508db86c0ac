import { preparedStatementName } from '../../platform/database';

describe('preparedStatementName', () => {
  it('names only statements marked /* prepared */, by their text', () => {
    const marked = '/* prepared */ SELECT $1::text';
    expect(preparedStatementName({ sql: 'SELECT $1::text' })).toBeUndefined();
    expect(preparedStatementName({ sql: ` ${marked}` })).toBeUndefined();
    expect(preparedStatementName({ sql: marked })).toMatch(/^koto_[0-9a-f]{24}$/);
    expect(preparedStatementName({ sql: marked })).toBe(preparedStatementName({ sql: marked }));
    expect(preparedStatementName({ sql: `${marked} ` })).not.toBe(preparedStatementName({ sql: marked }));
  });
});
