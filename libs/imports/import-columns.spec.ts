import { ImportKind, mapHeader } from './import-columns';

describe(mapHeader.name, () => {
  it('maps English and Chinese header names, in any order and case, to the columns', () => {
    const { columns, problems } = mapHeader(ImportKind.Customers, [' 客户号', 'NAME', '机构代码', 'mobile', '出生日期']);
    expect(problems).toEqual([]);
    expect(columns.map((c) => c.name)).toEqual(['customer_no', 'name', 'org_unit_code', 'mobile', 'birth_date']);
  });

  it('accepts every documented Chinese name of a policies file', () => {
    const header = ['保单号', '客户号', '产品代码', '保费', '起保日期', '终保日期', '保单状态', '销售渠道', '机构代码'];
    expect(mapHeader(ImportKind.Policies, header).problems).toEqual([]);
  });

  it('names unknown columns, repeated columns and missing required columns', () => {
    const { problems } = mapHeader(ImportKind.Claims, ['claim_no', '赔案号', 'policy_no', 'colour']);
    expect(problems).toEqual([
      'column claim_no appears more than once',
      'unknown column "colour" (position 4)',
      'required column claim_date (出险日期) is missing',
      'required column amount (赔款金额) is missing',
      'required column status (赔案状态) is missing',
    ]);
  });
});
