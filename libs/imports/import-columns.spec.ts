import { ImportKind, mapHeader } from './import-columns';
import { IMPORT_MESSAGES, ImportLanguage } from './import-messages';

const english = IMPORT_MESSAGES[ImportLanguage.English];

describe(mapHeader.name, () => {
  it('maps English and Chinese header names, in any order and case, to the columns', () => {
    const { columns, problems } = mapHeader(ImportKind.Customers, [' 客户号', 'NAME', '机构代码', 'mobile', '出生日期'], english);
    expect(problems).toEqual([]);
    expect(columns.map((c) => c.name)).toEqual(['customer_no', 'name', 'org_unit_code', 'mobile', 'birth_date']);
  });

  it('accepts every documented Chinese name of a policies file', () => {
    const header = ['保单号', '客户号', '产品代码', '保费', '起保日期', '终保日期', '保单状态', '销售渠道', '机构代码'];
    expect(mapHeader(ImportKind.Policies, header, english).problems).toEqual([]);
  });

  it('names unknown columns, repeated columns and missing required columns', () => {
    const { problems } = mapHeader(ImportKind.Claims, ['claim_no', '赔案号', 'policy_no', 'colour'], english);
    expect(problems).toEqual([
      'column claim_no appears more than once',
      'unknown column "colour" (position 4)',
      'required column claim_date (出险日期) is missing',
      'required column amount (赔款金额) is missing',
      'required column status (赔案状态) is missing',
    ]);
  });

  it('names the same problems in Chinese for a Chinese report', () => {
    const { problems } = mapHeader(ImportKind.Claims, ['claim_no', '赔案号', 'policy_no', 'colour'], IMPORT_MESSAGES[ImportLanguage.Chinese]);
    expect(problems).toEqual([
      '列 赔案号（claim_no）出现了不止一次',
      '未知列“colour”（第 4 列）',
      '缺少必填列 出险日期（claim_date）',
      '缺少必填列 赔款金额（amount）',
      '缺少必填列 赔案状态（status）',
    ]);
  });
});
