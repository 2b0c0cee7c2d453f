import { validate } from 'class-validator';
import { IsExactDecimal, IsYuan } from './number-fields';

class PricedByNumber {
  @IsYuan({ min: 0, max: 1000 })
  price: number;
}

class PricedByText {
  @IsYuan({ min: -1000, max: 1000 })
  amount: string;
}

class Weighted {
  @IsExactDecimal(2)
  weight: number;
}

async function accepts<T extends object>(type: new () => T, values: Partial<T>): Promise<boolean> {
  return (await validate(Object.assign(new type(), values))).length === 0;
}

describe('number-fields', () => {
  it('takes amounts of yuan with at most two decimals, in the JSON type the field declares', async () => {
    for (const price of [0, 12.5, 999.99, 1000]) await expect(accepts(PricedByNumber, { price })).resolves.toBe(true);
    await expect(accepts(PricedByText, { amount: '-50.00' })).resolves.toBe(true);
  });

  it('refuses exponents, binary fractions, more decimals, amounts out of range and the other JSON type', async () => {
    for (const price of [1e-9, 0.1 + 0.2, 1.234, 1000.01, -1, '5' as unknown as number]) {
      await expect(accepts(PricedByNumber, { price }).then((ok) => [price, ok])).resolves.toEqual([price, false]);
    }
    for (const amount of ['1e-9', '1.234', '1000.01', 5 as unknown as string]) {
      await expect(accepts(PricedByText, { amount }).then((ok) => [amount, ok])).resolves.toEqual([amount, false]);
    }
  });

  it('takes decimals as people write them and refuses those that need an exponent or more places', async () => {
    for (const weight of [0, 0.3, -12.25, 1000]) await expect(accepts(Weighted, { weight })).resolves.toBe(true);
    for (const weight of [1e-9, 0.1 + 0.2, 1.005, 1e21, Number.NaN]) {
      await expect(accepts(Weighted, { weight }).then((ok) => [weight, ok])).resolves.toEqual([weight, false]);
    }
  });
});
