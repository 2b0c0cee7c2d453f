import { embed, includeExclude } from './audience-sql';

describe(embed.name, () => {
  it('renumbers the placeholders after the params already bound', () => {
    const params: unknown[] = ['/1/%'];
    const sql = embed({ sql: 'SELECT c.id AS customer_id FROM customers c WHERE c.age > $1 AND c.city = $2', params: [30, '南京'] }, params);
    expect(sql).toBe('SELECT c.id AS customer_id FROM customers c WHERE c.age > $2 AND c.city = $3');
    expect(params).toEqual(['/1/%', 30, '南京']);
  });
});

describe(includeExclude.name, () => {
  it('unites the included audiences and takes the excluded ones away', () => {
    expect(includeExclude(['A', 'B'], ['C'])).toBe('(A) UNION (B) EXCEPT ((C))');
    expect(includeExclude(['A'], [])).toBe('(A)');
  });
});
