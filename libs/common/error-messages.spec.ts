import { ENTITY_NAMES, ERROR_MESSAGES, ErrorCode, languageOf, missingParams, renderError } from './error-messages';

/**
 * That every code thrown has an entry is the type's job: DomainError and FieldProblem
 * take only ErrorCode, the catalogue's keys, so the build fails on a code without one.
 * These tests hold the entries to both languages; a throw site that forgets a param
 * its texts name is logged by the filter (missingParams).
 */
describe('ERROR_MESSAGES', () => {
  const codes = Object.keys(ERROR_MESSAGES) as ErrorCode[];

  it('has a Chinese and an English text for every code, the Chinese one in Chinese', () => {
    const lacking = codes.filter((code) => {
      const { zh, en } = ERROR_MESSAGES[code];
      const onlyPlaceholders = zh.replace(/\{\w+\}/g, '').trim() === '';
      return !zh.trim() || !en.trim() || (!onlyPlaceholders && !/[\u4e00-\u9fff]/.test(zh));
    });
    expect(lacking).toEqual([]);
  });

  it('names every entity in both languages', () => {
    expect(Object.values(ENTITY_NAMES).filter(({ zh, en }) => !zh || !en)).toEqual([]);
  });
});

describe(renderError.name, () => {
  it('fills params, joins lists in the language\'s way and shows entity and role codes by their names', () => {
    expect(renderError('not_found', { entity: 'segment', id: 7 }, 'zh')).toBe('客户细分 7 不存在');
    expect(renderError('role_required', { roles: ['admin', 'analyst'] }, 'zh')).toBe('此操作需要以下角色之一：系统管理员、分析师');
    expect(renderError('role_required', { roles: ['admin', 'analyst'] }, 'en')).toBe('This needs one of the roles: Administrator, Analyst');
    expect(renderError('import_header_problem', { problem: { zh: '缺少列', en: 'a column is missing' } }, 'en')).toBe('a column is missing');
  });

  it('tells which params a text needs and was not given', () => {
    expect(missingParams('too_long', {})).toEqual(['max']);
    expect(missingParams('too_long', { max: 5 })).toEqual([]);
  });
});

describe(languageOf.name, () => {
  it.each([
    [undefined, 'zh'],
    ['', 'zh'],
    ['en', 'en'],
    ['en-GB', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['zh;q=0.5,en;q=0.7', 'en'],
    ['fr-FR,de;q=0.9', 'zh'],
    ['fr-FR,en;q=0.3', 'en'],
    ['*', 'zh'],
  ])('reads %p as %p', (header, language) => {
    expect(languageOf(header)).toBe(language);
  });
});
