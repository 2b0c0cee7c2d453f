import { embed, includeExclude, reachedSubtrees } from './audience-sql';

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

describe(reachedSubtrees.name, () => {
  const province = { id: 2, path: '/1/2/' };
  const nanjing = { id: 3, path: '/1/2/3/' };
  const jiangning = { id: 5, path: '/1/2/3/5/' };
  const suzhou = { id: 4, path: '/1/2/4/' };

  it('reaches the whole scope when no branch is named or one lies at or above it', () => {
    expect(reachedSubtrees(province, [])).toEqual([province]);
    expect(reachedSubtrees(nanjing, [province])).toEqual([nanjing]);
    expect(reachedSubtrees(jiangning, [nanjing, suzhou])).toEqual([jiangning]);
  });

  it('reaches each participating branch inside the scope once, without those below another', () => {
    expect(reachedSubtrees(province, [jiangning, nanjing, suzhou, nanjing])).toEqual([nanjing, suzhou]);
  });

  it('reaches nothing when every branch lies outside the scope', () => {
    expect(reachedSubtrees(nanjing, [suzhou])).toEqual([]);
  });
});
