import { maskIdNumber, maskMobile, maskNumbersInText, normaliseMobile } from './personal-data';

describe(normaliseMobile.name, () => {
  it('reads the common Chinese notations of a mobile as its 11 digits', () => {
    for (const notation of [
      '13812345678',
      '+86 138 1234 5678',
      '+86-138-1234-5678',
      '0086 13812345678',
      '8613812345678',
      '(+86) 138-1234-5678',
      '（+86）138 1234 5678',
      '138\u30001234\u30005678',
      '１３８１２３４５６７８',
      '138—1234—5678',
    ]) {
      expect(normaliseMobile(notation)).toBe('13812345678');
    }
  });

  it('names no mobile for landlines, short, long or foreign numbers', () => {
    for (const bad of ['025-84561234', '1381234567', '138123456789', '+852 9123 4567', '12812345678', '138.1234.5678', 'abc', '']) {
      expect(normaliseMobile(bad)).toBeNull();
    }
  });
});

describe(maskMobile.name, () => {
  it('keeps the first 3 and last 4 digits, in any notation', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('+86 138 1234 5678')).toBe('+86 138 **** 5678');
    expect(maskMobile('138-1234-5678')).toBe('138-****-5678');
    expect(maskMobile('1234567')).toBe('*******');
    expect(maskMobile(null)).toBeNull();
  });
});

describe(maskIdNumber.name, () => {
  it('keeps the first 3 and last 4 characters, with or without spaces', () => {
    expect(maskIdNumber('320102198001011234')).toBe('320***********1234');
    expect(maskIdNumber('32010219800101123X')).toBe('320***********123X');
    expect(maskIdNumber('320102 19800101 1234')).toBe('320*** ******** 1234');
  });
});

describe(maskNumbersInText.name, () => {
  it('masks mobile and id numbers however they are written, and leaves dates, amounts and codes', () => {
    expect(maskNumbersInText('C1,320102198001011234,张三,13812345678,COUNTY_A1')).toBe('C1,320***********1234,张三,138****5678,COUNTY_A1');
    expect(maskNumbersInText('C1,320102 19800101 1234,+86 138 1234 5678')).toBe('C1,320*** ******** 1234,+86 138 **** 5678');
    expect(maskNumbersInText('mobile "138-1234-5678" is wrong; (0086)13812345678')).toBe('mobile "138-****-5678" is wrong; (0086)138****5678');
    expect(maskNumbersInText('3201021980010112 3X')).toBe('320***********12 3X');
    expect(maskNumbersInText('PN001,2026-01-01,2026-12-31,3200.50,C000000001')).toBe('PN001,2026-01-01,2026-12-31,3200.50,C000000001');
  });
});
