import { idNumberCheckCharacter, makeIdNumber, readIdNumber } from './id-number';

describe('id numbers (GB 11643)', () => {
  it('computes the check character of the standard examples', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(idNumberCheckCharacter('44052418800101001')).toBe('4');
  });

  it('puts the gender in the parity of the sequence and reads back what it wrote', () => {
    for (const sequence of [0, 1, 998, 999]) {
      for (const gender of ['M', 'F'] as const) {
        const idNumber = makeIdNumber('320115', '1985-07-09', sequence, gender);
        expect(idNumber).toMatch(/^32011519850709\d{3}[\dX]$/);
        expect(readIdNumber(idNumber)).toEqual({ gender, birthDate: '1985-07-09' });
      }
    }
  });

  it('refuses an id number whose check character is wrong', () => {
    expect(readIdNumber('110105194912310021')).toBeUndefined();
    expect(readIdNumber('11010519491231002X')).toEqual({ gender: 'F', birthDate: '1949-12-31' });
  });
});
